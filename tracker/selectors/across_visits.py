"""Across visits: what inspectors said about each finding at later visits, beside our own
status on each visit day; and, per authority, where the two disagree (the dashboard)."""

from __future__ import annotations

import itertools
from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from functools import cached_property

from django.core.paginator import Page, Paginator
from django.db.models import Count, Exists, OuterRef, Q
from django.utils import timezone

from inspections.models import (
    Document,
    Finding,
    FindingState,
    FollowUp,
    LocalAuthority,
    Theme,
    Verdict,
)
from inspections.models import ReviewState as InspectionReview
from inspections.selectors import (
    Cell,
    Row,
    StatusMatrix,
    documents_in_date_order,
    status_matrix,
    visit_date,
    visit_date_expression,
    with_quotes_of,
)
from tracker import scope
from tracker.as_at import (
    OurStatusThen,
    is_self_assessment_gap,
    kept_now,
    our_statuses_then,
    statuses_at_visits,
)
from tracker.formats import govuk_month
from tracker.models import SettledStatus
from tracker.selectors.people import authority_list

PER_PAGE = 25  # findings on a page of the matrix, as on the other lists; each has a cell a visit


@dataclass(frozen=True)
class VisitCell:
    """One finding at one later visit: the inspectors' verdict and our own status that day."""

    cell: Cell
    ours: OurStatusThen | None  # None when the visit has no date

    @property
    def gap(self) -> bool:
        return is_self_assessment_gap(self.cell.verdict, self.ours)


@dataclass(frozen=True)
class VisitRow:
    row: Row
    cells: tuple[VisitCell | None, ...]  # aligned with AcrossVisits.columns; None = not later

    @property
    def finding(self) -> Finding:
        return self.row.finding

    @property
    def later(self) -> tuple[VisitCell | None, ...]:
        """The cells, or none at all when no visit shown came after the finding."""
        return self.cells if any(c is not None for c in self.cells) else ()

    @property
    def gap(self) -> bool:
        return any(c is not None and c.gap for c in self.cells)


@dataclass(frozen=True)
class VisitGroup:
    theme: Theme | None
    title: str
    flagged: tuple[Document, ...]  # the documents that listed these findings, oldest first
    rows: tuple[VisitRow, ...]

    @property
    def flagged_text(self) -> str:
        """“Flagged in May 2018, again in June 2024”."""
        months = []
        for document in self.flagged:
            when = visit_date(document)
            month = govuk_month(when) or "an undated document"
            if month not in months:
                months.append(month)
        if not months:
            return ""
        if len(months) == 1:
            return f"Flagged in {months[0]}"
        again = months[1:]
        tail = again[0] if len(again) == 1 else ", ".join(again[:-1]) + " and " + again[-1]
        return f"Flagged in {months[0]}, again in {tail}"


@dataclass(frozen=True)
class AcrossVisits:
    authority: LocalAuthority
    matrix: StatusMatrix
    columns: tuple[Document, ...]  # later documents that follow at least one finding shown
    groups: tuple[VisitGroup, ...]  # of the findings on this page
    gap_count: int  # findings with a self-assessment gap, on every page
    pending_count: int  # suggested verdicts nobody has confirmed yet, on every page
    page: Page | None = None  # None: every finding on one page (the board pack)
    judgement_area: str = ""
    verdicts: tuple[str, ...] = ()
    gaps_only: bool = False

    @cached_property
    def rows(self) -> tuple[VisitRow, ...]:
        return tuple(row for group in self.groups for row in group.rows)

    @property
    def is_filtered(self) -> bool:
        return bool(self.judgement_area or self.verdicts or self.gaps_only)

    @property
    def message(self) -> str:
        if self.matrix.message:
            return self.matrix.message
        if not self.rows:
            return "No findings match; try removing a filter."
        return ""


def across_visits(
    *,
    authority: LocalAuthority,
    judgement_area: str = "",
    verdicts: tuple[str, ...] = (),
    gaps_only: bool = False,
    page: int | str | None = None,
) -> AcrossVisits:
    """The across-visits matrix of one authority with our own status on each visit date,
    ``PER_PAGE`` findings at a time, or every finding when ``page`` is None.

    The caller has checked that the user may see the authority (``authority_list``).
    Seven queries whatever the number of findings, documents, actions or history
    rows: the four of ``status_matrix`` without quotes, the quotes of the findings
    shown, our kept status where inspectors saw no progress (the gaps are counted on
    every page) and on the other visit days shown; more (the history) when some of
    those are not kept.
    """
    matrix = status_matrix(
        authority=authority,
        judgement_area=judgement_area or None,
        verdicts=verdicts or None,
        with_quotes=False,
    )
    for document in matrix.documents:
        document.authority = authority  # for findings' references, without a query each
    every_row = matrix.rows
    indexes = [
        i for i in range(len(matrix.documents)) if any(r.cells[i] is not None for r in every_row)
    ]
    later = {row.finding.pk: row.later_cells for row in every_row}
    kept = SettledStatus.objects.filter(finding__document__authority=authority)
    # Only a visit where inspectors saw no progress can be a gap (``is_self_assessment_gap``).
    no_progress = [
        (finding_id, cell)
        for finding_id, cells in later.items()
        for cell in cells
        if cell.verdict == Verdict.NO_PROGRESS and cell.date
    ]
    ours = statuses_at_visits({(f, cell.date) for f, cell in no_progress}, kept=kept)
    gaps = {
        finding_id
        for finding_id, cell in no_progress
        if is_self_assessment_gap(cell.verdict, ours[(finding_id, cell.date)])
    }
    rows = [row for row in every_row if not gaps_only or row.finding.pk in gaps]
    if page is None:
        shown = with_quotes_of(rows, {"followup__finding__document__authority": authority})
    else:
        shown = Paginator(rows, PER_PAGE).get_page(page)
        shown.object_list = with_quotes_of(shown.object_list)
    wanted = {(row.finding.pk, c.date) for row in shown for c in row.later_cells if c.date}
    ours |= statuses_at_visits(wanted - ours.keys(), kept=kept)

    def visit_row(row: Row) -> VisitRow:
        cells = []
        for i in indexes:
            cell = row.cells[i]
            if cell is None:
                cells.append(None)
                continue
            cells.append(VisitCell(cell, ours[(row.finding.pk, cell.date)] if cell.date else None))
        return VisitRow(row, tuple(cells))

    group_of = {row.finding.pk: group for group in matrix.groups for row in group.rows}
    groups = []
    for group, members in itertools.groupby(shown, key=lambda row: group_of[row.finding.pk]):
        # When the theme's findings were listed, whatever the filters and pages leave out.
        flagged = documents_in_date_order({r.finding.document for r in group.rows})
        rows_shown = tuple(visit_row(r) for r in members)
        groups.append(VisitGroup(group.theme, group.title, tuple(flagged), rows_shown))
    return AcrossVisits(
        authority=authority,
        matrix=matrix,
        columns=tuple(matrix.documents[i] for i in indexes),
        groups=tuple(groups),
        gap_count=len(gaps),
        pending_count=sum(1 for row in rows for cell in later[row.finding.pk] if cell.pending),
        page=None if page is None else shown,
        judgement_area=judgement_area,
        verdicts=tuple(verdicts),
        gaps_only=gaps_only,
    )


@dataclass(frozen=True)
class GapCount:
    authority: LocalAuthority
    findings: int


def self_assessment_gaps(*, user, today: date | None = None) -> list[GapCount]:
    """Per authority, how many findings inspectors saw no progress on at a visit when our
    own status that day said the work was in hand (see ``is_self_assessment_gap``).

    Our status on a visit day that is over is kept (``tracker.settled``), so this
    counts kept rows instead of walking every action's history: three queries, plus
    a history read and one more count when some answers are not kept (a new
    document, a corrected date, a visit today). The user's authorities are read
    first and the follow-ups filtered by their ids.
    """
    today = today or timezone.localdate()
    followups = (
        FollowUp.objects.filter(verdict=Verdict.NO_PROGRESS, finding__state=FindingState.CONFIRMED)
        .exclude(state=InspectionReview.REJECTED)
        .annotate(on=visit_date_expression("document__"))
        .filter(on__isnull=False)
        .order_by()  # FollowUp's own order joins and sorts by authority name, for nothing here
    )
    # The authorities first, as a list of ids: joined as a subquery, the planner misjudges
    # the visit-day join below and checks every membership against every follow-up.
    authorities = {a.pk: a for a in authority_list(user=user).only("name", "slug")}
    if not scope.sees_everything(user):
        followups = followups.filter(finding__document__authority_id__in=list(authorities))
    kept = kept_now(SettledStatus.objects.filter(finding=OuterRef("finding"), on=OuterRef("on")))
    unsettled = followups.filter(Q(on__gte=today) | ~Exists(kept)).values_list(
        "finding_id", "on", "finding__document__authority_id"
    )
    live: dict[int, set[int]] = defaultdict(set)  # authority: findings, worked out just now
    worked_out = list(unsettled)
    if worked_out:
        ours = our_statuses_then((f, on) for f, on, _ in worked_out)
        for finding_id, on, authority_id in worked_out:
            if ours[(finding_id, on)].claims_progress:
                live[authority_id].add(finding_id)
    settled_gaps = followups.filter(Exists(kept.filter(claims_progress=True)), on__lt=today)
    counts = dict(
        settled_gaps.values("finding__document__authority_id")
        .annotate(findings=Count("finding_id", distinct=True))
        .values_list("finding__document__authority_id", "findings")
    )
    if live:  # count a finding once even if a kept visit has it too
        counted = set(
            settled_gaps.filter(
                finding_id__in={f for findings in live.values() for f in findings}
            ).values_list("finding_id", flat=True)
        )
        for authority_id, findings in live.items():
            counts[authority_id] = counts.get(authority_id, 0) + len(findings - counted)
    return sorted(
        (GapCount(authorities[pk], n) for pk, n in counts.items() if n),
        key=lambda gap: gap.authority.name,
    )
