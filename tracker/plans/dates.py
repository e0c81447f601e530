"""Dates as councils type them into plans: 31/03/2025, 31.3.25, "March 2025", Excel serials.

Day first always (English plans); a month on its own means the last day of that month,
since a plan's "March 2025" is a deadline.
"""

from __future__ import annotations

import calendar
import re
from datetime import date, datetime, timedelta

# Excel's day 0 (its serials count as if 1900 were a leap year, so day 60 is unused).
EXCEL_EPOCH = date(1899, 12, 30)
# Serials in this range are 1982–2064: anything outside is a number, not a date.
SERIAL_RANGE = (30000, 60000)

MONTHS = {
    name.lower(): number
    for number in range(1, 13)
    for name in (calendar.month_name[number], calendar.month_abbr[number])
}
MONTHS["sept"] = 9

_NUMERIC = re.compile(r"^(\d{1,2})\s*[/.\-]\s*(\d{1,2})\s*[/.\-]\s*(\d{2}|\d{4})$")
_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T][\d:.]+)?$")
_WORDS = re.compile(r"^(?:(\d{1,2})(?:st|nd|rd|th)?\s+)?([A-Za-z]+)\.?,?\s+(\d{2}|\d{4})$")
_MONTH_YEAR = re.compile(r"^(\d{1,2})\s*[/.\-]\s*(\d{4})$")


class DateError(ValueError):
    """The text is not a date in any form councils use; the message says what was found."""


def _year(text: str) -> int:
    year = int(text)
    return 2000 + year if len(text) == 2 else year


def _make(year: int, month: int, day: int | None, original: str) -> date:
    if day is None:
        if not 1 <= month <= 12:
            raise DateError(f"'{original}' is not a date")
        day = calendar.monthrange(year, month)[1]
    try:
        return date(year, month, day)
    except ValueError as exc:
        raise DateError(f"'{original}' is not a date (no such day)") from exc


def parse_date(value) -> date | None:
    """A date from a cell value, or None for an empty cell; ``DateError`` otherwise."""
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, bool):
        raise DateError(f"'{value}' is not a date")
    if isinstance(value, int | float):
        return _from_serial(value, str(value))
    text = str(value).strip()
    if not text:
        return None
    if re.fullmatch(r"\d{5}(?:\.\d+)?", text):
        return _from_serial(float(text), text)
    if match := _NUMERIC.match(text):
        day, month, year = match.groups()
        return _make(_year(year), int(month), int(day), text)
    if match := _ISO.match(text):
        year, month, day = match.groups()
        return _make(int(year), int(month), int(day), text)
    if match := _MONTH_YEAR.match(text):
        month, year = match.groups()
        return _make(int(year), int(month), None, text)
    if match := _WORDS.match(text):
        day, month_name, year = match.groups()
        month = MONTHS.get(month_name.lower())
        if month is None:
            raise DateError(f"'{text}' is not a date (unknown month '{month_name}')")
        return _make(_year(year), month, int(day) if day else None, text)
    raise DateError(f"'{text}' is not a date; write it as 31/03/2025 or March 2025")


def _from_serial(number: float, original: str) -> date:
    if not SERIAL_RANGE[0] <= number <= SERIAL_RANGE[1]:
        raise DateError(f"'{original}' is a number, not a date")
    return EXCEL_EPOCH + timedelta(days=int(number))
