"""Whatever it is given, the parser either returns a report or raises ReportParseError."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from inspections.parsing import ParsedReport, ReportParseError, parse_bytes, parse_text

SEEDS = sorted((Path(__file__).resolve().parents[2] / "seeds").glob("*.txt"))
SEED_TEXTS = [p.read_text(encoding="utf-8") for p in SEEDS]
DOCUMENTS = sorted((Path(__file__).resolve().parent / "documents").glob("*.txt"))
ALL_TEXTS = SEED_TEXTS + [p.read_text(encoding="utf-8") for p in DOCUMENTS]

# PARSER_FUZZ_EXAMPLES=2000 searches harder before a release.
FUZZ = settings(
    max_examples=int(os.environ.get("PARSER_FUZZ_EXAMPLES", "150")),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

# Characters the parser treats specially, so random text hits its rules.
_SPECIAL = st.sampled_from(
    list("\n\n\n\f \t.:?;,()'\"-–◼•\uf0b7\uf06e\uf02d\r")
    + ["What needs to improve?", "Areas covered by the visit", "Judgement Grade", "Ofsted"]
    + ["1. ", "22 and 23 January", "2025", "Lead inspector: ", "Good", "Dear Ms X"]
    + ["children's services", "Inspection of X local authority children's services"]
)
_TEXT = st.lists(st.one_of(st.text(max_size=40), _SPECIAL), max_size=80).map("".join)


def parse_or_refuse(text: str) -> ParsedReport | None:
    try:
        report = parse_text(text)
    except ReportParseError as error:
        assert str(error)
        return None
    assert report.local_authority
    assert report.kind in ("ilacs", "sif", "monitoring_visit", "focused_visit", "jtai", "other")
    return report


@FUZZ
@given(_TEXT)
def test_arbitrary_text(text: str) -> None:
    parse_or_refuse(text)


@FUZZ
@given(st.binary(max_size=4000), st.sampled_from(["x.pdf", "x.txt", "x.PDF", "x", "x.doc"]))
def test_arbitrary_bytes(data: bytes, name: str) -> None:
    try:
        parse_bytes(data, name)
    except ReportParseError as error:
        assert str(error)


@FUZZ
@given(st.binary(max_size=3000))
def test_bytes_that_start_like_a_pdf(data: bytes) -> None:
    with pytest.raises(ReportParseError):
        parse_bytes(b"%PDF-1.7\n" + data, "x.pdf")


@FUZZ
@given(st.sampled_from(ALL_TEXTS), st.floats(min_value=0, max_value=1))
def test_truncated_documents(text: str, share: float) -> None:
    parse_or_refuse(text[: int(len(text) * share)])


@FUZZ
@given(st.sampled_from(ALL_TEXTS), st.randoms(use_true_random=False))
def test_shuffled_lines(text: str, rnd: object) -> None:
    lines = text.split("\n")
    rnd.shuffle(lines)  # type: ignore[attr-defined]
    parse_or_refuse("\n".join(lines))


@FUZZ
@given(
    st.sampled_from(ALL_TEXTS),
    st.integers(min_value=0, max_value=400),
    st.sampled_from(["x", "good ", "1. ", "◼ ", "(", "The experiences and progress of ", " and "]),
    st.integers(min_value=1_000, max_value=60_000),
)
def test_huge_lines(text: str, at: int, filler: str, size: int) -> None:
    lines = text.split("\n")
    at = min(at, len(lines))
    lines.insert(at, filler * (size // len(filler)))
    parse_or_refuse("\n".join(lines))


@FUZZ
@given(st.sampled_from(ALL_TEXTS), st.data())
def test_lines_dropped_or_repeated(text: str, data: st.DataObject) -> None:
    lines = text.split("\n")
    keep = data.draw(st.lists(st.booleans(), min_size=len(lines), max_size=len(lines)))
    twice = data.draw(st.integers(min_value=0, max_value=len(lines)))
    mutated = [ln for ln, k in zip(lines, keep, strict=True) if k] + lines[:twice]
    parse_or_refuse("\n".join(mutated))


def test_one_enormous_line_is_refused_or_parsed() -> None:
    parse_or_refuse("Ofsted children's services " + "word " * 400_000)
