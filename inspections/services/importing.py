"""Importing one Ofsted document. Every way into the system (admin upload, command
line, tests, demo set-up) imports documents through ``report_import``."""

from __future__ import annotations

import dataclasses
import hashlib
from dataclasses import dataclass
from datetime import date
from pathlib import PurePath

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from simple_history.utils import bulk_create_with_history

from inspections.areas.services import areas_suggest
from inspections.models import (
    Document,
    Finding,
    FindingState,
    Judgement,
    LocalAuthority,
    Paragraph,
    SourceList,
)
from inspections.parsing import (
    ParsedItem,
    ParsedReport,
    ParsedSection,
    ReportParseError,
    grade_meaning,
    parse_bytes,
)
from inspections.references import label_date, reference_label
from inspections.signals import ImportNote, notes_for

from .authorities import ReportImportError, authority_resolve
from .followups import followup_suggest
from .themes import theme_suggest


@dataclass(frozen=True)
class ImportResult:
    document: Document
    created: bool

    @property
    def message(self) -> str:
        doc = self.document
        if not self.created:
            return f"Already imported: {doc} (from {doc.source_filename})."
        return (
            f"Imported {doc}: {doc.findings.count()} findings, "
            f"{doc.paragraphs.count()} paragraphs, {doc.judgements.count()} judgements."
        )

    @property
    def notes(self) -> list[ImportNote]:
        """What the person importing should be told beyond the import itself."""
        return notes_for(self.document)


@dataclass(frozen=True)
class Corrections:
    """What a person changed in the preview before confirming an import."""

    local_authority: str | None = None
    kind: str | None = None
    visit_start: date | None = None
    visit_end: date | None = None
    letter_date: date | None = None
    published_date: date | None = None
    visit_number: int | None = None
    improvement_items: tuple[str, ...] | None = None


def content_hash(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def report_parse(*, data: bytes, filename: str) -> ParsedReport:
    """Parse without saving; raises ReportImportError with the parser's message."""
    try:
        return parse_bytes(data, filename, max_bytes=settings.IMPORT_MAX_BYTES)
    except ReportParseError as error:
        raise ReportImportError(f"{PurePath(filename).name}: {error}") from error


def existing_document(*, data: bytes) -> Document | None:
    return (
        Document.objects.select_related("authority").filter(content_hash=content_hash(data)).first()
    )


def report_import(
    *,
    data: bytes,
    filename: str,
    user=None,
    received_date: date | None = None,
    parsed: ParsedReport | None = None,
    corrections: Corrections | None = None,
) -> ImportResult:
    """Import one Ofsted document: all of it or, on any error, nothing.

    The same file twice is recognised by its content hash and not duplicated.
    """
    existing = existing_document(data=data)
    if existing is not None:
        return ImportResult(document=existing, created=False)
    report = parsed if parsed is not None else report_parse(data=data, filename=filename)
    if corrections is not None:
        report = apply_corrections(report, corrections)
    stored_name = None
    try:
        with transaction.atomic():
            document = _save_report(
                report, data=data, filename=filename, user=user, received_date=received_date
            )
            stored_name = default_storage.save(
                f"documents/{document.content_hash[:2]}/{document.content_hash}{_suffix(filename)}",
                ContentFile(data),
            )
            document.source_file.name = stored_name
            document.save(update_fields=["source_file"])
            areas_suggest(document=document)
            followup_suggest(document=document)
            theme_suggest(authority=document.authority)
    except Exception:
        if stored_name:
            default_storage.delete(stored_name)
        raise
    return ImportResult(document=document, created=True)


def _suffix(filename: str) -> str:
    suffix = PurePath(filename).suffix.lower()
    return suffix if suffix in {".pdf", ".txt"} else ""


def _save_report(
    report: ParsedReport, *, data: bytes, filename: str, user, received_date: date | None
) -> Document:
    authority, provider = authority_resolve(report.local_authority, context=report.title)
    duplicate = _same_visit(authority, report)
    if duplicate is not None:
        raise ReportImportError(
            f"{PurePath(filename).name}: {duplicate} is already imported "
            f"(from {duplicate.source_filename}). Delete it first to import it again."
        )
    document = Document(
        authority=authority,
        kind=report.kind,
        title=report.title[:300],
        visit_start=report.visit_start,
        visit_end=report.visit_end,
        letter_date=report.letter_date,
        published_date=report.published_date,
        received_date=received_date,
        visit_number=report.visit_number,
        previous_judgement=(report.previous_judgement or "")[:200],
        delivered_by=provider[:200],
        lead_inspector=report.lead_inspector or "",
        inspectors=list(report.inspectors),
        focus=report.focus or "",
        source_filename=PurePath(filename).name[:255],
        content_hash=content_hash(data),
        reference_label=next_reference_label(authority, report),
        page_count=report.page_count,
        text=report.text,
        parse_warnings=list(report.warnings),
        imported_by=user if user is not None and user.is_authenticated else None,
    )
    document.full_clean(exclude=["source_file"])
    document.save()
    Judgement.objects.bulk_create(
        Judgement(
            document=document,
            area=area[:300],
            grade=grade[:60],
            meaning=grade_meaning(grade) or "",
            order=order,
        )
        for order, (area, grade) in enumerate(report.grades, start=1)
    )
    paragraphs = Paragraph.objects.bulk_create(
        Paragraph(
            document=document,
            order=p.order,
            number=p.number,
            page=p.page,
            heading=p.heading[:300],
            text=p.text,
        )
        for p in report.paragraphs
    )
    paragraph_by_order = {p.order: p for p in paragraphs}
    _save_findings(document, report, paragraph_by_order)
    return document


def next_reference_label(authority: LocalAuthority, report: ParsedReport | Document) -> str:
    """The visit year, with b, c… when the authority already has documents from that year."""
    when = label_date(report)
    if when is None:
        return ""
    taken = Document.objects.filter(
        authority=authority, reference_label__startswith=str(when.year)
    ).values_list("reference_label", flat=True)
    return reference_label(when, set(taken))


def _same_visit(authority: LocalAuthority, report: ParsedReport) -> Document | None:
    if report.visit_start is None:
        return None
    return Document.objects.filter(
        authority=authority,
        kind=report.kind,
        visit_start=report.visit_start,
        visit_end=report.visit_end,
    ).first()


def _save_findings(
    document: Document, report: ParsedReport, paragraph_by_order: dict[int, Paragraph]
) -> None:
    rows: list[tuple[ParsedItem, str]] = [
        (item, section.heading) for section in report.improvement_sections for item in section.items
    ]
    rows += [(item, "Areas covered by the visit") for item in report.areas_covered or ()]
    rows += [(item, "") for item in report.suggested_findings]
    findings = bulk_create_with_history(
        [
            Finding(
                document=document,
                source_list=item.source_list,
                section_heading=heading[:300],
                order=order,
                text=item.text,
                context=item.context,
                framework_reference=(item.framework_reference or "")[:200],
                framework_kind=item.framework[0] if item.framework else "",
                framework_number=item.framework[1] if item.framework else None,
                state=(
                    FindingState.SUGGESTED
                    if item.source_list == SourceList.SUGGESTED
                    else FindingState.CONFIRMED
                ),
            )
            for order, (item, heading) in enumerate(rows, start=1)
        ],
        Finding,
        default_user=document.imported_by,
        default_change_reason="Imported",
    )
    links = [
        Finding.paragraphs.through(finding_id=finding.pk, paragraph_id=paragraph_by_order[n].pk)
        for finding, (item, _) in zip(findings, rows, strict=True)
        for n in item.paragraph_numbers
        if n in paragraph_by_order
    ]
    Finding.paragraphs.through.objects.bulk_create(links)


def apply_corrections(report: ParsedReport, corrections: Corrections) -> ParsedReport:
    changes = {
        field.name: getattr(corrections, field.name)
        for field in dataclasses.fields(corrections)
        if field.name != "improvement_items" and getattr(corrections, field.name) is not None
    }
    report = dataclasses.replace(report, **changes)
    if corrections.improvement_items is not None:
        report = dataclasses.replace(
            report,
            improvement_sections=_reshape_items(
                report.improvement_sections, corrections.improvement_items
            ),
        )
    return report


def _reshape_items(
    sections: tuple[ParsedSection, ...], texts: tuple[str, ...]
) -> tuple[ParsedSection, ...]:
    """Put corrected item texts back into the parsed sections, slot by slot.

    Extra lines join the last section; missing lines are dropped from the end.
    """
    texts = tuple(t.strip() for t in texts if t.strip())
    if not sections:
        if not texts:
            return ()
        sections = (ParsedSection("What needs to improve?", SourceList.WHAT_NEEDS_TO_IMPROVE, ()),)
    reshaped: list[ParsedSection] = []
    position = 0
    for index, section in enumerate(sections):
        last = index == len(sections) - 1
        take = len(texts) - position if last else min(len(section.items), len(texts) - position)
        items = []
        for offset in range(take):
            original = section.items[offset] if offset < len(section.items) else None
            items.append(
                ParsedItem(
                    text=texts[position + offset],
                    source_list=section.source_list,
                    framework_reference=original.framework_reference if original else None,
                )
            )
        position += take
        reshaped.append(dataclasses.replace(section, items=tuple(items)))
    return tuple(s for s in reshaped if s.items)
