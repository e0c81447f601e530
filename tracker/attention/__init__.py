""" "Needs your attention": what each person has waiting, per authority, on the dashboard."""
