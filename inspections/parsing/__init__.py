"""Parser for Ofsted children's services inspection documents (no Django here).

Reads ILACS inspection reports, SIF reports (2013-2018), focused-visit letters
and monitoring-visit letters, from PDF or text, and returns a ParsedReport:
metadata, judgements, numbered paragraphs, the improvement lists, the areas a
monitoring visit covered, and sentences that look like findings in letters
without a list.

The pipeline is extract (bytes -> text) -> normalise (PDF artefacts -> clean
lines) -> metadata (kind, authority, dates, people, grades) -> structure (lines
-> headings, paragraphs, bullets) -> items (lists and suggestions). Each module
states the assumptions it makes about Ofsted's documents. Every rule is a
general pattern (a heading, a date form, a bullet glyph); nothing depends on a
particular document or file name. Any input that cannot be read raises
ReportParseError with a message a council officer can act on.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from . import framework
from .extract import extract_text
from .items import areas_covered, improvement_sections, suggested_findings
from .metadata import grade_meaning, parse_metadata
from .normalise import to_lines
from .structure import build_blocks, text_width
from .types import (
    Block,
    Line,
    ParsedItem,
    ParsedParagraph,
    ParsedReport,
    ParsedSection,
    ReportParseError,
)

__all__ = [
    "ParsedItem",
    "ParsedParagraph",
    "ParsedReport",
    "ParsedSection",
    "ReportParseError",
    "extract_text",
    "grade_meaning",
    "parse_bytes",
    "parse_file",
    "parse_text",
    "report_to_dict",
]

DEFAULT_MAX_BYTES = 20 * 1024 * 1024
# Ofsted's closing statement and address block fit in the last characters of a document.
OFSTED_STATEMENT_CHARS = 4000

_OFSTED_RE = re.compile(r"ofsted|majesty'?s inspector|\bHMI\b", re.I)
_CHILDREN_RE = re.compile(
    r"children'?s services|children'?s social care|local authority|children looked after"
    r"|care leavers|children in care|child protection|children and (?:families|young people)"
    r"|multi-agency|safeguarding",
    re.I,
)
_SIGN_OFF_RE = re.compile(r"^yours (?:sincerely|faithfully)", re.I)
# The inspections of looked after children (and of safeguarding) services that the
# single inspection framework replaced in 2013 are a different document family.
_PRE_SIF_TITLE_RE = re.compile(
    r"inspection of (?:safeguarding and )?looked after children(?:'s)? services\b", re.I
)
FRONT_LINES = 30


def parse_text(text: str, page_count: int | None = None) -> ParsedReport:
    """Parse the text of an Ofsted document (pages separated by form feeds)."""
    if not isinstance(text, str):
        raise ReportParseError("The document text could not be read.")
    lines, paged = to_lines(text)
    if not lines:
        raise ReportParseError("The document contains no text.")
    if _pre_sif_title(lines):
        raise ReportParseError(
            "This is an Ofsted inspection of looked after children services, a framework "
            "replaced by the single inspection framework in November 2013. The importer reads "
            "single inspection framework reports and the documents that followed them only."
        )
    sample = " ".join(ln.text for ln in lines[:400])
    # A report whose front page names no inspector still ends with Ofsted's own statement
    # (which normalising drops as boilerplate, so it is looked for in the text as given).
    ending = text[-OFSTED_STATEMENT_CHARS:]
    if not (
        (_OFSTED_RE.search(sample) or _OFSTED_RE.search(ending)) and _CHILDREN_RE.search(sample)
    ):
        raise ReportParseError(
            "This does not look like an Ofsted inspection document about children's services: "
            "it does not mention Ofsted or His/Her Majesty's Inspectors together with "
            "children's services. Check that you chose the right file."
        )
    meta = parse_metadata(lines)
    warnings = list(meta.warnings)
    if paged and page_count is None:
        page_count = text.count("\f") + 1

    width = text_width(lines)
    front = build_blocks(lines[: meta.body_start], width)
    blocks = build_blocks(lines[meta.body_start :], width)
    sign_off = next((i for i, b in enumerate(blocks) if _SIGN_OFF_RE.match(b.text)), len(blocks))
    body = blocks[:sign_off]

    sections, used, list_warnings = improvement_sections(body)
    warnings.extend(list_warnings)
    areas, area_blocks, _ = areas_covered(body)
    if meta.kind == "monitoring_visit" and areas is None:
        warnings.append("No 'Areas covered by the visit' list was found.")
    used |= area_blocks

    paragraphs = _paragraphs(body, used)
    suggested: list[ParsedItem] = []
    if meta.kind == "monitoring_visit" or (
        meta.kind in ("focused_visit", "jtai", "other") and not sections
    ):
        suggested = suggested_findings(paragraphs)
    if meta.kind in ("ilacs", "focused_visit") and not sections and not list_warnings:
        warnings.append("No improvement list ('What needs to improve') was found.")

    full_text = "\n\n".join(b.text for b in [*front, *blocks])
    return ParsedReport(
        local_authority=meta.local_authority,
        kind=meta.kind,
        title=meta.title,
        visit_start=meta.visit_start,
        visit_end=meta.visit_end,
        letter_date=meta.letter_date,
        published_date=meta.published_date,
        visit_number=meta.visit_number,
        previous_judgement=meta.previous_judgement,
        inspectors=meta.inspectors,
        lead_inspector=meta.lead_inspector,
        grades=meta.grades,
        focus=meta.focus,
        paragraphs=tuple(paragraphs),
        improvement_sections=tuple(sections),
        areas_covered=tuple(areas) if areas is not None else None,
        suggested_findings=tuple(suggested),
        warnings=tuple(warnings),
        page_count=page_count,
        text=full_text,
    )


def _pre_sif_title(lines: list[Line]) -> bool:
    """Whether the title (a line of the front page, wrapped or not) names the old framework.

    A SIF report may mention "the last inspection of safeguarding and looked after children
    services" in its opening prose; only a title counts.
    """
    front = lines[:FRONT_LINES]
    return any(
        _PRE_SIF_TITLE_RE.match(" ".join(ln.text for ln in front[i : i + 2]))
        for i in range(len(front))
    )


def _paragraphs(blocks: list[Block], used: set[int]) -> list[ParsedParagraph]:
    paragraphs: list[ParsedParagraph] = []
    heading = ""
    for index, block in enumerate(blocks):
        if block.kind == "heading":
            heading = block.text
            continue
        if index in used or heading.lower() == "contents":
            continue
        paragraphs.append(
            ParsedParagraph(
                order=len(paragraphs) + 1,
                number=block.number,
                page=block.page,
                heading=heading,
                text=block.text,
            )
        )
    return paragraphs


def parse_bytes(data: bytes, filename: str, max_bytes: int = DEFAULT_MAX_BYTES) -> ParsedReport:
    """Check the size, extract the text and parse it."""
    if len(data) > max_bytes:
        raise ReportParseError(
            f"The file is {len(data) / 1048576:.1f} MB, which is larger than the "
            f"{max_bytes / 1048576:.1f} MB allowed. Ofsted reports are usually well under 2 MB; "
            "check that this is the right file."
        )
    text, pages = extract_text(data, filename)
    return parse_text(text, pages)


def parse_file(path: str | Path) -> ParsedReport:
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ReportParseError(
            f"The file '{path.name}' could not be opened: {exc.strerror}."
        ) from exc
    return parse_bytes(data, path.name)


def _iso(value: Any) -> str | None:
    return value.isoformat() if value is not None else None


def _framework(item: ParsedItem) -> dict[str, Any] | None:
    if item.framework is None:
        return None
    kind, number = item.framework
    return {"kind": kind, "number": number, "title": framework.title(kind, number)}


def report_to_dict(report: ParsedReport) -> dict[str, Any]:
    """A JSON-ready summary of a parsed report."""
    items = report.improvement_items
    return {
        "local_authority": report.local_authority,
        "kind": report.kind,
        "title": report.title,
        "visit_start": _iso(report.visit_start),
        "visit_end": _iso(report.visit_end),
        "letter_date": _iso(report.letter_date),
        "published_date": _iso(report.published_date),
        "visit_number": report.visit_number,
        "previous_judgement": report.previous_judgement,
        "inspectors": list(report.inspectors),
        "lead_inspector": report.lead_inspector,
        "grades": dict(report.grades),
        "grade_meanings": {area: grade_meaning(grade) for area, grade in report.grades},
        "focus": report.focus,
        "improvement_items": [i.text for i in items] if items is not None else None,
        "framework_references": [i.framework_reference for i in items] if items else [],
        "national_framework": [_framework(i) for i in items] if items else [],
        "improvement_sections": [
            {
                "heading": s.heading,
                "source_list": s.source_list,
                "items": [i.text for i in s.items],
                # The sentence a lower-case fragment continues ("" when it stands alone).
                "contexts": [i.context for i in s.items],
                "national_framework": [_framework(i) for i in s.items],
            }
            for s in report.improvement_sections
        ],
        "areas_covered": (
            [i.text for i in report.areas_covered] if report.areas_covered is not None else None
        ),
        "suggested_findings": [i.text for i in report.suggested_findings],
        # The sentence each suggestion refers back to ("" when it stands alone).
        "suggested_finding_contexts": [i.context for i in report.suggested_findings],
        "paragraphs": len(report.paragraphs),
        "page_count": report.page_count,
        "warnings": list(report.warnings),
    }
