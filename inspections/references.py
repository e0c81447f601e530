"""The reference label of a document: the one rule the importer, fixtures and generated data use.

Plain Python: findings are referred to as ``SG-2018b-03``, where ``2018b`` is the
document's label, fixed at import and never changed afterwards.
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import date
from string import ascii_lowercase

SUFFIXES = ("", *ascii_lowercase[1:])  # 2018, 2018b, 2018c…


def label_date(document) -> date | None:
    """The date a label's year comes from: the visit's end, else its start, the letter's
    date or the publication date (of a parsed report or a stored document alike)."""
    return (
        document.visit_end
        or document.visit_start
        or document.letter_date
        or document.published_date
    )


def reference_label(when: date | None, taken: Collection[str]) -> str:
    """The year of ``when``, with b, c… when ``taken`` (the authority's labels) has it already;
    empty for a document with no date."""
    if when is None:
        return ""
    year = str(when.year)
    return next(year + suffix for suffix in SUFFIXES if year + suffix not in taken)
