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

# The reference as printed at the end of an item, in round or square brackets, with or
# without a full stop after (or inside) them.
REFERENCE_RE = re.compile(
    r"\s*(\([^()]{0,120}?national\s+framework\s*\)|\[[^\[\]]{0,120}?national\s+framework\s*\])"
    r"\s*\.?\s*$",
    re.I,
)
_NUMBERS = {"one": 1, "two": 2, "three": 3, "four": 4} | {str(n): n for n in range(10)}
# "outcome 4", "Outcome four", "Enabler Two": the number as a figure or a word.
_PART_RE = re.compile(r"\b(outcome|enabler)s?\s+(\d|one|two|three|four)\b", re.I)


def parts(printed: str | None) -> tuple[str, int] | None:
    """('outcome', 4) from '(outcome 4, national framework)' or '(Outcome four, …)', and
    ('enabler', 3) from '(enabler: the workforce is equipped and effective, …)', which
    names it by its title; None when unreadable."""
    if not printed:
        return None
    match = _PART_RE.search(printed)
    if match is not None:
        kind, number = match.group(1).lower(), _NUMBERS.get(match.group(2).lower(), 0)
        return (kind, number) if number in TITLES[kind] else None
    words = " ".join(re.findall(r"[a-z]+", printed.lower()))
    for kind, titles in TITLES.items():
        for number, title in titles.items():
            if " ".join(re.findall(r"[a-z]+", title.lower())) in words:
                return kind, number
    return None


def title(kind: str | None, number: int | None) -> str:
    """The guidance's title for an outcome or enabler; '' when there is none."""
    return TITLES.get(kind or "", {}).get(number or 0, "")
