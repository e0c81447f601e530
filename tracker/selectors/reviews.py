"""What a manager reviews: suggested follow-ups at later visits and recurring themes."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Prefetch

from inspections import selectors as inspection_selectors
from inspections.models import (
    Document,
    FollowUp,
    LocalAuthority,
    ReviewState,
    Theme,
    ThemeFinding,
)
from tracker import scope
from tracker.selectors.documents import authority_documents


def followup_for_user(*, user, pk: int) -> FollowUp:
    """One follow-up with what its review page shows; FollowUp.DoesNotExist outside scope."""
    followups = FollowUp.objects.select_related(
        "finding__document__authority", "document", "later_finding"
    ).prefetch_related(inspection_selectors.quotes_by_rank())
    return scope.visible(followups, user, via="finding__document__authority").get(pk=pk)


def theme_for_user(*, user, pk: int) -> Theme:
    """One theme with its findings; Theme.DoesNotExist outside the user's authorities."""
    themes = Theme.objects.select_related("authority").prefetch_related(
        Prefetch(
            "memberships",
            queryset=ThemeFinding.objects.select_related("finding__document").order_by(
                "finding__document__visit_start", "finding__order"
            ),
        )
    )
    return scope.visible(themes, user).get(pk=pk)


@dataclass(frozen=True)
class FollowUpReviews:
    documents: list[Document]  # the authority's, oldest first, to choose from
    document: Document | None  # the one chosen, if any
    followups: list[FollowUp]  # each with its quotes and their paragraphs


def followup_reviews(*, authority: LocalAuthority, document_id: str = "") -> FollowUpReviews:
    """Suggested follow-ups of an authority, or of one of its later documents;
    Document.DoesNotExist when ``document_id`` is not one of the authority's."""
    documents = authority_documents(authority=authority)
    document = None
    if document_id:
        document = next((d for d in documents if str(d.pk) == document_id), None)
        if document is None:
            raise Document.DoesNotExist(document_id)
    followups = list(
        inspection_selectors.followup_pending_list(authority=authority, document=document)
    )
    for followup in followups:
        followup.finding.document.authority = authority  # for references, without a query each
    return FollowUpReviews(documents, document, followups)


def theme_reviews(*, authority: LocalAuthority) -> list[Theme]:
    """An authority's suggested and confirmed themes, each with ``members`` (its findings
    not rejected), ``checked`` (their ids) and ``needs_review``: a confirmed theme comes
    up again when new findings are suggested for it."""
    themes = list(
        inspection_selectors.theme_list(
            authority=authority, states=[ReviewState.SUGGESTED, ReviewState.CONFIRMED]
        )
    )
    for theme in themes:
        theme.members = [m for m in theme.memberships.all() if m.state != ReviewState.REJECTED]
        theme.needs_review = theme.state == ReviewState.SUGGESTED or any(
            m.state == ReviewState.SUGGESTED for m in theme.members
        )
        theme.checked = {m.finding_id for m in theme.members}
    return themes
