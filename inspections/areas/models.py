"""Framework eras, their judgement areas, and the area each finding belongs to."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords

from inspections.references import label_date


class FrameworkEraQuerySet(models.QuerySet):
    def for_document(self, document) -> FrameworkEra | None:
        """The era a document was inspected under, by its inspection date and kind."""
        return era_of(document, self)


def era_of(document, eras) -> FrameworkEra | None:
    """Of ``eras``, the one in force on the document's inspection date; where eras overlap,
    one that names the document's kind (SIF re-inspections in 2018), else one for every kind."""
    day = label_date(document)
    if day is None:
        return None
    on = sorted(
        (e for e in eras if e.starts <= day and (e.ends is None or day <= e.ends)),
        key=lambda e: e.starts,
        reverse=True,
    )
    named = [e for e in on if document.kind in e.document_kinds]
    general = [e for e in on if not e.document_kinds]
    return (named or general or on or [None])[0]


class FrameworkEra(models.Model):
    """A period in which Ofsted judged children's services against one set of areas."""

    code = models.SlugField(max_length=40, unique=True)
    name = models.CharField(max_length=200)
    starts = models.DateField(help_text="The first inspection day under this framework.")
    ends = models.DateField(
        null=True, blank=True, help_text="The last inspection day; empty while it is in force."
    )
    document_kinds = models.JSONField(
        default=list,
        blank=True,
        help_text="Kinds of document inspected under it where eras overlap (SIF re-inspections "
        "ran into 2018); empty for every kind.",
    )
    notes = models.TextField(blank=True)

    objects = FrameworkEraQuerySet.as_manager()

    class Meta:
        ordering = ["starts"]

    def __str__(self) -> str:
        return self.name


class JudgementArea(models.Model):
    era = models.ForeignKey(FrameworkEra, on_delete=models.CASCADE, related_name="areas")
    name = models.CharField(max_length=200, help_text="As the reports print it.")
    order = models.PositiveSmallIntegerField()
    summary = models.BooleanField(
        default=False,
        help_text="A judgement drawn from the others (overall effectiveness): never suggested.",
    )
    keywords = models.JSONField(
        default=list, blank=True, help_text="Words that place a finding in this area."
    )
    national_framework = models.JSONField(
        default=list,
        blank=True,
        help_text='National Framework references that point here, e.g. "outcome 4".',
    )

    class Meta:
        ordering = ["era__starts", "order"]
        constraints = [
            models.UniqueConstraint(fields=["era", "name"], name="judgement_area_name_unique"),
            models.UniqueConstraint(fields=["era", "order"], name="judgement_area_order_unique"),
        ]

    def __str__(self) -> str:
        return self.name


class AreaState(models.TextChoices):
    SUGGESTED = "suggested", "Suggested"
    CONFIRMED = "confirmed", "Confirmed"


class FindingArea(models.Model):
    """The judgement area of one finding: suggested at import until a manager confirms
    or changes it."""

    finding = models.OneToOneField(
        "inspections.Finding", on_delete=models.CASCADE, related_name="area"
    )
    judgement_area = models.ForeignKey(
        JudgementArea, on_delete=models.PROTECT, related_name="finding_areas"
    )
    state = models.CharField(max_length=20, choices=AreaState.choices, default=AreaState.SUGGESTED)
    reason = models.TextField(blank=True, help_text="Why it was suggested.")
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        indexes = [models.Index(fields=["judgement_area", "state"])]

    def __str__(self) -> str:
        return f"{self.finding}: {self.judgement_area} ({self.get_state_display().lower()})"


def area_name(finding) -> str:
    """The name of a finding's judgement area, suggested or confirmed; '' when it has none."""
    area = getattr(finding, "area", None)  # a missing one-to-one row raises AttributeError
    return area.judgement_area.name if area is not None else ""
