"""The rules of a measure, in one place and free of the database.

- The **trajectory** runs in a straight line from the baseline (value, date) to the
  target (value, date); before the baseline it is the baseline, after the target
  the target.
- A value is **on track** when it is at least as good as the trajectory at the end
  of its month: at or above it when higher is better, at or below when lower is.
- **Missing months** are the complete months after the baseline's month, up to the
  last complete month (and no later than the target's month), that have no value.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

ON_TRACK = "on_track"
OFF_TRACK = "off_track"
NO_VALUES = "no_values"
LABELS = {ON_TRACK: "On track", OFF_TRACK: "Off track", NO_VALUES: "No values yet"}


@dataclass(frozen=True)
class Plan:
    baseline_value: Decimal
    baseline_date: date
    target_value: Decimal
    target_date: date
    higher_is_better: bool = True


@dataclass(frozen=True)
class Standing:
    state: str  # ON_TRACK, OFF_TRACK or NO_VALUES
    latest_month: date | None
    latest_value: Decimal | None
    expected: Decimal | None  # the trajectory at the end of the latest month
    missing: tuple[date, ...]

    @property
    def label(self) -> str:
        return LABELS[self.state]

    @property
    def off_track(self) -> bool:
        return self.state == OFF_TRACK


def month_start(day: date) -> date:
    return day.replace(day=1)


def month_end(month: date) -> date:
    return month.replace(day=calendar.monthrange(month.year, month.month)[1])


def next_month(month: date) -> date:
    return date(month.year + month.month // 12, month.month % 12 + 1, 1)


def trajectory(plan: Plan, on: date) -> Decimal:
    """Where the measure should be on a day, on the straight line from baseline to target."""
    if on <= plan.baseline_date:
        return plan.baseline_value
    if on >= plan.target_date:
        return plan.target_value
    elapsed = Decimal((on - plan.baseline_date).days)
    span = Decimal((plan.target_date - plan.baseline_date).days)
    step = (plan.target_value - plan.baseline_value) * elapsed / span
    return (plan.baseline_value + step).quantize(Decimal("0.01"))


def is_better_or_equal(plan: Plan, value: Decimal, than: Decimal) -> bool:
    return value >= than if plan.higher_is_better else value <= than


def expected_for(plan: Plan, month: date) -> Decimal:
    """The trajectory at the end of a value's month."""
    return trajectory(plan, month_end(month))


def on_track(plan: Plan, month: date, value: Decimal) -> bool:
    return is_better_or_equal(plan, value, expected_for(plan, month))


def missing_months(plan: Plan, months: set[date], today: date) -> tuple[date, ...]:
    last_complete = month_start(month_start(today) - timedelta(days=1))
    last = min(last_complete, month_start(plan.target_date))
    missing = []
    month = next_month(month_start(plan.baseline_date))
    while month <= last:
        if month not in months:
            missing.append(month)
        month = next_month(month)
    return tuple(missing)


def standing(plan: Plan, values: dict[date, Decimal], today: date) -> Standing:
    """Whether the latest value is on track, and which months have no value."""
    missing = missing_months(plan, set(values), today)
    if not values:
        return Standing(NO_VALUES, None, None, None, missing)
    latest = max(values)
    state = ON_TRACK if on_track(plan, latest, values[latest]) else OFF_TRACK
    return Standing(state, latest, values[latest], expected_for(plan, latest), missing)
