"""When a document's visit happened: what "earlier" and "later" mean everywhere."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from django.db.models.functions import Coalesce

from inspections.models import (
    Document,
)

# When a document's visit happened, best first: what "earlier" and "later" mean here.
VISIT_DATE_FIELDS = ("visit_start", "visit_end", "letter_date", "published_date")


def visit_date(document: Document) -> date | None:
    for name in VISIT_DATE_FIELDS:
        if when := getattr(document, name):
            return when
    return None


def visit_date_expression(document_path: str = "") -> Coalesce:
    """``visit_date`` in SQL, for the document at ``document_path`` (e.g. "document__")."""
    return Coalesce(*(f"{document_path}{name}" for name in VISIT_DATE_FIELDS))


def documents_in_date_order(documents: Iterable[Document]) -> list[Document]:
    """Dated documents first, oldest first; undated ones last, in import order."""
    return sorted(documents, key=lambda d: (visit_date(d) is None, visit_date(d) or date.min, d.pk))


def is_later(document: Document, than: Document) -> bool:
    return is_later_date(visit_date(document), visit_date(than))


def is_later_date(mine: date | None, theirs: date | None) -> bool:
    """``is_later`` of two visit dates: an undated document is neither earlier nor later."""
    return mine is not None and theirs is not None and mine > theirs
