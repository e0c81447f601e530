"""Plain data returned by the parser, and its one error type.

Everything here is frozen: a parsed report is a value that the importer maps to
models; nothing downstream should be able to change it half-way through an
import.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from . import framework

SOURCE_LISTS = (
    "what_needs_to_improve",
    "priority_action",
    "recommendation",
    "areas_covered",
    "suggested",
)

KINDS = ("ilacs", "sif", "monitoring_visit", "focused_visit", "jtai", "other")

GRADES = ("Outstanding", "Good", "Requires improvement to be good", "Inadequate")


class ReportParseError(Exception):
    """One error type; str(err) is a message a council officer can act on."""


@dataclass(frozen=True)
class ParsedParagraph:
    order: int
    number: int | None
    page: int | None
    heading: str
    text: str


@dataclass(frozen=True)
class ParsedItem:
    text: str
    source_list: str
    framework_reference: str | None
    paragraph_numbers: tuple[int, ...] = ()
    # The sentence an item cannot be understood without: the sentence ending in a colon
    # that a lower-case list fragment continues, or the sentence a suggestion refers back to.
    context: str = ""

    @property
    def framework(self) -> tuple[str, int] | None:
        """The National Framework reference as (kind, number), e.g. ('outcome', 4)."""
        return framework.parts(self.framework_reference)


@dataclass(frozen=True)
class ParsedSection:
    heading: str
    source_list: str
    items: tuple[ParsedItem, ...]


@dataclass(frozen=True)
class ParsedReport:
    local_authority: str
    kind: str
    title: str
    visit_start: date | None
    visit_end: date | None
    letter_date: date | None
    published_date: date | None
    visit_number: int | None
    previous_judgement: str | None
    inspectors: tuple[str, ...]
    lead_inspector: str | None
    grades: tuple[tuple[str, str], ...]
    focus: str | None
    paragraphs: tuple[ParsedParagraph, ...]
    improvement_sections: tuple[ParsedSection, ...]
    areas_covered: tuple[ParsedItem, ...] | None
    suggested_findings: tuple[ParsedItem, ...]
    warnings: tuple[str, ...]
    page_count: int | None
    text: str

    @property
    def improvement_items(self) -> tuple[ParsedItem, ...] | None:
        """All items of all improvement lists in printed order; None when there is no list."""
        items = tuple(item for section in self.improvement_sections for item in section.items)
        return items or None


@dataclass(frozen=True)
class Line:
    """One physical line of the document after page furniture has been removed."""

    text: str
    page: int | None
    indented: bool = False
    bullet: bool = False
    blank_before: bool = False


@dataclass(frozen=True)
class Block:
    """A heading, a paragraph, a bullet or a numbered paragraph, with wraps joined."""

    kind: str  # "heading" | "para" | "bullet" | "numbered"
    text: str
    page: int | None
    number: int | None = None
    line_count: int = 1
