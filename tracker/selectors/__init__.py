"""Every read of the tracker pages, by subject; each selector starts from what the user may see.

The joins and annotations a page needs live here, so a page's query count is
fixed by its selector and does not grow with the number of rows. Selectors
only read: nothing here saves a row. Authority scope comes from
``tracker.scope``. Every public name is importable from here
(``from tracker import selectors; selectors.action_list(...)``).
"""

from tracker.selectors.across_visits import (
    AcrossVisits,
    GapCount,
    VisitCell,
    VisitGroup,
    VisitRow,
    across_visits,
    self_assessment_gaps,
)
from tracker.selectors.actions import (
    ACTION_LONG_TEXTS,
    RAG_BY_RANK,
    ActionPage,
    Dashboard,
    action_detail,
    action_list,
    action_page,
    dashboard,
    evidence_for_download,
)
from tracker.selectors.audit import AuditEntry, audit_entries
from tracker.selectors.documents import (
    DocumentPage,
    authority_documents,
    document_choices,
    document_detail,
    document_list,
    document_paragraphs,
)
from tracker.selectors.findings import (
    FindingTimeline,
    TimelineEntry,
    finding_detail,
    finding_list,
    finding_queryset,
    finding_timeline,
    judgement_area_choices,
    pending_followup_count,
)
from tracker.selectors.history import (
    HISTORY_FIELDS,
    REMOVED_PERSON,
    REVIEW_EVENTS,
    HistoryEntry,
    action_history,
    version_changes,
)
from tracker.selectors.people import (
    FILTER_CHOICES_MAX_AUTHORITIES,
    assignable_owners,
    authority_for_user,
    authority_list,
    owner_choices,
    person_name,
)
from tracker.selectors.reviews import (
    FollowUpReviews,
    followup_for_user,
    followup_reviews,
    theme_for_user,
    theme_reviews,
)

__all__ = [
    "ACTION_LONG_TEXTS",
    "FILTER_CHOICES_MAX_AUTHORITIES",
    "HISTORY_FIELDS",
    "RAG_BY_RANK",
    "REMOVED_PERSON",
    "REVIEW_EVENTS",
    "AcrossVisits",
    "ActionPage",
    "AuditEntry",
    "Dashboard",
    "DocumentPage",
    "FindingTimeline",
    "FollowUpReviews",
    "GapCount",
    "HistoryEntry",
    "TimelineEntry",
    "VisitCell",
    "VisitGroup",
    "VisitRow",
    "across_visits",
    "action_detail",
    "action_history",
    "action_list",
    "action_page",
    "assignable_owners",
    "audit_entries",
    "authority_documents",
    "authority_for_user",
    "authority_list",
    "dashboard",
    "document_choices",
    "document_detail",
    "document_list",
    "document_paragraphs",
    "evidence_for_download",
    "finding_detail",
    "finding_list",
    "finding_queryset",
    "finding_timeline",
    "followup_for_user",
    "followup_reviews",
    "judgement_area_choices",
    "owner_choices",
    "pending_followup_count",
    "person_name",
    "self_assessment_gaps",
    "theme_for_user",
    "theme_reviews",
    "version_changes",
]
