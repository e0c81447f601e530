"""A small toolkit for large, printable openpyxl write-only sheets, and their fast cell writer.

Nothing here knows about plans or actions. A sheet is prepared once (column
widths, frozen panes, A4 landscape print set-up, which must all come before the
first row), then filled row by row through ``Cells``, whose cells carry a type
and a style decided by the caller.

**The fast path.** openpyxl guesses each value's type and, for each appended
item, first tries it as a plain value and catches the error a cell raises; on
a 50,000-row plan that guessing is most of the time spent. Here each cell's
value, type and style are set directly and rows are numbered by
``write_row_cells``, which does what openpyxl's own
``WriteOnlyWorksheet._values_to_row`` does for cells (skip ``None``, number the
cell, point its hyperlink at it) without the guessing. Every cell gets its own
copy of its style, so restyling one cell never restyles another. These touch
openpyxl internals (``_value``, ``_style``, ``_values_to_row``) as of
``CHECKED_OPENPYXL``; a test fails on any other version, so an upgrade is
re-checked (tests/tracker/test_board_pack_xlsx.py) before it ships.
"""

from __future__ import annotations

import math
from copy import copy
from datetime import date

from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.styles.cell_style import StyleArray
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.page import PageMargins
from openpyxl.worksheet.properties import PageSetupProperties

# The openpyxl version whose internals the fast path was checked against.
CHECKED_OPENPYXL = "3.1.5"
DATE_FORMAT = "DD/MM/YYYY"
# Excel's limit for one cell; longer text is cut with a visible marker.
MAX_CELL_TEXT = 32_767
# What spreadsheet programs may read as the start of a formula.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
LINE_HEIGHT = 15  # points, for 11-point text
MAX_ROW_HEIGHT = 409  # Excel's limit
# What fits across A4 landscape inside the margins below, in pixels at 96 an inch
# (297 mm less 2 × 0.4 inch is 10.9 inches; a little is kept back for rounding).
PAGE_WIDTH_PX = 1030


def printed_width(widths: list[float]) -> int:
    """Pixels the columns take on paper at 100%: Excel's 7 a character plus 5 of padding."""
    return sum(math.trunc(width * 7 + 5) for width in widths)


def clean_text(value) -> str:
    """Text a cell can hold: no characters XML forbids, at most Excel's cell limit."""
    text = ILLEGAL_CHARACTERS_RE.sub("", str(value))
    if len(text) > MAX_CELL_TEXT:
        text = text[: MAX_CELL_TEXT - 1] + "…"
    return text


def font(**attrs) -> Font:
    # The workbook's default font; a Font without a name falls back to a serif face.
    return Font(**{"name": "Calibri", "size": 11, **attrs})


def filled(colour: str) -> PatternFill:
    return PatternFill("solid", fgColor=colour)


class Styles:
    """The styles of a plain table and the text around it, each registered once per sheet.

    A style is kept as openpyxl's style array (indexes into the workbook's fonts,
    fills, borders…); ``Cells`` gives each cell its own copy.
    """

    def __init__(self, ws):
        self.ws = ws
        thin = Side(style="thin", color="B1B4B6")
        self.border = Border(left=thin, right=thin, top=thin, bottom=thin)
        self.top = Alignment(vertical="top")
        self.top_wrap = Alignment(vertical="top", wrap_text=True)
        boxed = {"alignment": self.top_wrap, "border": self.border}
        self.header = self.style(
            font=font(bold=True, color="FFFFFF"), fill=filled("1D70B8"), **boxed
        )
        self.text = self.style(**boxed)
        self.text_quoted = self.style(quotePrefix=True, **boxed)
        self.date = self.style(alignment=self.top, border=self.border, number_format=DATE_FORMAT)
        self.number = self.style(alignment=self.top, border=self.border)
        self.title = self.style(font=font(bold=True, size=16))
        self.heading = self.style(font=font(bold=True, size=13))
        self.label = self.style(font=font(bold=True), alignment=self.top)
        self.plain = self.style(alignment=self.top)
        self.plain_quoted = self.style(alignment=self.top, quotePrefix=True)
        self.plain_date = self.style(
            alignment=Alignment(vertical="top", horizontal="left"), number_format=DATE_FORMAT
        )
        self.total = self.style(font=font(bold=True), border=self.border)
        self.muted = self.style(font=font(color="505A5F"), **boxed)

    def style(self, **attrs) -> StyleArray:
        """A style from openpyxl's public cell attributes (font, fill, border, …)."""
        cell = WriteOnlyCell(self.ws)
        for name, value in attrs.items():
            setattr(cell, name, value)
        return cell._style


def _lines(cells: list, widths: list[float]) -> int:
    """Lines the tallest cell needs, taking a little under one character per unit of width.

    That is generous for Calibri and about right for the wider fonts
    LibreOffice substitutes, and for bold headings, so text is not cut off.
    """
    lines = 1
    for cell, width in zip(cells, widths, strict=False):
        value = None if cell is None else cell.value
        if value.__class__ is not str or (len(value) < width - 1 and "\n" not in value):
            continue
        per_line = max(int(width) - 1, 4)
        needed = sum(max(1, math.ceil(len(part) / per_line)) for part in value.split("\n"))
        lines = max(lines, needed)
    return lines


def write_row_cells(cells, row_idx):
    """Number a row's cells for the write-only writer, as openpyxl's ``_values_to_row`` does.

    Every item is a cell or ``None`` (``Cells.append`` is the only way rows are
    written), so openpyxl's try-as-a-value-first is skipped: about an eighth of
    a large pack's time. ``None`` leaves the column empty; a hyperlink is
    pointed at its cell, as openpyxl does.
    """
    for column, cell in enumerate(cells, 1):
        if cell is None:
            continue
        cell.column = column
        cell.row = row_idx
        if cell.hyperlink is not None:
            cell.hyperlink.ref = cell.coordinate
        yield cell


class Cells:
    """Makes write-only cells for one sheet and appends rows of them."""

    def __init__(self, ws, styles: Styles, widths: list[float]):
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

    def cell(self, value, style: StyleArray, data_type: str):
        """A cell whose type is known: openpyxl's guessing is skipped.

        Guessing costs a good share of the time on large sheets, and it would
        read text starting with "=" as a formula and "#N/A" as an error value.
        """
        cell = WriteOnlyCell(self.ws)
        cell._value = value
        cell.data_type = data_type
        cell._style = copy(style)
        return cell

    def text(self, value, *, boxed: bool = True):
        """Text, kept as text even when it looks like a formula (with Excel's quote prefix)."""
        if value is None or value == "":
            return self.cell(None, self.s.text if boxed else self.s.plain, "n")
        text = clean_text(value)
        if text.startswith(FORMULA_TRIGGERS):
            style = self.s.text_quoted if boxed else self.s.plain_quoted
        else:
            style = self.s.text if boxed else self.s.plain
        return self.cell(text, style, "s")

    def date(self, value: date | None, *, boxed: bool = True):
        style = self.s.date if boxed else self.s.plain_date
        return self.cell(value, style, "n" if value is None else "d")

    def number(self, value: int | None):
        return self.cell(value, self.s.number, "n")

    def header(self, value: str):
        return self.cell(value, self.s.header, "s")

    def styled(self, value, style: StyleArray):
        """A cell of fixed wording or a count, with openpyxl working out its type."""
        cell = WriteOnlyCell(self.ws, value)
        cell._style = copy(style)
        return cell


def prepare(
    ws,
    widths: list[float],
    *,
    title: str,
    footer_date: date,
    freeze: str | None,
    styles: type[Styles] = Styles,
    repeat_columns: int = 0,
) -> Cells:
    """Column widths, frozen panes and A4 landscape print set-up, before the first row.

    Printing is at 100%, never shrunk to fit: at 11 points nothing prints under
    9 points. A sheet wider than the page prints across pages, a band of rows
    at a time (its first ``repeat_columns`` columns repeated on each page), so
    a reader turns over to the rest of the same rows.
    """
    for index, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(index)].width = width
    if freeze:
        ws.freeze_panes = freeze
    ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=False)
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = 9  # A4
    ws.page_setup.scale = 100
    if printed_width(widths) > PAGE_WIDTH_PX:
        ws.page_setup.pageOrder = "overThenDown"
        if repeat_columns:
            ws.print_title_cols = f"A:{get_column_letter(repeat_columns)}"
    ws.page_margins = PageMargins(
        left=0.4, right=0.4, top=0.75, bottom=0.75, header=0.3, footer=0.3
    )
    ws.print_options.horizontalCentered = True
    # "&" starts a header code in Excel, so a literal one is doubled.
    ws.oddHeader.center.text = title.replace("&", "&&")
    ws.oddFooter.left.text = f"Produced {footer_date:%d/%m/%Y}"
    ws.oddFooter.right.text = "Page &P of &N"
    ws._values_to_row = write_row_cells
    return Cells(ws, styles(ws), list(widths))
