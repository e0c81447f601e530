"""PDF input: the seeds printed to PDF parse as the text does, and bad files fail clearly."""

from __future__ import annotations

import io
import random
import struct
import zlib
from pathlib import Path

import pytest
from fpdf import FPDF
from pypdf import PdfReader, PdfWriter

from inspections.parsing import (
    ReportParseError,
    extract_text,
    parse_bytes,
    parse_file,
    parse_text,
    report_to_dict,
)

SEEDS = Path(__file__).resolve().parents[2] / "seeds"

# fpdf2's core fonts are latin-1: print what Ofsted prints, in characters they have.
_LATIN1 = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u2013": "-",
        "\u2014": "-",
        "\u25fc": "-",
        "\u2022": "-",
        "\uf0b7": "-",
    }
)


def text_to_pdf(text: str) -> bytes:
    """Print text line by line, wrapping long lines, blank lines as vertical space; a form
    feed starts a new page."""
    pdf = FPDF(format="A4")
    pdf.set_auto_page_break(True, margin=20)
    pdf.add_page()
    pdf.set_font("Helvetica", size=11)
    for line in text.split("\n"):
        if line == "\f":
            pdf.add_page()
            continue
        line = line.translate(_LATIN1).encode("latin-1", "replace").decode("latin-1").rstrip()
        if not line.strip():
            pdf.ln(5)
            continue
        pdf.multi_cell(0, 5, line, new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())


def seed_text(prefix: str) -> str:
    (path,) = SEEDS.glob(f"{prefix}_*.txt")
    return path.read_text(encoding="utf-8")


@pytest.mark.parametrize("prefix", ["000", "001", "002", "003", "004"])
def test_seed_printed_to_pdf_parses_to_the_same_result(prefix: str) -> None:
    text = seed_text(prefix)
    from_text = parse_text(text)
    from_pdf = parse_bytes(text_to_pdf(text), f"{prefix}.pdf")

    expected = report_to_dict(from_text)
    actual = report_to_dict(from_pdf)
    assert actual.pop("page_count") > 1
    expected.pop("page_count")
    assert actual == expected
    assert [(p.number, p.heading, p.text) for p in from_pdf.paragraphs] == [
        (p.number, p.heading, p.text) for p in from_text.paragraphs
    ]
    assert [s.paragraph_numbers for s in from_pdf.suggested_findings] == [
        s.paragraph_numbers for s in from_text.suggested_findings
    ]


def test_pdf_paragraphs_know_their_page() -> None:
    report = parse_bytes(text_to_pdf(seed_text("003")), "003.pdf")
    pages = [p.page for p in report.paragraphs]
    assert all(isinstance(page, int) for page in pages)
    assert pages == sorted(pages)
    assert pages[0] == 1
    assert pages[-1] == report.page_count


def test_extract_text_keeps_a_form_feed_between_pages() -> None:
    text, pages = extract_text(text_to_pdf(seed_text("000")), "letter.pdf")
    assert pages is not None and pages > 1
    assert text.count("\f") == pages - 1


def test_parse_file_reads_a_pdf_from_disk(tmp_path: Path) -> None:
    path = tmp_path / "focused-visit.pdf"
    path.write_bytes(text_to_pdf(seed_text("004")))
    report = parse_file(path)
    assert report.kind == "focused_visit"
    assert report.page_count is not None


# Bad input: one error type, a message that says what is wrong and what to do.


def test_empty_file() -> None:
    with pytest.raises(ReportParseError, match="empty"):
        parse_bytes(b"", "report.pdf")
    with pytest.raises(ReportParseError, match="empty"):
        parse_bytes(b"  \n\t ", "report.txt")


def test_random_bytes_named_pdf() -> None:
    junk = random.Random(7).randbytes(5000)
    with pytest.raises(ReportParseError, match="not a readable PDF"):
        parse_bytes(junk, "report.pdf")


def _png() -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\x00\x00"))
        + chunk(b"IEND", b"")
    )


def test_png_named_pdf() -> None:
    with pytest.raises(ReportParseError, match=r"not a readable PDF \(it looks like a PNG image\)"):
        parse_bytes(_png(), "scan.pdf")


def test_truncated_pdf() -> None:
    data = text_to_pdf(seed_text("004"))
    with pytest.raises(ReportParseError, match="not a readable PDF|no text layer"):
        parse_bytes(data[: len(data) // 3], "half.pdf")


def test_encrypted_pdf() -> None:
    writer = PdfWriter()
    for page in PdfReader(io.BytesIO(text_to_pdf(seed_text("004")))).pages:
        writer.add_page(page)
    writer.encrypt("secret-password")
    out = io.BytesIO()
    writer.write(out)
    with pytest.raises(ReportParseError, match="encrypted"):
        parse_bytes(out.getvalue(), "locked.pdf")


def test_pdf_locked_only_against_editing_still_reads() -> None:
    writer = PdfWriter()
    for page in PdfReader(io.BytesIO(text_to_pdf(seed_text("004")))).pages:
        writer.add_page(page)
    writer.encrypt(user_password="", owner_password="owner-only")
    out = io.BytesIO()
    writer.write(out)
    assert parse_bytes(out.getvalue(), "locked.pdf").local_authority == "Gloucestershire"


def test_pdf_without_text_layer() -> None:
    pdf = FPDF()
    pdf.add_page()
    pdf.rect(20, 20, 100, 60, style="F")
    scanned = "looks scanned: it has no text layer; run OCR first"
    with pytest.raises(ReportParseError, match=scanned):
        parse_bytes(bytes(pdf.output()), "scan.pdf")


def test_oversize_file_names_both_sizes() -> None:
    data = b"x" * (3 * 1024 * 1024)
    with pytest.raises(ReportParseError) as caught:
        parse_bytes(data, "huge.pdf", max_bytes=2 * 1024 * 1024)
    message = str(caught.value)
    assert "3.0 MB" in message and "2.0 MB" in message


def test_unsupported_extension() -> None:
    with pytest.raises(ReportParseError, match=r"\.docx"):
        parse_bytes(b"PK\x03\x04 not really a document", "report.docx")


def test_binary_named_txt() -> None:
    with pytest.raises(ReportParseError, match="PNG image"):
        parse_bytes(_png(), "report.txt")


def test_cp1252_text_is_decoded() -> None:
    text = seed_text("004").replace("\u2019", "'")
    data = text.replace("Director", "Director \u2013").encode("cp1252")
    assert parse_bytes(data, "letter.txt").local_authority == "Gloucestershire"


def test_not_an_ofsted_document() -> None:
    recipe = (
        "Victoria sponge\n\nIngredients\n\n- 200g butter\n- 200g caster sugar\n- 4 eggs\n\n"
        "Method\n\nHeat the oven to 190C. Cream the butter and sugar, beat in the eggs and "
        "fold in the flour. Bake for 20 minutes.\n"
    )
    with pytest.raises(ReportParseError, match="does not look like an Ofsted"):
        parse_bytes(recipe.encode(), "recipe.txt")
    with pytest.raises(ReportParseError, match="does not look like an Ofsted"):
        parse_bytes(text_to_pdf(recipe * 3), "recipe.pdf")


def test_unreadable_dates() -> None:
    text = seed_text("003").replace(
        "Inspection dates: 3 June 2024 to 14 June 2024", "Inspection dates: early summer"
    )
    with pytest.raises(ReportParseError, match="dates"):
        parse_text(text)


def test_missing_authority() -> None:
    text = seed_text("003").replace(
        "Inspection of South Gloucestershire local authority children's services",
        "Inspection report",
    )
    with pytest.raises(ReportParseError, match="local authority"):
        parse_text(text)


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(ReportParseError, match="could not be opened"):
        parse_file(tmp_path / "nowhere.pdf")
