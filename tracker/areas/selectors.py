"""Reads for judgement areas: the choices for one finding or many, and the names a filter offers."""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import QuerySet

from inspections.areas.models import era_of
from inspections.models import Finding, FrameworkEra, JudgementArea


def finding_area_choices(*, finding: Finding) -> QuerySet[JudgementArea]:
    """The areas of the framework era the finding's document was inspected under (none
    when its date is before every era). Two queries."""
    era = FrameworkEra.objects.for_document(finding.document)
    if era is None:
        return JudgementArea.objects.none()
    return JudgementArea.objects.filter(era=era).order_by("order")


def area_name_choices() -> list[tuple[str, str]]:
    """Every area's name once, in the order of the eras: a filter matches an area by its
    name, so "care leavers" of 2023 and of 2026 are one choice. One query."""
    names = JudgementArea.objects.order_by("era__starts", "order").values_list("name", flat=True)
    return [(name, name) for name in dict.fromkeys(names)]


def area_choices_for(findings: Iterable[Finding]) -> QuerySet[JudgementArea]:
    """The areas of every framework era the findings' documents were inspected under, era
    by era (none for documents dated before every era). Two queries; the findings'
    documents must be read already."""
    eras = list(FrameworkEra.objects.all())
    wanted = {era.pk for f in findings if (era := era_of(f.document, eras)) is not None}
    return (
        JudgementArea.objects.filter(era__in=wanted)
        .select_related("era")
        .order_by("era__starts", "order")
    )
