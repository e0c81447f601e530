"""Findings: the list, one finding's page and what later visits said about it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import Count, IntegerField, OuterRef, Prefetch, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from inspections.models import Finding, Theme
from inspections.models import ReviewState as InspectionReview
from inspections.selectors import Cell, finding_followups
from tracker import references, scope
from tracker.areas.selectors import area_name_choices
from tracker.as_at import OurStatusThen, is_self_assessment_gap, statuses_at_visits
from tracker.models import Action, SettledStatus
from tracker.statuses import rag_rank_expression


def finding_queryset(*, user) -> QuerySet[Finding]:
    return scope.visible(Finding.objects.all(), user, via="document__authority")


def finding_list(*, user, today: date | None = None) -> QuerySet[Finding]:
    """Findings the user may see, with the number of actions and the worst RAG among them."""
    today = today or timezone.localdate()
    # Cancelled and superseded actions are not counted (``ActionQuerySet.counted``).
    actions = Action.objects.counted().filter(finding=OuterRef("pk")).order_by()
    worst = actions.annotate(rank=rag_rank_expression(today)).order_by("rank").values("rank")[:1]
    counted = actions.values("finding").annotate(n=Count("pk")).values("n")
    open_counted = actions.open().values("finding").annotate(n=Count("pk")).values("n")
    return (
        finding_queryset(user=user)
        .select_related("document__authority", "area__judgement_area")
        .defer("document__text")
        .annotate(
            action_count=Coalesce(Subquery(counted, output_field=IntegerField()), Value(0)),
            open_action_count=Coalesce(
                Subquery(open_counted, output_field=IntegerField()), Value(0)
            ),
            worst_rag_rank=Subquery(worst, output_field=IntegerField()),
        )
        .order_by("document__authority__name", "-document__visit_start", "document_id", "order")
    )


def judgement_area_choices(*, user) -> list[tuple[str, str]]:
    """The judgement areas a filter offers: the same for everyone, as they are Ofsted's."""
    return area_name_choices()


def finding_detail(*, user, pk: int, today: date | None = None) -> Finding:
    return (
        finding_queryset(user=user)
        .select_related("document__authority", "area__judgement_area__era", "area__decided_by")
        .prefetch_related(
            "paragraphs",
            Prefetch(
                "actions",
                queryset=references.with_position(Action.objects.all())
                .with_rag(today)
                .with_latest_update()
                .select_related("owner")
                .order_by("deadline", "pk"),
            ),
        )
        .get(pk=pk)
    )


def pending_followup_count(*, finding: Finding) -> int:
    """How many suggestions about what later visits said of the finding await review."""
    return finding.followups.filter(state=InspectionReview.SUGGESTED).count()


@dataclass(frozen=True)
class TimelineEntry:
    cell: Cell
    ours: OurStatusThen | None

    @property
    def gap(self) -> bool:
        return is_self_assessment_gap(self.cell.verdict, self.ours)


@dataclass(frozen=True)
class FindingTimeline:
    """A finding's page: what each later visit said about it, beside our status that day."""

    entries: tuple[TimelineEntry, ...]
    themes: tuple[Theme, ...]  # confirmed themes it belongs to


def finding_timeline(*, finding: Finding) -> FindingTimeline:
    """Six queries: the four of ``finding_followups``, our kept status at each visit and
    the themes; one more (the history) when some of those are not kept."""
    document = finding.document
    history = finding_followups(finding=finding)
    finding.document = document  # keep what the caller loaded with it (the authority)
    ours = statuses_at_visits(
        {(finding.pk, cell.date) for cell in history.cells if cell.date},
        kept=SettledStatus.objects.filter(finding=finding),
    )
    entries = tuple(
        TimelineEntry(cell, ours[(finding.pk, cell.date)] if cell.date else None)
        for cell in history.cells
    )
    themes = tuple(
        Theme.objects.filter(
            state=InspectionReview.CONFIRMED,
            memberships__finding=finding,
            memberships__state=InspectionReview.CONFIRMED,
        ).order_by("title")
    )
    return FindingTimeline(entries, themes)
