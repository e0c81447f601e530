"""The Children's Social Care National Framework references that follow report items.

Since about 2024 each improvement item may end with "(outcome 4, national
framework)" or "(enabler 2, national framework)". The reference is kept apart
from the item: as printed, and as (kind, number) whose title comes from the
statutory guidance "Children's social care: national framework" (December 2023).
"""

from __future__ import annotations

import re

OUTCOMES = {
    1: "Children, young people and families stay together and get the help they need",
    2: "Children and young people are supported by their family network",
    3: "Children and young people are safe in and outside of their homes",
    4: "Children in care and care leavers have stable, loving homes",
}
ENABLERS = {
    1: "Multi-agency working is prioritised and effective",
    2: "Leaders drive conditions for effective practice",
    3: "The workforce is equipped and effective",
}
TITLES = {"outcome": OUTCOMES, "enabler": ENABLERS}

# The reference as printed at the end of an item, with or without its brackets' full stop.
REFERENCE_RE = re.compile(r"\s*(\([^()]{0,120}?national\s+framework\s*\))\s*\.?\s*$", re.I)
_PART_RE = re.compile(r"\b(outcome|enabler)s?\s+(\d)\b", re.I)


def parts(printed: str | None) -> tuple[str, int] | None:
    """('outcome', 4) from '(outcome 4, national framework)'; None when unreadable."""
    if not printed:
        return None
    match = _PART_RE.search(printed)
    if match is None:
        return None
    kind, number = match.group(1).lower(), int(match.group(2))
    return (kind, number) if number in TITLES[kind] else None


def title(kind: str | None, number: int | None) -> str:
    """The guidance's title for an outcome or enabler; '' when there is none."""
    return TITLES.get(kind or "", {}).get(number or 0, "")
