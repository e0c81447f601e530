"""The across-visits matrix: every confirmed finding of an authority against every later
document, grouped by confirmed theme. Five queries whatever the size."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field, replace
from datetime import date

from inspections.areas.models import area_name
from inspections.models import (
    Document,
    Finding,
    FindingState,
    FollowUp,
    LocalAuthority,
    ReviewState,
    Theme,
    ThemeFinding,
)
from inspections.selectors.dates import documents_in_date_order, is_later_date, visit_date
from inspections.selectors.followups import Cell, quotes_by_followup


@dataclass(frozen=True)
class Row:
    finding: Finding
    theme: Theme | None
    cells: tuple[Cell | None, ...]  # aligned with the matrix's documents; None = not later

    @property
    def later_cells(self) -> tuple[Cell, ...]:
        return tuple(c for c in self.cells if c is not None)


@dataclass(frozen=True)
class RowGroup:
    theme: Theme | None  # None: findings in no confirmed theme
    rows: tuple[Row, ...]

    @property
    def title(self) -> str:
        return self.theme.title if self.theme else "Findings in no theme"

    @property
    def first_date(self) -> date | None:
        dates = [visit_date(r.finding.document) for r in self.rows]
        return min((d for d in dates if d), default=None)


@dataclass(frozen=True)
class StatusMatrix:
    authority: LocalAuthority
    documents: tuple[Document, ...]  # the columns, oldest first
    groups: tuple[RowGroup, ...]
    judgement_areas: tuple[str, ...] = field(default=())  # for a filter's choices

    @property
    def rows(self) -> tuple[Row, ...]:
        return tuple(row for group in self.groups for row in group.rows)

    @property
    def is_empty(self) -> bool:
        return not any(row.later_cells for row in self.rows)

    @property
    def message(self) -> str:
        """What to tell a reader when there is nothing to show yet."""
        if not self.documents:
            return f"No Ofsted documents have been imported for {self.authority} yet."
        if len(self.documents) == 1:
            return (
                f"Only one document has been imported for {self.authority}. "
                "What later visits say about its findings appears here once a later "
                "inspection or visit letter is imported."
            )
        if not self.rows:
            return "No findings match; try removing a filter."
        if self.is_empty:
            return (
                "None of these findings has a later document yet. Findings from the "
                "latest document are followed up when the next one is imported."
            )
        return ""


def status_matrix(
    *,
    authority: LocalAuthority,
    judgement_area: str | None = None,
    verdicts: Collection[str] | None = None,
    with_quotes: bool = True,
) -> StatusMatrix:
    """For each confirmed finding (grouped by confirmed theme), every later document
    in date order with the inspectors' verdict: a confirmed follow-up, else the
    pending suggestion, flagged as such.

    Filters: ``judgement_area`` (the name of the finding's area, suggested or confirmed)
    and ``verdicts`` (rows with at least one cell showing one of them). Five queries,
    whatever the size; four without the quoted paragraphs (``with_quotes=False``:
    a caller showing some rows reads theirs with ``with_quotes_of``).
    """
    documents = documents_in_date_order(Document.objects.filter(authority=authority).defer("text"))
    by_id = {d.pk: d for d in documents}
    findings = list(
        Finding.objects.filter(
            document__authority=authority, state=FindingState.CONFIRMED
        ).select_related("area__judgement_area")
    )
    for finding in findings:
        finding.document = by_id[finding.document_id]
    followups: dict[tuple[int, int], FollowUp] = {}
    # What a cell shows; the suggestion's reason and review details stay on its own page.
    for followup in FollowUp.objects.filter(finding__document__authority=authority).only(
        "finding_id", "document_id", "state", "verdict"
    ):
        followup.document = by_id[followup.document_id]
        followups[(followup.finding_id, followup.document_id)] = followup
    theme_of: dict[int, Theme] = {}
    for membership in ThemeFinding.objects.filter(
        theme__authority=authority,
        theme__state=ReviewState.CONFIRMED,
        state=ReviewState.CONFIRMED,
    ).select_related("theme"):
        theme_of.setdefault(membership.finding_id, membership.theme)

    areas = tuple(sorted({area_name(f) for f in findings} - {""}))
    if judgement_area:
        findings = [f for f in findings if area_name(f) == judgement_area]
    wanted = set(verdicts or ())

    # Each document's place in time, worked out once for the thousands of cells.
    dated = [(document, visit_date(document)) for document in documents]
    rows = []
    for finding in findings:
        since = visit_date(finding.document)
        cells: list[Cell | None] = []
        for document, on in dated:
            if not is_later_date(on, since):
                cells.append(None)
                continue
            followup = followups.get((finding.pk, document.pk))
            if followup is not None:
                followup.finding = finding
            cells.append(Cell(document, followup))
        row = Row(finding, theme_of.get(finding.pk), tuple(cells))
        if wanted and not any(c.verdict in wanted for c in row.later_cells):
            continue
        rows.append(row)
    if with_quotes:
        rows = with_quotes_of(rows, {"followup__finding__document__authority": authority})

    grouped: dict[int | None, list[Row]] = defaultdict(list)
    for row in rows:
        grouped[row.theme.pk if row.theme else None].append(row)
    order = {d.pk: i for i, d in enumerate(documents)}
    for members in grouped.values():
        members.sort(key=lambda r: (order[r.finding.document_id], r.finding.order))
    groups = [
        RowGroup(members[0].theme, tuple(members))
        for key, members in grouped.items()
        if key is not None
    ]
    groups.sort(key=lambda g: (order[g.rows[0].finding.document_id], g.title))
    if None in grouped:
        groups.append(RowGroup(None, tuple(grouped[None])))
    return StatusMatrix(authority, tuple(documents), tuple(groups), areas)


def with_quotes_of(rows: Sequence[Row], followup_filter: dict | None = None) -> list[Row]:
    """``rows`` with the paragraphs each cell's follow-up quotes, by reference only (cells
    name them; their words stay on the finding's page). One query: of the follow-ups
    ``followup_filter`` selects, or else of these rows'."""
    if followup_filter is None:
        followup_filter = {
            "followup_id__in": [c.followup.pk for r in rows for c in r.later_cells if c.followup]
        }
    quotes = quotes_by_followup(followup_filter, with_text=False)
    return [
        replace(
            row,
            cells=tuple(
                c
                if c is None or c.followup is None
                else Cell(c.document, c.followup, quotes.get(c.followup.pk, ()))
                for c in row.cells
            ),
        )
        for row in rows
    ]
