"""Keep our status at every past visit, so that pages read it instead of the history.

Run it once a day shortly after midnight (for example from cron at 00:30): the
day that has just ended is then over, and its status can no longer change. Also
keeps anything imported since, and replaces rows kept under other RAG settings.
Safe to run at any time and as often as you like; pages are right without it,
only slower (they work out from the history whatever is not kept).
"""

from django.core.management.base import BaseCommand

from tracker.settled import settled_statuses_keep


class Command(BaseCommand):
    help = "Keep our status at each past visit day (run shortly after midnight)."

    def handle(self, *args, **options):
        written = settled_statuses_keep()
        self.stdout.write(f"Kept {written} status(es) at past visits.")
