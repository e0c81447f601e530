"""Reads for measures: each measure with its values, standing, chart and figures.

Every list reads its measures and their values in two queries, whatever their number.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db.models import OuterRef, Prefetch, QuerySet, Subquery
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe

from tracker import scope
from tracker.measures import chart, rules
from tracker.measures.models import Measure, MeasureValue

LAST_VALUES = 6


@dataclass(frozen=True)
class MeasureReport:
    measure: Measure
    values: dict[date, Decimal]
    standing: rules.Standing
    plan: rules.Plan

    @property
    def reference(self) -> str:
        return f"M{self.measure.pk}"

    @property
    def figures(self) -> list[tuple[date, Decimal, Decimal, bool]]:
        """Each month's value, the trajectory at the end of that month and whether on track."""
        return [
            (
                month,
                value,
                rules.expected_for(self.plan, month),
                rules.on_track(self.plan, month, value),
            )
            for month, value in sorted(self.values.items())
        ]

    @property
    def last_values(self) -> list[tuple[date, Decimal]]:
        return sorted(self.values.items())[-LAST_VALUES:]

    def svg(self) -> SafeString:
        # Built from numbers and escaped text only (chart.svg escapes the name).
        return mark_safe(  # noqa: S308
            chart.svg(
                name=self.measure.name,
                unit=self.measure.unit,
                plan=self.plan,
                values=self.values,
                standing=self.standing,
                ident=f"measure-{self.measure.pk}-chart",
            )
        )

    @property
    def description(self) -> str:
        return chart.describe(
            self.measure.name, self.measure.unit, self.plan, self.values, self.standing
        )


def plan_of(measure: Measure) -> rules.Plan:
    return rules.Plan(
        baseline_value=measure.baseline_value,
        baseline_date=measure.baseline_date,
        target_value=measure.target_value,
        target_date=measure.target_date,
        higher_is_better=measure.higher_is_better,
    )


def report(measure: Measure, values: dict[date, Decimal], today: date) -> MeasureReport:
    plan = plan_of(measure)
    return MeasureReport(measure, values, rules.standing(plan, values, today), plan)


def measure_queryset(*, user) -> QuerySet[Measure]:
    return scope.visible(
        Measure.objects.select_related("finding__document__authority", "action"),
        user,
        via="finding__document__authority",
    ).defer("finding__document__text")


def reports(measures: QuerySet[Measure], *, today: date | None = None) -> list[MeasureReport]:
    today = today or timezone.localdate()
    measures = measures.prefetch_related(
        Prefetch("values", queryset=MeasureValue.objects.order_by("month"), to_attr="value_rows")
    )
    return [report(m, {v.month: v.value for v in m.value_rows}, today) for m in measures]


def measure_list(*, user, today: date | None = None) -> list[MeasureReport]:
    return reports(
        measure_queryset(user=user).order_by("finding__document__authority__name", "name", "pk"),
        today=today,
    )


def finding_measures(*, finding, today: date | None = None) -> list[MeasureReport]:
    return reports(
        Measure.objects.filter(finding=finding).select_related("action").order_by("name", "pk"),
        today=today,
    )


def measure_detail(*, user, pk: int, today: date | None = None) -> MeasureReport:
    """One measure; Measure.DoesNotExist outside the user's authorities."""
    found = reports(measure_queryset(user=user).filter(pk=pk), today=today)
    if not found:
        raise Measure.DoesNotExist
    return found[0]


def off_track_count(*, user, today: date | None = None) -> int:
    """How many measures the user can see are off track on their latest value (one query)."""
    today = today or timezone.localdate()
    latest = MeasureValue.objects.filter(measure=OuterRef("pk")).order_by("-month")
    measures = scope.visible(
        Measure.objects.all(), user, via="finding__document__authority"
    ).annotate(
        latest_month=Subquery(latest.values("month")[:1]),
        latest_value=Subquery(latest.values("value")[:1]),
    )
    count = 0
    for m in measures.filter(latest_month__isnull=False):
        count += not rules.on_track(plan_of(m), m.latest_month, m.latest_value)
    return count
