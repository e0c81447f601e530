"""The board pack's xlsx toolkit: its fast cell writer behaves as openpyxl's own would."""

import datetime
import io

import openpyxl
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Font

from tracker.board_pack import xlsx

TODAY = datetime.date(2025, 3, 10)


def _sheet():
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("Sheet")
    return wb, xlsx.prepare(ws, [10, 10, 10], title="Test", footer_date=TODAY, freeze=None)


def _read(wb):
    buffer = io.BytesIO()
    wb.save(buffer)
    buffer.seek(0)
    return load_workbook(buffer)["Sheet"]


def test_the_fast_path_was_checked_against_the_installed_openpyxl():
    # The writer sets cells' _value and _style and replaces _values_to_row: re-read
    # openpyxl's WriteOnlyWorksheet._values_to_row and cell writer before moving this on.
    assert openpyxl.__version__ == xlsx.CHECKED_OPENPYXL


def test_a_link_written_in_column_c_reads_back_on_column_c():
    wb, c = _sheet()
    linked = c.text("The report")
    linked.hyperlink = "https://reports.ofsted.gov.uk/provider/44/80449"
    c.append([c.text("First"), c.text("Second"), linked])
    c.append([c.text("Next row")])

    ws = _read(wb)

    assert ws["C1"].hyperlink.target == "https://reports.ofsted.gov.uk/provider/44/80449"
    assert ws["C1"].value == "The report"
    linked_cells = [cell.coordinate for row in ws.iter_rows() for cell in row if cell.hyperlink]
    assert linked_cells == ["C1"]


def test_none_leaves_its_column_empty_as_openpyxl_does():
    wb, c = _sheet()
    c.append([c.text("First"), None, c.number(3)])

    ws = _read(wb)

    assert [cell.value for cell in ws[1]] == ["First", None, 3]
    assert not ws["B1"].has_style


def test_restyling_one_cell_leaves_the_others_of_its_style_alone():
    wb, c = _sheet()
    first, second = c.text("One"), c.text("Two")
    first.font = Font(name="Calibri", bold=True, color="FFC00000")
    c.append([first, second, c.styled("Three", c.s.text)])

    ws = _read(wb)

    assert ws["A1"].font.b and ws["A1"].font.color.rgb == "FFC00000"
    assert not ws["B1"].font.b and not ws["C1"].font.b
    assert ws["B1"].border.left.style == ws["C1"].border.left.style == "thin"
