"""A measure's values as a small SVG line chart, drawn on the server.

The chart carries its own text alternative (``<title>`` and ``<desc>``), uses a
solid line with round markers for the values and a dashed line for the
trajectory (so it reads without colour), and scales to its container. The page
shows the same figures in a table beside it.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from html import escape

from tracker.measures.rules import Plan, Standing

WIDTH, HEIGHT = 480, 240
LEFT, RIGHT, TOP, BOTTOM = 56, 16, 16, 40
VALUE_COLOUR = "#1d70b8"  # GOV.UK blue
TRAJECTORY_COLOUR = "#505a5f"  # GOV.UK secondary text
AXIS_COLOUR = "#0b0c0c"


def _number(value: Decimal) -> str:
    text = f"{value:,.2f}".rstrip("0").rstrip(".")
    return text or "0"


def describe(name: str, unit: str, plan: Plan, values: dict[date, Decimal], standing) -> str:
    """The chart in words: what a screen reader says and what shows without images."""
    suffix = f" {unit}" if unit and unit != "%" else unit
    parts = [
        f"Baseline {_number(plan.baseline_value)}{suffix} in {plan.baseline_date:%B %Y}",
        f"target {_number(plan.target_value)}{suffix} by {plan.target_date:%B %Y}",
    ]
    if values:
        latest = max(values)
        parts.append(
            f"latest {_number(values[latest])}{suffix} in {latest:%B %Y} "
            f"({standing.label.lower()}, trajectory {_number(standing.expected)}{suffix})"
        )
    else:
        parts.append("no values yet")
    return f"{name}: " + "; ".join(parts) + "."


def svg(
    *, name: str, unit: str, plan: Plan, values: dict[date, Decimal], standing: Standing, ident: str
) -> str:
    start = min([plan.baseline_date, *values])
    end = max([plan.target_date, *values])
    figures = [plan.baseline_value, plan.target_value, *values.values()]
    low, high = min(figures), max(figures)
    if low == high:
        low, high = low - 1, high + 1
    pad = (high - low) / 10
    low, high = low - pad, high + pad
    days = max((end - start).days, 1)
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM

    def x(day: date) -> float:
        return round(LEFT + plot_w * (day - start).days / days, 1)

    def y(value: Decimal) -> float:
        return round(TOP + plot_h * float((high - value) / (high - low)), 1)

    title_id, desc_id = f"{ident}-title", f"{ident}-desc"
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" '
        f'class="app-measure-chart" role="img" aria-labelledby="{title_id} {desc_id}">',
        f'<title id="{title_id}">{escape(name)}</title>',
        f'<desc id="{desc_id}">{escape(describe(name, unit, plan, values, standing))}</desc>',
        f'<line x1="{LEFT}" y1="{TOP}" x2="{LEFT}" y2="{TOP + plot_h}" stroke="{AXIS_COLOUR}"/>',
        f'<line x1="{LEFT}" y1="{TOP + plot_h}" x2="{LEFT + plot_w}" y2="{TOP + plot_h}" '
        f'stroke="{AXIS_COLOUR}"/>',
    ]
    for value in (high - pad, low + pad):
        out.append(
            f'<text x="{LEFT - 6}" y="{y(value) + 4}" text-anchor="end" font-size="12" '
            f'fill="{AXIS_COLOUR}">{escape(_number(value))}</text>'
        )
    for day, anchor in ((start, "start"), (end, "end")):
        out.append(
            f'<text x="{x(day)}" y="{HEIGHT - 12}" text-anchor="{anchor}" font-size="12" '
            f'fill="{AXIS_COLOUR}">{day:%b %Y}</text>'
        )
    out.append(
        f'<line x1="{x(plan.baseline_date)}" y1="{y(plan.baseline_value)}" '
        f'x2="{x(plan.target_date)}" y2="{y(plan.target_value)}" stroke="{TRAJECTORY_COLOUR}" '
        f'stroke-width="2" stroke-dasharray="6 4"/>'
    )
    out.append(
        f'<rect x="{x(plan.target_date) - 5}" y="{y(plan.target_value) - 5}" width="10" '
        f'height="10" fill="none" stroke="{TRAJECTORY_COLOUR}" stroke-width="2"/>'
    )
    if values:
        points = " ".join(f"{x(m)},{y(v)}" for m, v in sorted(values.items()))
        out.append(
            f'<polyline points="{points}" fill="none" stroke="{VALUE_COLOUR}" stroke-width="3"/>'
        )
        out.extend(
            f'<circle cx="{x(m)}" cy="{y(v)}" r="4" fill="{VALUE_COLOUR}"/>'
            for m, v in sorted(values.items())
        )
    out.append("</svg>")
    return "".join(out)
