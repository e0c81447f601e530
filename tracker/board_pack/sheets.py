"""The board pack's four sheets: Summary, Action plan, Across visits and Findings.

Each writer takes a prepared write-only sheet and the rows from ``queries``.
Totals are values, not formulas, so filtering rows never changes them silently;
every cell's text goes through ``xlsx.Cells``, so nothing in a cell acts.
"""

from __future__ import annotations

import math
from datetime import date

from django.conf import settings
from django.db.models import QuerySet
from openpyxl.chart import BarChart, Reference
from openpyxl.utils import column_index_from_string, get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from inspections.models import Document, Finding, Paragraph
from inspections.references import label_date
from tracker import selectors
from tracker.board_pack import queries, xlsx
from tracker.board_pack.queries import CHUNK_SIZE, AreaCounts, area_label
from tracker.formats import govuk_date
from tracker.models import Action
from tracker.references import action_reference
from tracker.statuses import RAG_RANK, Rag, Status

RAG_ORDER = sorted(Rag, key=RAG_RANK.get)
STATUS_LABELS = dict(Status.choices)
# Fill and text colours with at least 4.5:1 contrast; the word is always in the cell too.
RAG_COLOURS = {
    Rag.RED: ("C00000", "FFFFFF"),
    Rag.AMBER: ("FFC000", "000000"),
    Rag.GREEN: ("00B050", "000000"),
    Rag.BLUE: ("0070C0", "FFFFFF"),
}

# Widths in characters; the whole plan fits one A4 landscape page wide.
ACTION_PLAN_COLUMNS = (
    ("Reference", 13),
    ("Finding (what Ofsted said)", 40),
    ("Judgement area", 20),
    ("Action", 34),
    ("What success looks like", 28),
    ("Owner", 15),
    ("Lead role", 15),
    ("Start date", 11),
    ("Deadline", 11),
    ("Original deadline", 11),
    ("Times re-dated", 8),
    ("Why last re-dated", 24),
    ("Status", 11),
    ("RAG", 8),
    ("Latest progress update", 40),
    ("Update date", 11),
    ("Evidence items", 9),
    ("Verified before evidence accepted, because", 24),
    ("Days overdue", 8),
)
FINDING_COLUMNS = (
    ("Reference", 13),
    ("Source document", 30),
    ("Document date", 11.5),
    ("Listed under", 22),
    ("Judgement area", 24),
    ("Finding", 60),
    ("National Framework", 18),
    ("Paragraphs", 14),
    ("Actions", 9),
    ("Open actions", 9),
    ("Worst RAG", 9),
)
# The Summary's columns: the area table's, which the overdue list and the facts share.
# Together 1,000 pixels: one A4 landscape page wide at 100%.
SUMMARY_WIDTHS = (34, 13, 9, 11, 9, 11, 11, 11, 9, 9, 8)
OVERDUE_COLUMNS = ("Action", "Reference", "Owner", "Deadline", "Days overdue", "Status", "RAG")
AREA_COLUMNS = (
    "Judgement area",
    *[r.label for r in RAG_ORDER],
    *[s.label for s in Status],
    "Overdue",
    "Total",
)


class PackStyles(xlsx.Styles):
    """The table styles plus a fill per RAG rating and the across-visits flag."""

    def __init__(self, ws):
        super().__init__(ws)
        self.rag = {
            rag: self.style(
                font=xlsx.font(bold=True, color=text),
                fill=xlsx.filled(fill),
                alignment=self.top,
                border=self.border,
            )
            for rag, (fill, text) in RAG_COLOURS.items()
        }
        self.check = self.style(
            font=xlsx.font(bold=True, color="942514"),
            fill=xlsx.filled("F4CDC6"),
            alignment=self.top_wrap,
            border=self.border,
        )


def prepare_sheet(
    ws, widths, *, title: str, today: date, freeze: str | None = None, repeat_columns: int = 0
) -> xlsx.Cells:
    return xlsx.prepare(
        ws,
        list(widths),
        title=title,
        footer_date=today,
        freeze=freeze,
        styles=PackStyles,
        repeat_columns=repeat_columns,
    )


def _table(ws, columns, *, title: str, today: date, freeze: str, header: bool = True) -> xlsx.Cells:
    """A sheet of one table: ``columns`` are (header, width) pairs, headers in row 1.

    The columns left of ``freeze`` (the reference, and the finding beside it on
    Across visits) are repeated on each printed page of a sheet wider than A4.
    """
    repeat = column_index_from_string(freeze.rstrip("0123456789")) - 1
    c = prepare_sheet(
        ws, [w for _, w in columns], title=title, today=today, freeze=freeze, repeat_columns=repeat
    )
    if header:
        c.append([c.header(h) for h, _ in columns])
    return c


def _end_table(ws, columns, rows: int) -> None:
    """Filter buttons on the header row, repeated on every printed page."""
    ws.auto_filter.ref = f"A1:{get_column_letter(len(columns))}{rows + 1}"
    ws.print_title_rows = "1:1"


def rag_cell(c: xlsx.Cells, rag: str | None):
    if not rag:
        return c.cell(None, c.s.text, "n")
    rag = Rag(rag)
    return c.cell(rag.label, c.s.rag[rag], "s")


def rag_meaning(rag: Rag) -> str:
    """What a RAG rating means, for the key: ``derive_rag`` in words."""
    return {
        Rag.RED: "Overdue: the deadline has passed and the action is not completed.",
        Rag.AMBER: (
            f"At risk, due within {settings.RAG_AMBER_WITHIN_DAYS} days, "
            "or completed and awaiting verification."
        ),
        Rag.GREEN: "On track.",
        Rag.BLUE: "Verified by an improvement manager.",
    }[rag]


def document_label(document: Document) -> str:
    return f"{document.get_kind_display()}, {_visit_dates(document)}"


def _visit_dates(document: Document) -> str:
    start, end = document.visit_start, document.visit_end
    if start and end and end != start:
        if (start.year, start.month) == (end.year, end.month):
            return f"{start.day}–{govuk_date(end)}"
        if start.year == end.year:
            return f"{start.day} {start:%B}–{govuk_date(end)}"
        return f"{govuk_date(start)}–{govuk_date(end)}"
    when = start or document.letter_date or document.published_date
    return govuk_date(when) if when else "undated"


def write_summary(
    ws,
    *,
    place: str,
    produced_by: str,
    note: str,
    documents: list[Document],
    areas: list[AreaCounts],
    overdue: QuerySet[Action],
    today: date,
    as_at: date | None = None,
    redated=None,
) -> None:
    """``redated``: a ``tracker.boards.selectors.RedatedSinceBoard``, or None when no
    board of these authorities met before the pack's day."""
    c = prepare_sheet(ws, SUMMARY_WIDTHS, title=f"{place} – Summary", today=today)
    s = c.s
    action_count = sum(a.total for a in areas)
    overdue_count = sum(a.overdue for a in areas)

    def fact(label, value_cell):
        # Values overflow into the empty cells beside them: no wrapping, no tall rows.
        c.append([c.styled(label, s.label), value_cell], fit=False)

    c.append([c.styled("Improvement plan board pack", s.title)], fit=False)
    c.append([])
    fact("Authority", c.text(place, boxed=False))
    if as_at is not None:
        fact("As at the end of", c.date(as_at, boxed=False))
    else:
        fact("Date produced", c.date(today, boxed=False))
    fact("Produced by", c.text(produced_by, boxed=False))
    fact("Selection", c.text(note, boxed=False))
    fact("Actions in this pack", c.styled(action_count, s.plain))
    fact("Overdue actions", c.styled(overdue_count, s.plain))
    if redated is None:
        fact("Re-dated since the last board", c.text("No earlier board recorded", boxed=False))
    else:
        fact("Re-dated since the last board", c.styled(redated.count, s.plain))
        when = c.date(redated.since, boxed=False) if redated.since else None
        fact("Last board", when or c.text("Each authority's own", boxed=False))
    for index, document in enumerate(documents):
        fact(
            "Source documents" if index == 0 else None,
            c.text(f"{document.authority.name}: {document_label(document)}", boxed=False),
        )
    if not documents:
        fact("Source documents", c.text("None", boxed=False))

    c.append([])
    c.append([c.styled("RAG key", s.heading)], fit=False)
    for rag in RAG_ORDER:
        c.append([rag_cell(c, rag), c.text(rag_meaning(rag), boxed=False)], fit=False)

    c.append([])
    c.append([c.styled("Actions by judgement area", s.heading)], fit=False)
    c.append([c.header(h) for h in AREA_COLUMNS])
    header_row = c.row
    for area in areas:
        c.append(
            [
                c.text(area.area),
                *[c.number(area.rag[r.value]) for r in RAG_ORDER],
                *[c.number(area.status[st.value]) for st in Status],
                c.number(area.overdue),
                c.number(area.total),
            ]
        )
    # Values, not SUM(): a total must not change when someone filters rows.
    c.append(
        [
            c.styled("Total", s.total),
            *[c.styled(sum(a.rag[r.value] for a in areas), s.total) for r in RAG_ORDER],
            *[c.styled(sum(a.status[st.value] for a in areas), s.total) for st in Status],
            c.styled(overdue_count, s.total),
            c.styled(action_count, s.total),
        ]
    )

    if areas:
        chart = _rag_chart(ws, header_row=header_row, area_count=len(areas))
        ws.add_chart(chart, f"A{c.row + 2}")
        # Keep the rows under the chart empty (default rows are 15 points, about 0.53 cm).
        for _ in range(math.ceil(chart.height / 0.5) + 2):
            c.append([])

    c.append([])
    c.append([c.styled(f"Overdue actions ({overdue_count})", s.heading)], fit=False)
    c.append([c.header(h) for h in OVERDUE_COLUMNS])
    if not overdue_count:
        c.append([c.text("No actions are overdue.")])
    for action in overdue.iterator(chunk_size=CHUNK_SIZE):
        c.append(
            [
                c.text(action.title),
                c.text(action_reference(action)),
                c.text(selectors.person_name(action.owner) or "Unassigned"),
                c.date(action.deadline),
                c.number((today - action.deadline).days),
                c.text(STATUS_LABELS[action.status]),
                rag_cell(c, action.rag),
            ]
        )


def _rag_chart(ws, *, header_row: int, area_count: int) -> BarChart:
    chart = BarChart()
    chart.type = "bar"
    chart.grouping = "stacked"
    chart.overlap = 100
    chart.title = "Actions by RAG rating and judgement area"
    chart.y_axis.title = "Actions"
    chart.x_axis.delete = False
    chart.y_axis.delete = False
    chart.y_axis.majorGridlines = None
    chart.legend.position = "b"
    data = Reference(
        ws,
        min_col=2,
        max_col=1 + len(RAG_ORDER),
        min_row=header_row,
        max_row=header_row + area_count,
    )
    chart.add_data(data, titles_from_data=True)
    chart.set_categories(
        Reference(ws, min_col=1, min_row=header_row + 1, max_row=header_row + area_count)
    )
    for series, rag in zip(chart.series, RAG_ORDER, strict=True):
        series.graphicalProperties.solidFill = RAG_COLOURS[rag][0]
        series.graphicalProperties.line.solidFill = RAG_COLOURS[rag][0]
    chart.width = 24
    chart.height = min(6 + 1.2 * area_count, 20)
    return chart


def write_action_plan(ws, rows: QuerySet[Action], *, place: str, today: date) -> int:
    """One row per action (``queries.pack_actions``); the number of rows written."""
    c = _table(ws, ACTION_PLAN_COLUMNS, title=f"{place} – Action plan", today=today, freeze="B2")
    count = 0
    for action in rows.iterator(chunk_size=CHUNK_SIZE):
        finding = action.finding
        c.append(
            [
                c.text(action_reference(action)),
                c.text(finding.text),
                c.text(area_label(action.area_name, action.paragraph_heading)),
                c.text(action.title),
                c.text(action.success_measure),
                c.text(selectors.person_name(action.owner) or "Unassigned"),
                c.text(action.lead_role),
                c.date(action.start_date),
                c.date(action.deadline),
                c.date(action.original_deadline),
                c.number(action.deadline_revisions),
                c.text(action.deadline_reason),
                c.text(STATUS_LABELS[action.status]),
                rag_cell(c, action.rag),
                c.text(action.latest_update_text),
                c.date(queries.local_date(action.latest_update_at)),
                c.number(action.evidence_count),
                c.text(action.verified_override_reason),
                c.number((today - action.deadline).days if action.is_overdue else None),
            ]
        )
        count += 1
    _end_table(ws, ACTION_PLAN_COLUMNS, count)
    last_row = count + 1
    # Lists of the allowed words, for anyone who edits a copy of the pack.
    for header, choices in (("Status", Status.labels), ("RAG", [r.label for r in RAG_ORDER])):
        column = get_column_letter([h for h, _ in ACTION_PLAN_COLUMNS].index(header) + 1)
        validation = DataValidation(
            type="list", formula1='"' + ",".join(choices) + '"', allow_blank=True
        )
        validation.add(f"{column}2:{column}{max(last_row, 2)}")
        ws.data_validations.append(validation)
    return count


def write_findings(ws, findings: QuerySet[Finding], *, place: str, today: date) -> int:
    """One row per finding (``queries.pack_findings``); the number of rows written."""
    c = _table(ws, FINDING_COLUMNS, title=f"{place} – Findings", today=today, freeze="B2")
    references = queries.paragraph_refs(findings)
    pending = next(references, None)
    count = 0
    for finding in findings.iterator(chunk_size=CHUNK_SIZE):
        paragraphs: list[Paragraph] = []
        # Both streams are in the same order, so each finding's paragraphs are next in line.
        if pending is not None and pending[0] == finding.pk:
            paragraphs = pending[1]
            pending = next(references, None)
        document = finding.document
        worst = selectors.RAG_BY_RANK.get(finding.worst_rag_rank)
        c.append(
            [
                c.text(finding.reference),
                c.text(document_label(document)),
                c.date(label_date(document)),
                c.text(finding.get_source_list_display()),
                c.text(area_label(finding.area_name, finding.paragraph_heading)),
                c.text(finding.text),
                c.text(finding.framework_reference),
                c.text(queries.paragraph_reference(paragraphs)),
                c.number(finding.action_count),
                c.number(finding.open_action_count),
                rag_cell(c, worst),
            ]
        )
        count += 1
    _end_table(ws, FINDING_COLUMNS, count)
    return count


def across_visits_text(visit: selectors.VisitCell) -> str:
    """One cell of the Across visits sheet: the verdict, its evidence, our status then,
    and a line to check when we reported progress inspectors did not see (``VisitCell.gap``)."""
    cell, ours = visit.cell, visit.ours
    lines = [cell.verdict_label + (" (suggested, not yet confirmed)" if cell.pending else "")]
    if cell.evidence:
        lines.append("Evidence: " + queries.quote_reference([q.paragraph for q in cell.evidence]))
    if ours is not None:
        said = f"{ours.rag.label} ({ours.summary.lower()})" if ours.rag else "no actions yet"
        lines.append(f"Our status then: {said}")
    if visit.gap:
        lines.append(f"Check: we reported {ours.rag.label.lower()}, inspectors saw no progress")
    return "\n".join(lines)


def write_across_visits(
    ws, blocks: list[tuple[str, queries.PackVisits]], *, place: str, today: date
) -> None:
    """One table for a pack of one authority; for several, one block per authority.

    A block is the authority's name, its own header row (each authority has its
    own visits) and its rows. Filter buttons and a repeated header row only make
    sense for one table, so only a single authority's sheet has them.
    """
    themed = any(data.themed for _, data in blocks)
    visits = max(len(data.columns) for _, data in blocks)
    fixed = [*([("Theme", 22)] if themed else []), ("Reference", 13), ("Finding", 40)]
    widths = [*fixed, *[("", 30)] * visits]
    freeze = "D2" if themed else "C2"
    single = len(blocks) == 1
    c = _table(
        ws, widths, title=f"{place} – Across visits", today=today, freeze=freeze, header=False
    )
    for name, data in blocks:
        headers = [*fixed, *[(document_label(d), 30) for d in data.columns]]
        if not single:
            if c.row:
                c.append([])
            c.append([c.styled(name, c.s.heading)], fit=False)
        c.append([c.header(h) for h, _ in headers])
        for row in data.rows:
            c.append(_across_visits_row(c, row, data, themed=themed))
    if single:
        _end_table(ws, widths, len(blocks[0][1].rows))


def _across_visits_row(c: xlsx.Cells, row, data: queries.PackVisits, *, themed: bool) -> list:
    theme = row.row.theme
    cells = [
        *([c.text(theme.title if theme else "")] if themed else []),
        c.text(row.finding.reference),
        c.text(row.finding.text),
    ]
    for index, document in zip(data.indexes, data.columns, strict=True):
        visit = row.cells[index]
        if visit is None:
            own = document.pk == row.finding.document_id
            text = "Source of this finding" if own else "Before this finding"
            cells.append(c.styled(text, c.s.muted))
        elif visit.gap:
            cells.append(c.cell(xlsx.clean_text(across_visits_text(visit)), c.s.check, "s"))
        else:
            cells.append(c.text(across_visits_text(visit)))
    return cells
