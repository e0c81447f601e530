"""How pages, e-mails, logs and the board pack write dates and times: the GOV.UK style.

Plain functions, so that services and exports format as the templates do
(``tracker_tags`` registers the same functions as filters). No ``%-d``: only
glibc's ``strftime`` understands it.
"""

from __future__ import annotations

from datetime import date, datetime


def govuk_date(value: date | None) -> str:
    """1 March 2025 – the GOV.UK style for dates."""
    if not value:
        return ""
    return f"{value.day} {value:%B %Y}"


def govuk_month(value: date | None) -> str:
    """March 2025 – a month, as headings and "flagged in" notes give it."""
    if not value:
        return ""
    return f"{value:%B %Y}"


def govuk_time(value: datetime) -> str:
    """5:30pm, 10am, midday, midnight – the GOV.UK style for times."""
    if value.hour == 0 and value.minute == 0:
        return "midnight"
    if value.hour == 12 and value.minute == 0:
        return "midday"
    hour = value.hour % 12 or 12
    minutes = f":{value.minute:02d}" if value.minute else ""
    return f"{hour}{minutes}{'am' if value.hour < 12 else 'pm'}"


def govuk_datetime(value: datetime | None) -> str:
    """3 June 2024 at 5:30pm (in the time zone of ``value``)."""
    if not value:
        return ""
    return f"{govuk_date(value)} at {govuk_time(value)}"


ELLIPSIS = "…"


def shorten(text: object, length: int = 90) -> str:
    """Text cut to at most ``length`` characters at a word boundary, with "…" if cut.

    The one rule for cut text on pages, history notes and exports. A single word longer
    than half the length is cut inside, so the text still says something."""
    text = " ".join(str(text or "").split())
    if len(text) <= length:
        return text
    cut = text[: length - 1]
    if text[len(cut)] != " ":  # the cut falls inside a word: end at the word before
        space = cut.rfind(" ")
        if space > length // 2:
            cut = cut[:space]
    return cut.rstrip(" ,;:–-") + ELLIPSIS


# django-simple-history keeps a change's reason in a column of 100 characters.
HISTORY_REASON_LENGTH = 100


def history_reason(text: str) -> str:
    """A change's reason as the history keeps it: cut to fit, at a word, with "…"."""
    return shorten(text, HISTORY_REASON_LENGTH)
