"""Parse a set of documents and say, per document family, how well each was read.

A document is *read fully* when it parsed without warnings and every field its
family always prints was found; *with warnings* when it parsed but something is
missing or doubtful; *refused* when the parser raised ReportParseError. The
family of a refused document is guessed from the words of its first page, so
that the figures still say which kind of document failed.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from .extract import extract_text
from .types import ParsedReport, ReportParseError

FULL, WARNINGS, REFUSED = "read fully", "with warnings", "refused"

_FAMILY_WORDS = (
    (
        "Looked after children inspection (before the SIF)",
        re.compile(r"^\W*inspection of (?:safeguarding and )?looked after children", re.I),
    ),
    ("Focused visit", re.compile(r"focused visit", re.I)),
    ("Monitoring visit", re.compile(r"monitoring visit", re.I)),
    ("JTAI", re.compile(r"joint targeted area inspection", re.I)),
    ("SIF re-inspection", re.compile(r"re-inspection of services for children", re.I)),
    ("SIF inspection", re.compile(r"inspection of services for children in need", re.I)),
    ("ILACS inspection", re.compile(r"children'?s services", re.I)),
)


@dataclass(frozen=True)
class Outcome:
    name: str
    family: str
    status: str
    reasons: tuple[str, ...] = ()


def family(report: ParsedReport) -> str:
    """The family a parsed document belongs to, as the figures group them."""
    if report.kind == "sif":
        return "SIF re-inspection" if report.title.lower().startswith("re-") else "SIF inspection"
    if report.kind == "ilacs":
        areas = " ".join(area.lower() for area, _ in report.grades)
        if report.grades and "overall effectiveness" not in areas:
            return "ILACS inspection without overall effectiveness"
        return "ILACS inspection"
    return {
        "focused_visit": "Focused visit",
        "monitoring_visit": "Monitoring visit",
        "jtai": "JTAI",
    }.get(report.kind, "Other")


def guess_family(text: str) -> str:
    head = text[:4000]
    return next((name for name, pattern in _FAMILY_WORDS if pattern.search(head)), "Unknown")


def gaps(report: ParsedReport) -> list[str]:
    """What a document of this family always prints but was not read."""
    missing = []
    if report.visit_start is None:
        missing.append("no visit dates")
    if not report.lead_inspector:
        missing.append("no lead inspector")
    if not report.paragraphs:
        missing.append("no paragraphs")
    if report.kind in ("ilacs", "sif") and not report.grades:
        missing.append("no judgements")
    if report.kind in ("focused_visit", "monitoring_visit", "jtai") and not report.letter_date:
        missing.append("no letter date")
    return missing


Extract = Callable[[Path], tuple[str, int | None]]


def extract_file(path: Path) -> tuple[str, int | None]:
    return extract_text(path.read_bytes(), path.name)


def survey_one(
    path: Path,
    parse: Callable[[str, int | None], ParsedReport],
    resolve: Callable[[ParsedReport], str | None] | None = None,
    extract: Extract = extract_file,
) -> Outcome:
    """Read one file; ``resolve`` returns a problem with the authority, or None.

    ``extract`` gives the file's text and page count (a caller may keep texts already
    extracted, since pypdf's extraction is most of the time).
    """
    text = ""
    try:
        text, pages = extract(path)
        report = parse(text, pages)
    except ReportParseError as error:
        return Outcome(path.name, guess_family(text), REFUSED, (str(error),))
    reasons = [*gaps(report), *report.warnings]
    if resolve is not None:
        problem = resolve(report)
        if problem:
            return Outcome(path.name, family(report), REFUSED, (problem,))
    return Outcome(path.name, family(report), WARNINGS if reasons else FULL, tuple(reasons))


def survey(
    paths: Iterable[Path],
    parse: Callable[[str, int | None], ParsedReport],
    resolve: Callable[[ParsedReport], str | None] | None = None,
    extract: Extract = extract_file,
) -> list[Outcome]:
    return [survey_one(path, parse, resolve, extract) for path in paths]


def summary(outcomes: list[Outcome]) -> list[str]:
    """Lines of a table: per family, counts by status, then the reasons and how often."""
    by_family: dict[str, list[Outcome]] = defaultdict(list)
    for outcome in outcomes:
        by_family[outcome.family].append(outcome)
    lines = [f"{'family':48} {'files':>5} {FULL:>11} {WARNINGS:>13} {REFUSED:>8}"]
    for name in sorted(by_family):
        counts = Counter(o.status for o in by_family[name])
        lines.append(
            f"{name:48} {len(by_family[name]):5} {counts[FULL]:11} "
            f"{counts[WARNINGS]:13} {counts[REFUSED]:8}"
        )
    total = Counter(o.status for o in outcomes)
    lines.append(
        f"{'all':48} {len(outcomes):5} {total[FULL]:11} {total[WARNINGS]:13} {total[REFUSED]:8}"
    )
    for status in (REFUSED, WARNINGS):
        reasons = Counter(
            (o.family, _reason_key(r)) for o in outcomes if o.status == status for r in o.reasons
        )
        if reasons:
            lines.append(f"\nWhy {status}:")
            for (name, reason), count in sorted(reasons.items(), key=lambda x: (-x[1], x[0])):
                lines.append(f"  {count:4}  {name}: {reason}")
    return lines


def _reason_key(reason: str) -> str:
    # File names and quoted names vary; the reason does not.
    reason = re.sub(r"^[^:]*\.(?:pdf|txt): ", "", reason)
    return re.sub(r"'[^']*'", "'…'", reason)[:160]
