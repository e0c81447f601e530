"""What the board pack holds: the rows of each sheet, read through the pages' own selectors.

Every list is scoped first (``tracker.scope``; ``user=None`` is a command-line caller,
who sees every authority) and read with ``.iterator(chunk_size=CHUNK_SIZE)``; related
data comes from joins and subquery annotations, so the number of queries does not
depend on the number of rows.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime

from django.db.models import (
    BooleanField,
    Count,
    ExpressionWrapper,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
)
from django.db.models.functions import Coalesce
from django.utils import timezone

from inspections.models import (
    Document,
    Finding,
    FindingState,
    FollowUp,
    LocalAuthority,
    Paragraph,
    ReviewState,
)
from tracker import as_at as as_at_module
from tracker import scope, selectors
from tracker.models import Action, Evidence, ProgressUpdate
from tracker.references import action_position
from tracker.statuses import (
    CLOSED_STATUSES,
    Rag,
    Status,
    overdue_condition,
    rag_expression,
    rag_rank_expression,
)

CHUNK_SIZE = 2000
NOT_ASSIGNED = "Not assigned"
# Ofsted's grades, as they end a judgement section's heading ("…care leavers: good").
GRADES = (
    "outstanding",
    "good",
    "requires improvement to be good",
    "requires improvement",
    "inadequate",
)


def action_rows(as_at: date | None = None) -> QuerySet:
    """Every action as it is now, or as it stood at the end of ``as_at`` from its history.

    The history rows have the action's fields and its ``id`` (their own primary
    key is ``history_id``), so the pack's queries filter and annotate both
    alike through ``id``. An action deleted by then is left out.
    """
    if as_at is None:
        return Action.objects.all()
    return as_at_module.history_rows_as_at(Action, as_at)


def scoped_actions(
    *,
    user,
    actions: QuerySet[Action] | None = None,
    authorities: Sequence[LocalAuthority] | None = None,
    as_at: date | None = None,
) -> QuerySet:
    """The actions a pack may hold: the user's scope, narrowed to authorities and a selection.

    ``actions`` is a selection (for example the actions list after its FilterSet);
    it only ever narrows the user's scope, never widens it. With ``as_at`` the
    rows are the actions' history as at that day (``action_rows``).
    """
    # Cancelled and superseded actions are out of the plan, so out of the pack.
    rows = action_rows(as_at).exclude(status__in=CLOSED_STATUSES)
    scoped = scope.visible(rows, user, via="finding__document__authority")
    if authorities is not None:
        scoped = scoped.filter(finding__document__authority__in=[a.pk for a in authorities])
    if actions is not None:
        scoped = scoped.filter(id__in=actions.values("pk"))
    return scoped


def with_rag(rows: QuerySet, today: date) -> QuerySet:
    """``ActionQuerySet.with_rag`` for the actions or their history rows alike."""
    return rows.annotate(rag=rag_expression(today), rag_rank=rag_rank_expression(today))


def _is_overdue(today: date) -> ExpressionWrapper:
    """Whether the row's action is overdue, by the one rule."""
    return ExpressionWrapper(overdue_condition(today), output_field=BooleanField())


def pack_actions(
    *,
    user,
    actions: QuerySet[Action] | None = None,
    authorities: Sequence[LocalAuthority] | None = None,
    today: date | None = None,
    as_at: date | None = None,
) -> QuerySet:
    """The rows of the Action plan sheet, in plan order, with everything a row shows.

    With ``as_at`` each action is as it stood at the end of that day, with the
    progress updates and evidence added by then; ``today`` is then that day.
    """
    today = as_at or today or timezone.localdate()
    evidence = Evidence.objects.current().filter(action=OuterRef("id"))
    updates = ProgressUpdate.objects.filter(action=OuterRef("id"))
    if as_at is not None:
        cutoff = as_at_module.end_of_day(as_at)
        evidence = evidence.filter(added_at__lt=cutoff)
        updates = updates.filter(created_at__lt=cutoff)
    evidence = evidence.order_by().values("action").annotate(n=Count("pk")).values("n")
    latest = updates.order_by("-created_at", "-pk")
    return (
        with_rag(
            scoped_actions(user=user, actions=actions, authorities=authorities, as_at=as_at),
            today,
        )
        .annotate(
            latest_update_text=Subquery(latest.values("text")[:1]),
            latest_update_at=Subquery(latest.values("created_at")[:1]),
            position=action_position(),  # the n of "SG-2024-03.n"
            evidence_count=Coalesce(Subquery(evidence, output_field=IntegerField()), 0),
            paragraph_heading=_paragraph_heading("finding"),
            area_name=F("finding__area__judgement_area__name"),
            is_overdue=_is_overdue(today),
        )
        .select_related("owner", "finding__document__authority")
        .only(
            "id",  # not the primary key of history rows, so named
            "title",
            "lead_role",
            "start_date",
            "deadline",
            "original_deadline",
            "deadline_revisions",
            "deadline_reason",
            "status",
            "verified_override_reason",
            "success_measure",
            "created_at",
            "owner__username",
            "owner__first_name",
            "owner__last_name",
            "finding__order",
            "finding__text",
            "finding__document__reference_label",
            "finding__document__authority__code",
        )
        .order_by(*_finding_order("finding__"), "created_at", "id")
    )


def _finding_order(prefix: str = "") -> tuple:
    """Findings by authority, document date and their order in the document."""
    return (
        f"{prefix}document__authority__name",
        F(f"{prefix}document__visit_start").asc(nulls_last=True),
        f"{prefix}document_id",
        f"{prefix}order",
        f"{prefix}id",
    )


def _paragraph_heading(finding_path: str) -> Subquery:
    """The heading of the finding's first source paragraph: the report section it came from."""
    return Subquery(
        Paragraph.objects.filter(findings=OuterRef(finding_path))
        .order_by("order", "pk")
        .values("heading")[:1]
    )


def area_label(judgement_area: str | None, section_heading: str | None) -> str:
    """The judgement area a person gave, else the judgement section of the report, else none.

    A section heading counts only when it is a judgement ("The experiences and
    progress of care leavers: good"); the grade is dropped so that the same
    area from several reports groups together.
    """
    if judgement_area and judgement_area.strip():
        return judgement_area.strip()
    name, colon, grade = (section_heading or "").rpartition(":")
    if colon and name.strip() and grade.strip().lower() in GRADES:
        return name.strip()
    return NOT_ASSIGNED


def local_date(value: datetime | None) -> date | None:
    if value is None:
        return None
    if timezone.is_aware(value):
        value = timezone.localtime(value)
    return value.date()


@dataclass
class AreaCounts:
    area: str
    rag: dict[str, int]
    status: dict[str, int]
    overdue: int = 0

    @property
    def total(self) -> int:
        return sum(self.status.values())

    def add(self, other: dict) -> None:
        for r in Rag:
            self.rag[r.value] += other[f"rag_{r.value}"]
        for s in Status:
            self.status[s.value] += other[f"status_{s.value}"]
        self.overdue += other["overdue"]


def area_counts(actions: QuerySet, today: date) -> list[AreaCounts]:
    """Counts by RAG and status per judgement area, in one query; "Not assigned" last."""
    rows = (
        with_rag(actions, today)
        .annotate(paragraph_heading=_paragraph_heading("finding"))
        .order_by()
        .values("finding__area__judgement_area__name", "paragraph_heading")
        .annotate(
            overdue=Count("id", filter=overdue_condition(today)),
            **{f"rag_{r.value}": Count("id", filter=Q(rag=r.value)) for r in Rag},
            **{f"status_{s.value}": Count("id", filter=Q(status=s.value)) for s in Status},
        )
    )
    areas: dict[str, AreaCounts] = {}
    for row in rows:
        label = area_label(row["finding__area__judgement_area__name"], row["paragraph_heading"])
        counts = areas.setdefault(
            label,
            AreaCounts(label, {r.value: 0 for r in Rag}, {s.value: 0 for s in Status}),
        )
        counts.add(row)
    return sorted(areas.values(), key=lambda a: (a.area == NOT_ASSIGNED, a.area.lower()))


def pack_documents(
    actions: QuerySet,
    *,
    user,
    authorities: Sequence[LocalAuthority] | None,
    selection: bool,
) -> list[Document]:
    """The source documents: all of those in scope, or those behind the selected actions."""
    documents = selectors.document_list(user=user)
    if authorities is not None:
        documents = documents.filter(authority__in=[a.pk for a in authorities])
    if selection:
        documents = documents.filter(pk__in=actions.order_by().values("finding__document_id"))
    return list(
        documents.only(
            "kind",
            "visit_start",
            "visit_end",
            "letter_date",
            "published_date",
            "authority__name",
            "authority__code",
        ).order_by("authority__name", F("visit_start").asc(nulls_last=True), "pk")
    )


def pack_findings(
    *,
    user,
    actions: QuerySet,
    authorities: Sequence[LocalAuthority] | None,
    selection: bool,
    today: date,
) -> QuerySet[Finding]:
    """The Findings sheet: every confirmed finding in scope, or those behind a selection of actions.

    The action counts are of all the finding's actions, not only the selected ones.
    """
    findings = selectors.finding_list(user=user, today=today)
    if authorities is not None:
        findings = findings.filter(document__authority__in=[a.pk for a in authorities])
    if selection:
        findings = findings.filter(pk__in=actions.order_by().values("finding_id"))
    else:
        findings = findings.filter(Q(state=FindingState.CONFIRMED) | Q(action_count__gt=0))
    return (
        findings.annotate(
            paragraph_heading=_paragraph_heading("pk"), area_name=F("area__judgement_area__name")
        )
        .defer("document__text", "document__parse_warnings", "document__inspectors")
        .order_by(*_finding_order())
    )


def paragraph_refs(findings: QuerySet[Finding]) -> Iterator[tuple[int, list[Paragraph]]]:
    """(finding id, its source paragraphs) in the same order as ``findings``, as a stream."""
    links = (
        Finding.paragraphs.through.objects.filter(finding__in=findings.order_by().values("pk"))
        .select_related("paragraph")
        .only("finding_id", "paragraph__order", "paragraph__number", "paragraph__page")
        .order_by(*_finding_order("finding__"), "paragraph__order")
    )
    current, paragraphs = None, []
    for link in links.iterator(chunk_size=CHUNK_SIZE):
        if link.finding_id != current:
            if current is not None:
                yield current, paragraphs
            current, paragraphs = link.finding_id, []
        paragraphs.append(link.paragraph)
    if current is not None:
        yield current, paragraphs


def quote_reference(paragraphs: list[Paragraph]) -> str:
    """ "paragraphs 12, 24" when all are numbered, else each paragraph's own reference."""
    if all(p.number for p in paragraphs):
        word = "paragraph" if len(paragraphs) == 1 else "paragraphs"
        return f"{word} {', '.join(str(p.number) for p in paragraphs)}"
    return ", ".join(p.reference for p in paragraphs)


def paragraph_reference(paragraphs: Iterable[Paragraph]) -> str:
    numbers = [p.number for p in paragraphs if p.number]
    if numbers:
        return ", ".join(str(n) for n in numbers)
    return "; ".join(p.reference for p in paragraphs)


# --- Across visits: the page's matrix, cut to the pack's findings -------------------------


@dataclass(frozen=True)
class PackVisits:
    """The across-visits page's matrix (``selectors.across_visits``) for the pack's findings."""

    columns: tuple[Document, ...]
    rows: tuple[selectors.VisitRow, ...]
    indexes: tuple[int, ...]  # of ``columns`` in each row's cells

    @property
    def themed(self) -> bool:
        return any(row.row.theme for row in self.rows)


def across_visits(
    *, authority: LocalAuthority, actions: QuerySet[Action] | None
) -> PackVisits | None:
    """What inspectors said at each later visit beside our status then, as on the page.

    The caller has checked that the user may see the authority. None when no
    later document has said anything yet about the findings in the pack (with
    ``actions``, the findings behind those actions). Our status counts all of a
    finding's actions, not only the selected ones. One query when nothing has
    been followed up; else those of ``selectors.across_visits`` and, for a
    selection, one for its findings.
    """
    if (
        not FollowUp.objects.filter(finding__document__authority=authority)
        .exclude(state=ReviewState.REJECTED)
        .exists()
    ):
        return None
    page = selectors.across_visits(authority=authority)
    # Findings of the latest document have nothing to show yet.
    rows = tuple(row for row in page.rows if row.later)
    if actions is not None:
        wanted = set(actions.order_by().values_list("finding_id", flat=True).distinct())
        rows = tuple(row for row in rows if row.finding.pk in wanted)
    if not any(c is not None and c.cell.verdict for row in rows for c in row.cells):
        return None
    indexes = tuple(
        i for i in range(len(page.columns)) if any(row.cells[i] is not None for row in rows)
    )
    return PackVisits(tuple(page.columns[i] for i in indexes), rows, indexes)


def across_visits_blocks(
    *, authorities: Sequence[LocalAuthority], actions: QuerySet | None
) -> list[tuple[str, PackVisits]]:
    """``across_visits`` of each authority that has one, by name, for the Across visits sheet.

    The caller has checked that the user may see every authority. One query to
    find the authorities whose findings later documents have spoken of, then
    ``across_visits``'s for each of those.
    """
    followed = set(
        FollowUp.objects.filter(finding__document__authority__in=[a.pk for a in authorities])
        .exclude(state=ReviewState.REJECTED)
        .values_list("finding__document__authority_id", flat=True)
        .distinct()
    )
    blocks = []
    for authority in authorities:
        if authority.pk in followed:
            data = across_visits(authority=authority, actions=actions)
            if data is not None:
                blocks.append((authority.name, data))
    return blocks
