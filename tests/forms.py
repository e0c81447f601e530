"""What a browser posts for GOV.UK date inputs: a day, a month and a year box per date."""

import datetime


def date_input(**dates: datetime.date | str) -> dict[str, str]:
    """``date_input(deadline=date(2030, 1, 31))`` → the boxes ``deadline_day`` and so on.
    A string is an ISO date, or "" for boxes left blank."""
    posted = {}
    for name, value in dates.items():
        if isinstance(value, str):
            value = datetime.date.fromisoformat(value) if value else None
        posted.update(
            {
                f"{name}_day": str(value.day) if value else "",
                f"{name}_month": str(value.month) if value else "",
                f"{name}_year": str(value.year) if value else "",
            }
        )
    return posted
