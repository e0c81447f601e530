"""Reads for the inspections app, by subject: visit dates, follow-ups and themes, and the
across-visits matrix.

Every selector here runs a fixed number of queries whatever the number of
documents, findings or follow-ups, and returns plain structures that a page or
an Excel sheet renders without touching the database again. Every public name is
importable from here (``from inspections.selectors import status_matrix``).
"""

from inspections.selectors.dates import (
    VISIT_DATE_FIELDS,
    documents_in_date_order,
    is_later,
    is_later_date,
    visit_date,
    visit_date_expression,
)
from inspections.selectors.followups import (
    Cell,
    FindingHistory,
    FollowUpProposal,
    Quote,
    finding_followups,
    followup_pending_list,
    followup_proposals,
    quotes_by_followup,
    quotes_by_rank,
    theme_list,
)
from inspections.selectors.matrix import Row, RowGroup, StatusMatrix, status_matrix, with_quotes_of

__all__ = [
    "VISIT_DATE_FIELDS",
    "Cell",
    "FindingHistory",
    "FollowUpProposal",
    "Quote",
    "Row",
    "RowGroup",
    "StatusMatrix",
    "documents_in_date_order",
    "finding_followups",
    "followup_pending_list",
    "followup_proposals",
    "is_later",
    "is_later_date",
    "quotes_by_followup",
    "quotes_by_rank",
    "status_matrix",
    "theme_list",
    "visit_date",
    "visit_date_expression",
    "with_quotes_of",
]
