"""The rules of a measure: trajectory, direction, on track, missing months; and its chart."""

from datetime import date
from decimal import Decimal as D

import pytest
from openpyxl import Workbook

from tracker.measures import chart, rules
from tracker.measures.sheet import _chart

RHI = rules.Plan(D("38"), date(2025, 3, 31), D("80"), date(2025, 12, 31), higher_is_better=True)
DAYS = rules.Plan(D("30"), date(2025, 1, 31), D("10"), date(2025, 11, 30), higher_is_better=False)


def test_trajectory_is_a_straight_line_from_baseline_to_target():
    assert rules.trajectory(RHI, date(2025, 1, 1)) == D("38")
    assert rules.trajectory(RHI, date(2025, 3, 31)) == D("38")
    # 275 days from baseline to target; 153 days to 31 August.
    assert rules.trajectory(RHI, date(2025, 8, 31)) == D("61.37")
    assert rules.trajectory(RHI, date(2025, 12, 31)) == D("80")
    assert rules.trajectory(RHI, date(2026, 6, 1)) == D("80")


@pytest.mark.parametrize(
    ("plan", "value", "on_track"),
    [
        (RHI, D("62"), True),  # above a rising trajectory (61.37 at the end of August)
        (RHI, D("61.37"), True),  # exactly on it
        (RHI, D("55"), False),
        (DAYS, D("20"), True),  # fewer days is better: below 22 at the end of June
        (DAYS, D("25"), False),
    ],
)
def test_on_track_depends_on_which_way_is_better(plan, value, on_track):
    month = date(2025, 8, 1) if plan is RHI else date(2025, 6, 1)
    assert rules.on_track(plan, month, value) is on_track


def test_standing_reads_the_latest_value_and_lists_missing_months():
    values = {date(2025, 4, 1): D("40"), date(2025, 6, 1): D("44")}
    standing = rules.standing(RHI, values, today=date(2025, 8, 15))
    assert standing.state == rules.OFF_TRACK
    assert (standing.latest_month, standing.latest_value) == (date(2025, 6, 1), D("44"))
    assert standing.expected == rules.trajectory(RHI, date(2025, 6, 30))
    # April and June reported; May and July (the last complete month) are missing.
    assert standing.missing == (date(2025, 5, 1), date(2025, 7, 1))


def test_missing_months_stop_at_the_target():
    assert rules.missing_months(RHI, set(), today=date(2026, 6, 1))[-1] == date(2025, 12, 1)
    assert len(rules.missing_months(RHI, set(), today=date(2026, 6, 1))) == 9


def test_no_values_yet():
    standing = rules.standing(RHI, {}, today=date(2025, 4, 10))
    assert (standing.state, standing.label, standing.missing) == (
        rules.NO_VALUES,
        "No values yet",
        (),
    )


def test_chart_has_a_text_alternative_and_escapes_the_name():
    values = {date(2025, 4, 1): D("40"), date(2025, 5, 1): D("48")}
    standing = rules.standing(RHI, values, today=date(2025, 6, 2))
    svg = chart.svg(
        name="RHI <72h> & offered",
        unit="%",
        plan=RHI,
        values=values,
        standing=standing,
        ident="m1",
    )
    assert svg.startswith("<svg") and 'role="img"' in svg
    assert 'aria-labelledby="m1-title m1-desc"' in svg
    assert "RHI &lt;72h&gt; &amp; offered" in svg
    assert '<title id="m1-title">' in svg
    assert svg.count("<circle") == 2
    assert 'stroke-dasharray="6 4"' in svg
    assert chart.describe("RHI", "%", RHI, values, standing) == (
        "RHI: Baseline 38% in March 2025; target 80% by December 2025; "
        "latest 48% in May 2025 (on track, trajectory 47.32%)."
    )


def test_a_long_measure_name_is_cut_at_a_word_in_its_chart_title():
    name = "Percentage of children offered a return home interview within 72 hours " * 2
    chart = _chart(Workbook().active, name, 1, 1)
    title = "".join(run.t for paragraph in chart.title.tx.rich.p for run in paragraph.r)
    assert title == "Percentage of children offered a return home interview within 72 hours…"
