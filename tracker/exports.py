"""The Excel board pack: the improvement plan as a workbook for board papers.

Improvement boards read the plan as a spreadsheet and often print it, so the
workbook is laid out for that: a *Summary* sheet (counts by judgement area, a
chart, the overdue list), the *Action plan* (one row per action), *Across
visits* (what inspectors said at each later visit, beside our own status on
that date; only when follow-ups have been recorded) and *Findings*.

Three rules shape the code:

- **Scope first.** Rows come only from the authorities the user may see
  (``Action.objects.for_user``); a filtered selection from the actions list
  is intersected with that scope, never trusted on its own.
- **Flat memory.** Every sheet is an openpyxl write-only sheet and every list
  is read with ``.iterator(chunk_size=...)``; related data comes from joins and
  subquery annotations, so the number of queries does not depend on the number
  of rows, and no list is held in memory.
- **Nothing in a cell acts.** Text from reports and users is cleaned of
  characters XML cannot hold and stored as text even when it starts with
  ``=``, ``+``, ``-``, ``@``, a tab or a carriage return (with Excel's quote
  prefix, so editing the cell keeps it text). Totals are values, not formulas,
  so filtering rows never changes them silently.

For a view::

    @login_required
    def actions_board_pack(request):
        actions = ActionFilter(request.GET, queryset=selectors.action_list(user=request.user),
                               request=request).qs
        return exports.board_pack_response(user=request.user, actions=actions)
"""

from __future__ import annotations

import math
import tempfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime

from django.core.exceptions import PermissionDenied
from django.db.models import (
    Count,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.functions import Coalesce
from django.http import FileResponse
from django.utils import timezone
from django.utils.text import slugify
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.chart import BarChart, Reference
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.page import PageMargins
from openpyxl.worksheet.properties import PageSetupProperties

from inspections.models import (
    Document,
    Finding,
    FindingState,
    FollowUp,
    LocalAuthority,
    Paragraph,
    ReviewState,
)
from inspections.selectors import Cell as MatrixCell
from inspections.selectors import Row as MatrixRow
from inspections.selectors import StatusMatrix, status_matrix, visit_date
from tracker import as_at, selectors
from tracker.as_at import OurStatusThen
from tracker.measures.sheet import add_measures_sheet
from tracker.models import (
    DONE_STATUSES,
    RAG_RANK,
    Action,
    Evidence,
    Rag,
    SettledStatus,
    Status,
)

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CHUNK_SIZE = 2000
DATE_FORMAT = "DD/MM/YYYY"
NOT_ASSIGNED = "Not assigned"
# Excel's limit for one cell; longer text is cut with a visible marker.
MAX_CELL_TEXT = 32_767
# What spreadsheet programs may read as the start of a formula.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
# Ofsted's grades, as they end a judgement section's heading ("…care leavers: good").
GRADES = (
    "outstanding",
    "good",
    "requires improvement to be good",
    "requires improvement",
    "inadequate",
)

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
    ("Status", 11),
    ("RAG", 8),
    ("Latest progress update", 40),
    ("Update date", 11),
    ("Evidence items", 9),
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
OVERDUE_COLUMNS = ("Action", "Reference", "Owner", "Deadline", "Days overdue", "Status", "RAG")
AREA_COLUMNS = (
    "Judgement area",
    *[r.label for r in RAG_ORDER],
    *[s.label for s in Status],
    "Overdue",
    "Total",
)


# --------------------------------------------------------------------------- data


class _CommandLine:
    """The scope of the management command, run by someone with shell access: every authority.

    The selectors only ask whether a user is authenticated and a superuser.
    """

    is_authenticated = True
    is_superuser = True

    def get_full_name(self) -> str:
        return ""

    def get_username(self) -> str:
        return ""


def _scope(user):
    return _CommandLine() if user is None else user


def scoped_actions(
    *,
    user,
    actions: QuerySet[Action] | None = None,
    authority: LocalAuthority | None = None,
) -> QuerySet[Action]:
    """The actions a pack may hold: the user's scope, narrowed to an authority and a selection.

    ``user=None`` means no user scope: only the management command passes it.
    ``actions`` is a selection (for example the actions list after its
    FilterSet); it only ever narrows the user's scope, never widens it.
    """
    scoped = Action.objects.for_user(_scope(user))
    if authority is not None:
        scoped = scoped.filter(finding__document__authority=authority)
    if actions is not None:
        scoped = scoped.filter(pk__in=actions.values("pk"))
    return scoped


def pack_actions(
    *,
    user,
    actions: QuerySet[Action] | None = None,
    authority: LocalAuthority | None = None,
    today: date | None = None,
) -> QuerySet[Action]:
    """The rows of the Action plan sheet, in plan order, with everything a row shows."""
    today = today or timezone.localdate()
    # The n of "SG-2024-03.2": the action's place among all actions of its
    # finding by creation, so a filtered pack shows the same references.
    earlier = (
        Action.objects.filter(finding=OuterRef("finding"))
        .filter(
            Q(created_at__lt=OuterRef("created_at"))
            | Q(created_at=OuterRef("created_at"), pk__lte=OuterRef("pk"))
        )
        .order_by()
        .values("finding")
        .annotate(n=Count("pk"))
        .values("n")
    )
    evidence = (
        Evidence.objects.filter(action=OuterRef("pk"))
        .order_by()
        .values("action")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return (
        scoped_actions(user=user, actions=actions, authority=authority)
        .with_rag(today)
        .with_latest_update()
        .annotate(
            position=Subquery(earlier, output_field=IntegerField()),
            evidence_count=Coalesce(Subquery(evidence, output_field=IntegerField()), Value(0)),
            paragraph_heading=_paragraph_heading("finding"),
        )
        .select_related("owner", "finding__document__authority")
        .only(
            "title",
            "lead_role",
            "start_date",
            "deadline",
            "status",
            "success_measure",
            "created_at",
            "owner__username",
            "owner__first_name",
            "owner__last_name",
            "finding__order",
            "finding__text",
            "finding__judgement_area",
            "finding__document__reference_label",
            "finding__document__authority__code",
        )
        .order_by(*_finding_order("finding__"), "created_at", "pk")
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


def area_label(judgement_area: str, section_heading: str | None) -> str:
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


def action_reference(action: Action) -> str:
    return f"{action.finding.reference}.{action.position}"


def document_label(document: Document) -> str:
    return f"{document.get_kind_display()}, {_visit_dates(document)}"


def _visit_dates(document: Document) -> str:
    start, end = document.visit_start, document.visit_end
    if start and end and end != start:
        if (start.year, start.month) == (end.year, end.month):
            return f"{start.day}–{end:%-d %B %Y}"
        if start.year == end.year:
            return f"{start:%-d %B}–{end:%-d %B %Y}"
        return f"{start:%-d %B %Y}–{end:%-d %B %Y}"
    when = start or document.letter_date or document.published_date
    return f"{when:%-d %B %Y}" if when else "undated"


def _local_date(value: datetime | None) -> date | None:
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


def area_counts(actions: QuerySet[Action], today: date) -> list[AreaCounts]:
    """Counts by RAG and status per judgement area, in one query; "Not assigned" last."""
    rows = (
        actions.with_rag(today)
        .annotate(paragraph_heading=_paragraph_heading("finding"))
        .order_by()
        .values("finding__judgement_area", "paragraph_heading")
        .annotate(
            overdue=Count("pk", filter=Q(deadline__lt=today) & ~Q(status__in=DONE_STATUSES)),
            **{f"rag_{r.value}": Count("pk", filter=Q(rag=r.value)) for r in Rag},
            **{f"status_{s.value}": Count("pk", filter=Q(status=s.value)) for s in Status},
        )
    )
    areas: dict[str, AreaCounts] = {}
    for row in rows:
        label = area_label(row["finding__judgement_area"], row["paragraph_heading"])
        counts = areas.setdefault(
            label,
            AreaCounts(label, {r.value: 0 for r in Rag}, {s.value: 0 for s in Status}),
        )
        counts.add(row)
    return sorted(areas.values(), key=lambda a: (a.area == NOT_ASSIGNED, a.area.lower()))


def pack_findings(
    *,
    user,
    actions: QuerySet[Action],
    authority: LocalAuthority | None,
    selection: bool,
    today: date,
) -> QuerySet[Finding]:
    """The Findings sheet: every confirmed finding in scope, or those behind a selection of actions.

    The action counts are of all the finding's actions, not only the selected ones.
    """
    findings = selectors.finding_list(user=_scope(user), today=today)
    if authority is not None:
        findings = findings.filter(document__authority=authority)
    if selection:
        findings = findings.filter(pk__in=actions.order_by().values("finding_id"))
    else:
        findings = findings.filter(Q(state=FindingState.CONFIRMED) | Q(action_count__gt=0))
    return (
        findings.annotate(paragraph_heading=_paragraph_heading("pk"))
        .defer("document__text", "document__parse_warnings", "document__inspectors")
        .order_by(*_finding_order())
    )


def _paragraph_refs(findings: QuerySet[Finding]) -> Iterator[tuple[int, list[Paragraph]]]:
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


# --------------------------------------------------------------------------- cells


def clean_text(value) -> str:
    """Text a cell can hold: no characters XML forbids, at most Excel's cell limit."""
    text = ILLEGAL_CHARACTERS_RE.sub("", str(value))
    if len(text) > MAX_CELL_TEXT:
        text = text[: MAX_CELL_TEXT - 1] + "…"
    return text


def _font(**attrs) -> Font:
    # The workbook's default font; a Font without a name falls back to a serif face.
    return Font(**{"name": "Calibri", "size": 11, **attrs})


class _Styles:
    """Each style is built once; cells share its style array, which keeps 50,000 rows fast."""

    def __init__(self, ws):
        thin = Side(style="thin", color="B1B4B6")
        border = Border(left=thin, right=thin, top=thin, bottom=thin)
        top_wrap = Alignment(vertical="top", wrap_text=True)
        top = Alignment(vertical="top")

        def style(**attrs):
            cell = WriteOnlyCell(ws)
            for name, value in attrs.items():
                setattr(cell, name, value)
            return cell._style

        self.header = style(
            font=_font(bold=True, color="FFFFFF"),
            fill=PatternFill("solid", fgColor="1D70B8"),
            alignment=Alignment(vertical="top", wrap_text=True),
            border=border,
        )
        self.text = style(alignment=top_wrap, border=border)
        self.text_quoted = style(alignment=top_wrap, border=border, quotePrefix=True)
        self.date = style(alignment=top, border=border, number_format=DATE_FORMAT)
        self.number = style(alignment=top, border=border)
        self.rag = {
            rag: style(
                font=_font(bold=True, color=text),
                fill=PatternFill("solid", fgColor=fill),
                alignment=top,
                border=border,
            )
            for rag, (fill, text) in RAG_COLOURS.items()
        }
        self.title = style(font=_font(bold=True, size=16))
        self.heading = style(font=_font(bold=True, size=13))
        self.label = style(font=_font(bold=True), alignment=top)
        self.plain = style(alignment=top)
        self.plain_quoted = style(alignment=top, quotePrefix=True)
        self.plain_date = style(
            alignment=Alignment(vertical="top", horizontal="left"), number_format=DATE_FORMAT
        )
        self.total = style(font=_font(bold=True), border=border)
        self.muted = style(font=_font(color="505A5F"), alignment=top_wrap, border=border)
        self.check = style(
            font=_font(bold=True, color="942514"),
            fill=PatternFill("solid", fgColor="F4CDC6"),
            alignment=top_wrap,
            border=border,
        )


LINE_HEIGHT = 15  # points, for 11-point text
MAX_ROW_HEIGHT = 409  # Excel's limit


def _lines(cells: list, widths: list[float]) -> int:
    """Lines the tallest cell needs, taking a little under one character per unit of width.

    That is generous for Calibri and about right for the wider fonts
    LibreOffice substitutes, and for bold headings, so text is not cut off.
    """
    lines = 1
    for cell, width in zip(cells, widths, strict=False):
        value = cell._value
        if value.__class__ is not str or (len(value) < width - 1 and "\n" not in value):
            continue
        per_line = max(int(width) - 1, 4)
        needed = sum(max(1, math.ceil(len(part) / per_line)) for part in value.split("\n"))
        lines = max(lines, needed)
    return lines


class _Cells:
    """Makes write-only cells for one sheet."""

    def __init__(self, ws, styles: _Styles, widths: list[float]):
        self.ws = ws
        self.s = styles
        self.widths = widths
        self.row = 0

    def append(self, cells: list, *, fit: bool = True) -> None:
        """Write a row, tall enough for its wrapped text.

        Spreadsheet programs do not all size rows to wrapped text on opening
        (LibreOffice does not), so the height is estimated from the text and
        the column widths. The row's dimension is dropped once written, to
        keep memory flat.
        """
        self.row += 1
        lines = _lines(cells, self.widths) if fit else 1
        if lines > 1:
            self.ws.row_dimensions[self.row].height = min(LINE_HEIGHT * lines, MAX_ROW_HEIGHT)
        self.ws.append(cells)
        if lines > 1:
            del self.ws.row_dimensions[self.row]

    def _cell(self, value, style, data_type: str):
        # The type is known here, so openpyxl's guessing is skipped: it costs a
        # good share of the time on large plans, and it would read text
        # starting with "=" as a formula and "#N/A" as an error value.
        cell = WriteOnlyCell(self.ws)
        cell._value = value
        cell.data_type = data_type
        cell._style = style
        return cell

    def text(self, value, *, boxed: bool = True):
        if value is None or value == "":
            return self._cell(None, self.s.text if boxed else self.s.plain, "n")
        text = clean_text(value)
        if text.startswith(FORMULA_TRIGGERS):
            style = self.s.text_quoted if boxed else self.s.plain_quoted
        else:
            style = self.s.text if boxed else self.s.plain
        return self._cell(text, style, "s")

    def date(self, value: date | None, *, boxed: bool = True):
        style = self.s.date if boxed else self.s.plain_date
        return self._cell(value, style, "n" if value is None else "d")

    def number(self, value: int | None):
        return self._cell(value, self.s.number, "n")

    def rag(self, rag: str | None):
        if not rag:
            return self._cell(None, self.s.text, "n")
        rag = Rag(rag)
        return self._cell(rag.label, self.s.rag[rag], "s")

    def header(self, value: str):
        return self._cell(value, self.s.header, "s")

    def styled(self, value, style):
        """A cell of fixed wording or a count, with openpyxl working out its type."""
        cell = WriteOnlyCell(self.ws, value)
        cell._style = style
        return cell


def _cells_to_row(cells, row_idx):
    """Number the cells of a row for the write-only writer.

    openpyxl's own version first tries each item as a plain value and catches
    the error raised for a cell, for every cell; here every item is a cell
    (``_Cells.append`` is the only way rows are written), and skipping that
    makes large packs about an eighth faster. Tests read every sheet back, so
    a change in openpyxl's internals shows up there.
    """
    for column, cell in enumerate(cells, 1):
        cell.column = column
        cell.row = row_idx
        yield cell


def _prepare(
    ws, widths: list[float], *, title: str, footer_date: date, freeze: str | None
) -> _Cells:
    """Column widths, frozen panes and print set-up, which must come before the first row."""
    for index, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(index)].width = width
    if freeze:
        ws.freeze_panes = freeze
    ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = 9  # A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.page_margins = PageMargins(
        left=0.4, right=0.4, top=0.75, bottom=0.75, header=0.3, footer=0.3
    )
    ws.print_options.horizontalCentered = True
    # "&" starts a header code in Excel, so a literal one is doubled.
    ws.oddHeader.center.text = title.replace("&", "&&")
    ws.oddFooter.left.text = f"Produced {footer_date:%d/%m/%Y}"
    ws.oddFooter.right.text = "Page &P of &N"
    ws._values_to_row = _cells_to_row
    return _Cells(ws, _Styles(ws), list(widths))


# --------------------------------------------------------------------------- workbook


@dataclass(frozen=True)
class BoardPack:
    """What was written, for messages and logs."""

    title: str
    filename: str
    action_count: int
    finding_count: int
    overdue_count: int
    has_across_visits: bool


def board_pack_filename(*, authority: LocalAuthority | None, today: date) -> str:
    name = slugify(authority.name) if authority is not None else "selection"
    return f"board-pack-{name or 'authority'}-{today:%Y-%m-%d}.xlsx"


def write_board_pack(
    target,
    *,
    user,
    actions: QuerySet[Action] | None = None,
    authority: LocalAuthority | None = None,
    produced_by: str = "",
    note: str = "",
    today: date | None = None,
) -> BoardPack:
    """Write the board pack workbook to ``target`` (a path or a binary file opened for writing).

    - ``user``: whose scope applies; only what they may see is written.
      ``None`` means no user scope and is for the management command only.
    - ``actions``: a selection of actions, e.g. the actions list's
      ``ActionFilter(...).qs``; the pack then holds exactly those rows (within
      the user's scope). ``None`` means every action in scope.
    - ``authority``: limit to one authority; ``PermissionDenied`` if the user
      may not see it.
    - ``produced_by``: the name shown as producer (default: the user's name);
      ``note``: a line describing the selection, e.g. the filters applied.
    """
    today = today or timezone.localdate()
    if (
        authority is not None
        and user is not None
        and not selectors.authority_list(user=user).filter(pk=authority.pk).exists()
    ):
        raise PermissionDenied("You do not have access to this authority.")
    produced_by = produced_by or selectors.person_name(user) or "Scheduled export"
    selection = actions is not None
    scoped = scoped_actions(user=user, actions=actions, authority=authority)
    rows = pack_actions(user=user, actions=actions, authority=authority, today=today)
    areas = area_counts(scoped, today)
    action_count = sum(a.total for a in areas)
    overdue_count = sum(a.overdue for a in areas)
    documents = _documents(scoped, user=user, authority=authority, selection=selection)
    authorities = (
        [authority.name] if authority is not None else sorted({d.authority.name for d in documents})
    )
    place = ", ".join(authorities) or "No authority"
    title = f"Improvement plan board pack – {place}"

    wb = Workbook(write_only=True)
    wb.properties.title = title
    wb.properties.subject = "Improvement actions on Ofsted findings"
    wb.properties.creator = produced_by
    wb.properties.lastModifiedBy = produced_by
    wb.properties.keywords = "Ofsted; improvement plan; board pack"
    summary = wb.create_sheet("Summary")
    plan = wb.create_sheet("Action plan")
    single = authority or (documents[0].authority if len(authorities) == 1 else None)
    matrix = (
        across_visits(authority=single, actions=scoped if selection else None)
        if single is not None
        else None
    )
    visits = wb.create_sheet("Across visits") if matrix is not None else None
    findings_ws = wb.create_sheet("Findings")

    _write_summary(
        summary,
        place=place,
        produced_by=produced_by,
        note=note or ("Selected actions" if selection else "All actions"),
        documents=documents,
        areas=areas,
        action_count=action_count,
        overdue=rows.overdue(today).order_by("deadline", "pk"),
        overdue_count=overdue_count,
        today=today,
    )
    _write_action_plan(plan, rows, place=place, today=today)
    if visits is not None:
        _write_across_visits(visits, matrix, place=place, today=today)
    finding_count = _write_findings(
        findings_ws,
        pack_findings(
            user=user, actions=scoped, authority=authority, selection=selection, today=today
        ),
        place=place,
        today=today,
    )
    add_measures_sheet(
        wb, user=user, actions=scoped if selection else None, authority=authority, today=today
    )
    wb.save(target)
    return BoardPack(
        title=title,
        filename=board_pack_filename(authority=authority, today=today),
        action_count=action_count,
        finding_count=finding_count,
        overdue_count=overdue_count,
        has_across_visits=visits is not None,
    )


def board_pack_response(
    *,
    user,
    actions: QuerySet[Action] | None = None,
    authority: LocalAuthority | None = None,
    produced_by: str = "",
    note: str = "",
    today: date | None = None,
) -> FileResponse:
    """The board pack as a download, for a view.

    The workbook is written to a temporary file (on disk, so memory stays
    flat) and streamed from there; the file disappears when the response is
    closed. The arguments are those of ``write_board_pack``; ``user`` must be
    the signed-in user (``PermissionDenied`` otherwise, which Django turns
    into a 403). For the dashboard pass ``authority``; for the actions list
    pass the filtered queryset as ``actions``.
    """
    if user is None or not user.is_authenticated:
        raise PermissionDenied("Sign in to download the board pack.")
    # Not a with-block: FileResponse closes the file once it has been sent.
    handle = tempfile.TemporaryFile(suffix=".xlsx")  # noqa: SIM115
    try:
        pack = write_board_pack(
            handle,
            user=user,
            actions=actions,
            authority=authority,
            produced_by=produced_by,
            note=note,
            today=today,
        )
    except BaseException:
        handle.close()
        raise
    handle.seek(0)
    response = FileResponse(
        handle, as_attachment=True, filename=pack.filename, content_type=XLSX_CONTENT_TYPE
    )
    response["Cache-Control"] = "private, no-store"
    return response


def _documents(actions, *, user, authority, selection: bool) -> list[Document]:
    """The source documents: all of those in scope, or those behind the selected actions."""
    documents = selectors.document_list(user=_scope(user))
    if authority is not None:
        documents = documents.filter(authority=authority)
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


# --------------------------------------------------------------------------- sheets


def _write_summary(
    ws,
    *,
    place: str,
    produced_by: str,
    note: str,
    documents: list[Document],
    areas: list[AreaCounts],
    action_count: int,
    overdue,
    overdue_count: int,
    today: date,
) -> None:
    c = _prepare(
        ws,
        [44, 14, *[12] * (len(AREA_COLUMNS) - 2)],
        title=f"{place} – Summary",
        footer_date=today,
        freeze=None,
    )
    s = c.s

    def fact(label, value_cell):
        # Values overflow into the empty cells beside them: no wrapping, no tall rows.
        c.append([c.styled(label, s.label), value_cell], fit=False)

    c.append([c.styled("Improvement plan board pack", s.title)], fit=False)
    c.append([])
    fact("Authority", c.text(place, boxed=False))
    fact("Date produced", c.date(today, boxed=False))
    fact("Produced by", c.text(produced_by, boxed=False))
    fact("Selection", c.text(note, boxed=False))
    fact("Actions in this pack", c.styled(action_count, s.plain))
    fact("Overdue actions", c.styled(overdue_count, s.plain))
    for index, document in enumerate(documents):
        fact(
            "Source documents" if index == 0 else None,
            c.text(f"{document.authority.name}: {document_label(document)}", boxed=False),
        )
    if not documents:
        fact("Source documents", c.text("None", boxed=False))

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
                c.rag(action.rag),
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


def _write_action_plan(ws, rows: QuerySet[Action], *, place: str, today: date) -> int:
    c = _prepare(
        ws,
        [w for _, w in ACTION_PLAN_COLUMNS],
        title=f"{place} – Action plan",
        footer_date=today,
        freeze="B2",
    )
    c.append([c.header(h) for h, _ in ACTION_PLAN_COLUMNS])
    count = 0
    for action in rows.iterator(chunk_size=CHUNK_SIZE):
        finding = action.finding
        overdue = action.status not in DONE_STATUSES and action.deadline < today
        c.append(
            [
                c.text(action_reference(action)),
                c.text(finding.text),
                c.text(area_label(finding.judgement_area, action.paragraph_heading)),
                c.text(action.title),
                c.text(action.success_measure),
                c.text(selectors.person_name(action.owner) or "Unassigned"),
                c.text(action.lead_role),
                c.date(action.start_date),
                c.date(action.deadline),
                c.text(STATUS_LABELS[action.status]),
                c.rag(action.rag),
                c.text(action.latest_update_text),
                c.date(_local_date(action.latest_update_at)),
                c.number(action.evidence_count),
                c.number((today - action.deadline).days if overdue else None),
            ]
        )
        count += 1
    last_row = count + 1
    last_col = get_column_letter(len(ACTION_PLAN_COLUMNS))
    ws.auto_filter.ref = f"A1:{last_col}{last_row}"
    ws.print_title_rows = "1:1"
    # Lists of the allowed words, for anyone who edits a copy of the pack.
    for header, choices in (("Status", Status.labels), ("RAG", [r.label for r in RAG_ORDER])):
        column = get_column_letter([h for h, _ in ACTION_PLAN_COLUMNS].index(header) + 1)
        validation = DataValidation(
            type="list", formula1='"' + ",".join(choices) + '"', allow_blank=True
        )
        validation.add(f"{column}2:{column}{max(last_row, 2)}")
        ws.data_validations.append(validation)
    return count


def _write_findings(ws, findings: QuerySet[Finding], *, place: str, today: date) -> int:
    c = _prepare(
        ws,
        [w for _, w in FINDING_COLUMNS],
        title=f"{place} – Findings",
        footer_date=today,
        freeze="B2",
    )
    c.append([c.header(h) for h, _ in FINDING_COLUMNS])
    references = _paragraph_refs(findings)
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
                c.date(document.date_for_ordering),
                c.text(finding.get_source_list_display()),
                c.text(area_label(finding.judgement_area, finding.paragraph_heading)),
                c.text(finding.text),
                c.text(finding.framework_reference),
                c.text(paragraph_reference(paragraphs)),
                c.number(finding.action_count),
                c.number(finding.open_action_count),
                c.rag(worst),
            ]
        )
        count += 1
    ws.auto_filter.ref = f"A1:{get_column_letter(len(FINDING_COLUMNS))}{count + 1}"
    ws.print_title_rows = "1:1"
    return count


# --------------------------------------------------------------------------- across visits


@dataclass(frozen=True)
class AcrossVisits:
    matrix: StatusMatrix
    rows: tuple[MatrixRow, ...]
    columns: tuple[int, ...]  # indexes into matrix.documents
    ours: dict[tuple[int, int], OurStatusThen]  # (finding id, document id) → our status then


def across_visits(
    *, authority: LocalAuthority, actions: QuerySet[Action] | None
) -> AcrossVisits | None:
    """The across-visits matrix of one authority with our status on each visit date.

    The caller has checked that the user may see the authority. None when no
    later document has said anything yet about the findings in the pack (with
    ``actions``, the findings behind those actions). Our status counts all of
    a finding's actions, not only the selected ones. Queries: one when nothing
    has been followed up; else those of ``status_matrix``, one for the
    findings of ``actions``, and those of ``as_at.statuses_at_visits``.
    """
    if (
        not FollowUp.objects.filter(finding__document__authority=authority)
        .exclude(state=ReviewState.REJECTED)
        .exists()
    ):
        return None
    matrix = status_matrix(authority=authority)
    for document in matrix.documents:
        document.authority = authority  # for the findings' references, without a query each
    # Findings of the latest document have nothing to show yet.
    rows = tuple(r for r in matrix.rows if r.later_cells)
    if actions is not None:
        wanted = set(actions.order_by().values_list("finding_id", flat=True).distinct())
        rows = tuple(r for r in rows if r.finding.pk in wanted)
    if not any(c.verdict for r in rows for c in r.later_cells):
        return None
    columns = tuple(
        i for i in range(len(matrix.documents)) if any(r.cells[i] is not None for r in rows)
    )
    # The same kept statuses as the across-visits page, so both flag the same cells.
    dated = [
        (row.finding.pk, document)
        for row in rows
        for document in (matrix.documents[i] for i in columns)
        if visit_date(document) is not None
    ]
    then = as_at.statuses_at_visits(
        {(finding_id, visit_date(document)) for finding_id, document in dated},
        kept=SettledStatus.objects.filter(finding__document__authority=authority),
    )
    ours = {
        (finding_id, document.pk): then[(finding_id, visit_date(document))]
        for finding_id, document in dated
    }
    return AcrossVisits(matrix, rows, columns, ours)


def across_visits_cell(cell: MatrixCell, ours: OurStatusThen | None) -> tuple[str, bool]:
    """The text of one cell, and whether it needs a second look
    (``as_at.is_self_assessment_gap``, as on the across-visits page)."""
    lines = [cell.verdict_label + (" (suggested, not yet confirmed)" if cell.pending else "")]
    if cell.quotes:
        lines.append("Evidence: " + quote_reference([q.paragraph for q in cell.quotes]))
    if ours is not None:
        said = f"{ours.rag.label} ({ours.summary.lower()})" if ours.rag else "no actions yet"
        lines.append(f"Our status then: {said}")
    check = as_at.is_self_assessment_gap(cell.verdict, ours)
    if check:
        lines.append(f"Check: we reported {ours.rag.label.lower()}, inspectors saw no progress")
    return "\n".join(lines), check


def _write_across_visits(ws, data: AcrossVisits, *, place: str, today: date) -> None:
    documents = [data.matrix.documents[i] for i in data.columns]
    themed = any(row.theme for row in data.rows)
    headers = [
        *([("Theme", 22)] if themed else []),
        ("Reference", 13),
        ("Finding", 40),
        *[(document_label(d), 30) for d in documents],
    ]
    c = _prepare(
        ws,
        [w for _, w in headers],
        title=f"{place} – Across visits",
        footer_date=today,
        freeze="D2" if themed else "C2",
    )
    c.append([c.header(h) for h, _ in headers])
    for row in data.rows:
        cells = [
            *([c.text(row.theme.title if row.theme else "")] if themed else []),
            c.text(row.finding.reference),
            c.text(row.finding.text),
        ]
        for index, document in zip(data.columns, documents, strict=True):
            cell = row.cells[index]
            if cell is None:
                own = document.pk == row.finding.document_id
                text = "Source of this finding" if own else "Before this finding"
                cells.append(c.styled(text, c.s.muted))
                continue
            text, check = across_visits_cell(cell, data.ours.get((row.finding.pk, document.pk)))
            written = c.text(text)
            if check:
                written._style = c.s.check
            cells.append(written)
        c.append(cells)
    ws.auto_filter.ref = f"A1:{get_column_letter(len(headers))}{len(data.rows) + 1}"
    ws.print_title_rows = "1:1"
