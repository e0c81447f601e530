"""Suggesting judgement areas for a document's findings; the importer calls it, and so
does ``manage.py suggest_judgement_areas`` for documents imported before areas were records."""

from __future__ import annotations

from django.db import transaction
from simple_history.utils import bulk_create_with_history

from inspections.models import Document, Finding

from .models import AreaState, FindingArea, FrameworkEra, JudgementArea
from .suggest import AreaOption, Passage, suggest_area


def area_options(areas) -> list[AreaOption]:
    return [
        AreaOption(
            key=area.pk,
            name=area.name,
            keywords=tuple(area.keywords),
            national_framework=tuple(area.national_framework),
            summary=area.summary,
        )
        for area in areas
    ]


@transaction.atomic
def areas_suggest(*, document: Document) -> list[FindingArea]:
    """A suggested area for each of the document's findings that has none; findings that
    already have one, suggested or confirmed, are left alone. Six queries."""
    era = FrameworkEra.objects.for_document(document)
    if era is None:
        return []
    areas = {a.pk: a for a in JudgementArea.objects.filter(era=era)}
    options = area_options(areas.values())
    findings = list(
        Finding.objects.filter(document=document, area__isnull=True)
        .prefetch_related("paragraphs")
        .order_by("order")
    )
    if not findings:
        return []
    passages = [
        Passage(p.heading, p.text, p.reference)
        for p in document.paragraphs.filter(heading__gt="").order_by("order")
    ]
    rows = []
    for finding in findings:
        suggestion = suggest_area(
            options,
            text=finding.text,
            heading=finding.section_heading,
            context=finding.context,
            framework=(
                (finding.framework_kind, finding.framework_number)
                if finding.framework_kind
                else None
            ),
            passages=passages,
            source=" ".join(p.text for p in finding.paragraphs.all()),
            focus=document.focus,
        )
        if suggestion is not None:
            rows.append(
                FindingArea(
                    finding=finding,
                    judgement_area=areas[suggestion.key],
                    state=AreaState.SUGGESTED,
                    reason=suggestion.reason,
                )
            )
    return bulk_create_with_history(
        rows,
        FindingArea,
        default_user=document.imported_by,
        default_change_reason="Suggested at import",
    )
