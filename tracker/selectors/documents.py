"""Inspection documents: the list, one document's page, and filters' choices of them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import Count, IntegerField, OuterRef, Prefetch, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce

from inspections.models import (
    Document,
    Finding,
    FindingState,
    FollowUp,
    Judgement,
    LocalAuthority,
    Paragraph,
)
from inspections.models import ReviewState as InspectionReview
from inspections.selectors import documents_in_date_order
from tracker import deadlines, scope
from tracker.models import Action
from tracker.selectors.people import few_authorities


def document_list(*, user) -> QuerySet[Document]:
    # The extracted text is tens of kilobytes a document and no page shows it.
    documents = (
        Document.objects.select_related("authority")
        .defer("text")
        .order_by("authority__name", "-visit_start", "-pk")
    )
    return scope.visible(documents, user)


def document_choices(*, user, authority_id: int | None = None) -> QuerySet[Document]:
    """Documents to offer in a filter: the chosen authority's, or all the user's if few."""
    documents = document_list(user=user).only("authority", "kind", "visit_start", "authority__name")
    if authority_id is not None:
        return documents.filter(authority_id=authority_id)
    return documents.filter(few_authorities(user))


@dataclass(frozen=True)
class DocumentPage:
    document: Document
    judgements: list[Judgement]
    findings: list[Finding]
    plan: deadlines.PlanDeadlines


def document_detail(*, user, pk: int, today: date | None = None) -> DocumentPage:
    pending = (
        FollowUp.objects.filter(document=OuterRef("pk"), state=InspectionReview.SUGGESTED)
        .order_by()
        .values("document")
        .annotate(n=Count("pk"))
        .values("n")
    )
    document = (
        document_list(user=user)
        # Suggested follow-ups that this document's paragraphs gave, for a review link.
        .annotate(
            pending_followups=Coalesce(Subquery(pending, output_field=IntegerField()), Value(0))
        )
        .prefetch_related(
            "judgements",
            Prefetch(
                "findings",
                queryset=Finding.objects.exclude(state=FindingState.REJECTED)
                .order_by("order")
                .prefetch_related(
                    Prefetch(
                        "actions",
                        queryset=Action.objects.with_rag(today)
                        .select_related("owner")
                        .order_by("deadline", "pk"),
                    )
                ),
            ),
        )
        .get(pk=pk)
    )
    findings = list(document.findings.all())
    plan = deadlines.action_plan_deadlines(
        document, has_priority_actions=deadlines.has_priority_actions(findings)
    )
    return DocumentPage(document, list(document.judgements.all()), findings, plan)


def document_paragraphs(*, document_id: int) -> list[Paragraph]:
    return list(Paragraph.objects.filter(document_id=document_id).order_by("order"))


def authority_documents(*, authority: LocalAuthority) -> list[Document]:
    """An authority's documents, oldest first (for a review page's filter)."""
    return documents_in_date_order(Document.objects.filter(authority=authority))
