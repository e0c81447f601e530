"""The board pack's Measures sheet: each measure with its baseline, target, last six
values, the trajectory for those months and a line chart of both.

Written with openpyxl's public API into the pack's write-only workbook; the sheet
is added only when there are measures to show, so packs without any are unchanged.
Two queries however many measures there are.
"""

from __future__ import annotations

from datetime import date

from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.chart import LineChart, Reference
from openpyxl.styles import Font

from tracker.formats import shorten
from tracker.measures import rules, selectors
from tracker.measures.models import Measure

SHEET_TITLE = "Measures"
DATE_FORMAT = "DD/MM/YYYY"
MONTH_FORMAT = "MMM YYYY"
# Rows each measure takes: five of figures, then room for its chart.
BLOCK_ROWS = 16
WIDTHS = (34, 14, 12, 12, 12, 12, 12, 12)
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def _measures(*, user, actions, authority):
    measures = selectors.measure_queryset(user=user)
    if authority is not None:
        measures = measures.filter(finding__document__authority=authority)
    if actions is not None:
        measures = measures.filter(finding__in=actions.order_by().values("finding_id"))
    return measures.order_by("finding__document__authority__name", "finding__order", "name", "pk")


def add_measures_sheet(
    workbook, *, user, actions=None, authority=None, today: date | None = None
) -> int:
    """Add the Measures sheet to ``workbook`` when any measure is in scope; how many were written.

    ``user``, ``actions`` and ``authority`` mean what they mean to ``write_board_pack``:
    the measures are those of the findings in the pack."""
    reports = selectors.reports(
        _measures(user=user, actions=actions, authority=authority), today=today
    )
    if not reports:
        return 0
    ws = workbook.create_sheet(SHEET_TITLE)
    for index, width in enumerate(WIDTHS):
        ws.column_dimensions[chr(ord("A") + index)].width = width
    bold = Font(bold=True)

    def text(value, *, font=None):
        value = ILLEGAL_CHARACTERS_RE.sub("", str(value or ""))
        cell = WriteOnlyCell(ws, value=value)
        if value.startswith(FORMULA_TRIGGERS):
            cell.data_type = "s"  # text, never a formula
        if font is not None:
            cell.font = font
        return cell

    def number_or_date(value, fmt=None):
        cell = WriteOnlyCell(ws, value=value)
        if fmt:
            cell.number_format = fmt
        return cell

    ws.append([text("Measures of impact: baseline, target and the last six values", font=bold)])
    ws.append([])
    row = 3
    for report in reports:
        measure: Measure = report.measure
        last = report.last_values
        ws.append(
            [
                text(f"{report.reference} {measure.name}", font=bold),
                text(measure.finding.reference),
                text(measure.unit),
                text("Higher is better" if measure.higher_is_better else "Lower is better"),
                text(report.standing.label),
                text(measure.source),
            ]
        )
        ws.append(
            [
                text("Baseline"),
                number_or_date(float(measure.baseline_value)),
                number_or_date(measure.baseline_date, DATE_FORMAT),
                text("Target"),
                number_or_date(float(measure.target_value)),
                number_or_date(measure.target_date, DATE_FORMAT),
            ]
        )
        ws.append([text("Month", font=bold), *[number_or_date(m, MONTH_FORMAT) for m, _ in last]])
        ws.append([text("Value", font=bold), *[number_or_date(float(v)) for _, v in last]])
        ws.append(
            [
                text("Trajectory", font=bold),
                *[number_or_date(float(rules.expected_for(report.plan, m))) for m, _ in last],
            ]
        )
        if last:
            ws.add_chart(_chart(ws, measure.name, row + 2, len(last)), f"A{row + 5}")
        for _ in range(BLOCK_ROWS - 5):
            ws.append([])
        row += BLOCK_ROWS
    return len(reports)


def _chart(ws, name: str, month_row: int, count: int) -> LineChart:
    chart = LineChart()
    chart.title = shorten(name, 80)
    chart.height, chart.width = 5.5, 14
    chart.y_axis.title = "Value"
    data = Reference(ws, min_col=1, max_col=count + 1, min_row=month_row + 1, max_row=month_row + 2)
    chart.add_data(data, titles_from_data=True, from_rows=True)
    chart.set_categories(Reference(ws, min_col=2, max_col=count + 1, min_row=month_row))
    chart.series[1].graphicalProperties.line.dashStyle = "dash"
    return chart
