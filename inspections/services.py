"""Writes for the inspections app. Every way into the system (admin upload,
command line, tests, demo set-up) imports documents through ``report_import``."""

from __future__ import annotations

import dataclasses
import hashlib
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from pathlib import PurePath

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from inspections.followups import followup_suggest  # lives there; importable from here too
from inspections.matching import themes as themes_engine
from inspections.models import (
    Document,
    Finding,
    FindingState,
    FollowUp,
    FollowUpParagraph,
    Judgement,
    LocalAuthority,
    Paragraph,
    ReviewState,
    SourceList,
    Theme,
    ThemeFinding,
    Verdict,
)
from inspections.parsing import (
    ParsedItem,
    ParsedReport,
    ParsedSection,
    ReportParseError,
    parse_bytes,
)
from inspections.references import label_date, reference_label


class ReportImportError(Exception):
    """A document could not be imported; the message says why and what to do."""


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


def authority_resolve(name: str) -> LocalAuthority:
    """The authority a printed name refers to, created on first sight."""
    name = " ".join(name.split())
    if not name:
        raise ReportImportError("The document does not say which local authority it is about.")
    wanted = name.casefold()
    # Aliases live in a JSON list, which SQLite cannot search portably; there
    # are at most a few hundred authorities, so compare in Python.
    for authority in LocalAuthority.objects.only("name", "aliases"):
        if wanted == authority.name.casefold() or wanted in (
            a.casefold() for a in authority.aliases
        ):
            return authority
    return LocalAuthority.objects.create(name=name)


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
    authority = authority_resolve(report.local_authority)
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
        lead_inspector=report.lead_inspector or "",
        inspectors=list(report.inspectors),
        focus=report.focus or "",
        source_filename=PurePath(filename).name[:255],
        content_hash=content_hash(data),
        reference_label=_reference_label(authority, report),
        page_count=report.page_count,
        text=report.text,
        parse_warnings=list(report.warnings),
        imported_by=user if user is not None and user.is_authenticated else None,
    )
    document.full_clean(exclude=["source_file"])
    document.save()
    Judgement.objects.bulk_create(
        Judgement(document=document, area=area[:300], grade=grade[:60], order=order)
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


def _reference_label(authority: LocalAuthority, report: ParsedReport) -> str:
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
                framework_reference=(item.framework_reference or "")[:200],
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


# --- Following findings across later documents ------------------------------------


class FollowUpError(Exception):
    """A follow-up or theme could not be saved; the message says why and what to do."""


@transaction.atomic
def followup_confirm(
    *,
    followup: FollowUp,
    verdict: str,
    paragraphs: Iterable[Paragraph],
    user,
) -> FollowUp:
    """Record the inspectors' verdict as a person reads it, with the paragraphs that say so."""
    followup = FollowUp.objects.select_for_update().select_related("document").get(pk=followup.pk)
    if verdict not in Verdict.values:
        raise FollowUpError(
            f"'{verdict}' is not a verdict; choose one of: "
            + ", ".join(label.lower() for label in Verdict.labels)
            + "."
        )
    chosen = {p.pk: p for p in paragraphs}
    wrong = Paragraph.objects.filter(pk__in=chosen).exclude(document=followup.document_id)
    if wrong.exists() or len(chosen) != Paragraph.objects.filter(pk__in=chosen).count():
        raise FollowUpError(
            f"Quote only paragraphs of {followup.document}, the document being read."
        )
    if not chosen and verdict != Verdict.NOT_LOOKED_AT:
        raise FollowUpError(
            f"Choose at least one paragraph of {followup.document} that supports the "
            "verdict, or choose 'Not looked at'."
        )
    followup.state = ReviewState.CONFIRMED
    followup.verdict = verdict
    followup.decided_by = _person(user)
    followup.decided_at = timezone.now()
    followup.full_clean()
    followup.save()
    FollowUpParagraph.objects.filter(followup=followup).exclude(paragraph_id__in=chosen).delete()
    kept = set(
        FollowUpParagraph.objects.filter(followup=followup).values_list("paragraph_id", flat=True)
    )
    FollowUpParagraph.objects.bulk_create(
        FollowUpParagraph(followup=followup, paragraph_id=pk) for pk in chosen if pk not in kept
    )
    return followup


@transaction.atomic
def followup_reject(*, followup: FollowUp, user) -> FollowUp:
    """Say the suggestion is wrong: the later document does not speak to this finding.

    The row stays (rejected) so that the same pair is not suggested again.
    """
    followup = FollowUp.objects.select_for_update().get(pk=followup.pk)
    followup.state = ReviewState.REJECTED
    followup.decided_by = _person(user)
    followup.decided_at = timezone.now()
    followup.full_clean()
    followup.save()
    return followup


@transaction.atomic
def theme_suggest(*, authority: LocalAuthority) -> list[Theme]:
    """Propose themes: confirmed findings of different documents that say the same thing.

    A finding already in a confirmed or suggested theme is not proposed again;
    one that resembles a confirmed theme is proposed as a new member of it. A
    group a person rejected is not proposed again. Returns the themes created or
    given new suggested members.
    """
    findings = list(
        Finding.objects.filter(
            document__authority=authority, state=FindingState.CONFIRMED
        ).select_related("document")
    )
    memberships = list(
        ThemeFinding.objects.filter(theme__authority=authority).select_related("theme")
    )
    taken: set[int] = set()  # findings in a live theme
    rejected_sets: set[frozenset[int]] = set()
    refused: set[tuple[int, int]] = set()  # (theme, finding) a person said no to
    theme_members: dict[int, list[int]] = defaultdict(list)
    themes: dict[int, Theme] = {}
    for m in memberships:
        if m.theme.state == ReviewState.REJECTED:
            continue
        if m.state == ReviewState.REJECTED:
            refused.add((m.theme_id, m.finding_id))
            continue
        taken.add(m.finding_id)
        if m.theme.state == ReviewState.CONFIRMED and m.state == ReviewState.CONFIRMED:
            theme_members[m.theme_id].append(m.finding_id)
            themes[m.theme_id] = m.theme
    by_theme: dict[int, set[int]] = defaultdict(set)
    for m in memberships:
        if m.theme.state == ReviewState.REJECTED:
            by_theme[m.theme_id].add(m.finding_id)
    rejected_sets = {frozenset(s) for s in by_theme.values()}

    text_of = {f.pk: f.text for f in findings}
    free = [f for f in findings if f.pk not in taken]
    items = [themes_engine.Item(("finding", f.pk), f.document_id, f.text) for f in free] + [
        themes_engine.Item(
            ("theme", theme_id), ("theme", theme_id), " ".join(text_of[i] for i in members)
        )
        for theme_id, members in theme_members.items()
    ]
    if len(items) < 2:
        return []
    background = Paragraph.objects.filter(document__authority=authority).values_list(
        "text", flat=True
    )
    changed: list[Theme] = []
    for group in themes_engine.group(items, background=background):
        theme_keys = [key[1] for key in group.keys if key[0] == "theme"]
        finding_ids = [key[1] for key in group.keys if key[0] == "finding"]
        if theme_keys:
            theme = themes[theme_keys[0]]
            new = [i for i in finding_ids if (theme.pk, i) not in refused]
            if new:
                bulk_create_with_history(
                    [
                        ThemeFinding(theme=theme, finding_id=i, state=ReviewState.SUGGESTED)
                        for i in new
                    ],
                    ThemeFinding,
                    default_change_reason="Suggested",
                )
                changed.append(theme)
            continue
        if frozenset(finding_ids) in rejected_sets:
            continue
        theme = Theme(
            authority=authority,
            title=group.title[:300],
            state=ReviewState.SUGGESTED,
            score=group.score,
            reason=group.reason,
        )
        theme.full_clean()
        theme.save()
        bulk_create_with_history(
            [
                ThemeFinding(theme=theme, finding_id=i, state=ReviewState.SUGGESTED)
                for i in finding_ids
            ],
            ThemeFinding,
            default_change_reason="Suggested",
        )
        changed.append(theme)
    return changed


@transaction.atomic
def theme_confirm(
    *,
    theme: Theme,
    user,
    findings: Iterable[Finding] | None = None,
    title: str | None = None,
) -> Theme:
    """Confirm a theme, with the findings a person agrees belong to it (default: all
    suggested or confirmed members). Members left out are marked rejected so they
    are not proposed for this theme again.
    """
    theme = Theme.objects.select_for_update().get(pk=theme.pk)
    memberships = {m.finding_id: m for m in theme.memberships.select_related("finding")}
    if findings is None:
        chosen = {i for i, m in memberships.items() if m.state != ReviewState.REJECTED}
    else:
        chosen = {f.pk for f in findings}
    members = list(Finding.objects.filter(pk__in=chosen).select_related("document"))
    if len(members) != len(chosen) or any(
        f.document.authority_id != theme.authority_id for f in members
    ):
        raise FollowUpError(f"A theme of {theme.authority} can only hold its own findings.")
    if any(f.state != FindingState.CONFIRMED for f in members):
        raise FollowUpError("Confirm the suggested findings first; a theme holds confirmed ones.")
    if len({f.document_id for f in members}) < 2:
        raise FollowUpError(
            "A theme links findings of at least two documents; choose findings from "
            "another visit too."
        )
    elsewhere = (
        ThemeFinding.objects.filter(
            finding_id__in=chosen,
            state=ReviewState.CONFIRMED,
            theme__state=ReviewState.CONFIRMED,
        )
        .exclude(theme=theme)
        .select_related("theme", "finding")
        .first()
    )
    if elsewhere is not None:
        raise FollowUpError(
            f"'{elsewhere.finding}' is already in the theme '{elsewhere.theme}'; "
            "take it out of that theme first."
        )
    if title is not None:
        theme.title = title.strip()
    theme.state = ReviewState.CONFIRMED
    theme.decided_by = _person(user)
    theme.decided_at = timezone.now()
    theme.full_clean()
    theme.save()
    for finding_id, membership in memberships.items():
        state = ReviewState.CONFIRMED if finding_id in chosen else ReviewState.REJECTED
        if membership.state != state:
            membership.state = state
            membership.save(update_fields=["state"])
    bulk_create_with_history(
        [
            ThemeFinding(theme=theme, finding_id=i, state=ReviewState.CONFIRMED)
            for i in chosen
            if i not in memberships
        ],
        ThemeFinding,
        default_user=_person(user),
        default_change_reason="Confirmed",
    )
    # The same findings' places in other, still suggested themes are now moot.
    ThemeFinding.objects.filter(finding_id__in=chosen, theme__state=ReviewState.SUGGESTED).exclude(
        theme=theme
    ).delete()
    Theme.objects.filter(authority=theme.authority_id, state=ReviewState.SUGGESTED).annotate(
        members=Count("memberships", filter=~Q(memberships__state=ReviewState.REJECTED))
    ).filter(members__lt=2).delete()
    return theme


@transaction.atomic
def theme_reject(*, theme: Theme, user) -> Theme:
    """Say these findings are not one theme. The group is remembered and not proposed again."""
    theme = Theme.objects.select_for_update().get(pk=theme.pk)
    theme.state = ReviewState.REJECTED
    theme.decided_by = _person(user)
    theme.decided_at = timezone.now()
    theme.full_clean()
    theme.save()
    return theme


def _person(user):
    return user if user is not None and getattr(user, "is_authenticated", False) else None
