"""A measure of impact on a finding (or one of its actions) and its monthly values."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from simple_history.models import HistoricalRecords

DIGITS = {"max_digits": 14, "decimal_places": 4}


class Measure(models.Model):
    finding = models.ForeignKey(
        "inspections.Finding", on_delete=models.PROTECT, related_name="measures"
    )
    action = models.ForeignKey(
        "tracker.Action",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="measures",
        help_text="Set when the measure belongs to one action rather than the whole finding.",
    )
    name = models.CharField(max_length=200)
    unit = models.CharField(max_length=40, blank=True, help_text="For example, %, days, children.")
    higher_is_better = models.BooleanField(default=True)
    baseline_value = models.DecimalField(**DIGITS)
    baseline_date = models.DateField()
    target_value = models.DecimalField(**DIGITS)
    target_date = models.DateField()
    source = models.CharField(max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    history = HistoricalRecords()

    class Meta:
        ordering = ["name", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["finding", "name"], name="measure_name_per_finding"),
            models.CheckConstraint(
                condition=models.Q(target_date__gt=models.F("baseline_date")),
                name="measure_target_after_baseline",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self):
        if self.baseline_date and self.target_date and self.target_date <= self.baseline_date:
            raise ValidationError(
                {"target_date": "The target date must be after the baseline date"}
            )


class MeasureValue(models.Model):
    """The figure for one month (``month`` is the first day of it)."""

    measure = models.ForeignKey(Measure, on_delete=models.CASCADE, related_name="values")
    month = models.DateField()
    value = models.DecimalField(**DIGITS)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    entered_at = models.DateTimeField(default=timezone.now, editable=False)

    history = HistoricalRecords()

    class Meta:
        ordering = ["measure", "month"]
        constraints = [
            models.UniqueConstraint(fields=["measure", "month"], name="measure_value_per_month"),
        ]

    def __str__(self) -> str:
        return f"{self.measure}: {self.value} ({self.month:%B %Y})"
