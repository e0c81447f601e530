"""Bytes to text: PDF through pypdf, plain text by decoding.

Assumptions:
- Ofsted publishes born-digital PDFs with a text layer; a PDF without one was
  scanned and needs OCR before it can be imported, which is not our job.
- Pages are kept apart with a form feed ("\\f") so the parser can tell which
  page a paragraph is on and can recognise running headers and footers.
- Text files are UTF-8 (with or without a byte-order mark); older exports from
  Windows tools are cp1252.
"""

from __future__ import annotations

import io
import logging
from pathlib import PurePath
from typing import Any

from .types import ReportParseError

PAGE_BREAK = "\f"

# A PDF with less readable text than this (over the whole file) has no text layer.
MIN_TEXT_CHARS = 40

_MAGIC = (
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"II*\x00", "a TIFF image"),
    (b"MM\x00*", "a TIFF image"),
    (b"PK\x03\x04", "a Word document or other zip file"),
    (b"\xd0\xcf\x11\xe0", "an old-style Word or Excel file"),
    (b"{\\rtf", "an RTF document"),
)


def _describe_binary(data: bytes) -> str | None:
    for magic, description in _MAGIC:
        if data.startswith(magic):
            return description
    return None


def extract_text(data: bytes, filename: str) -> tuple[str, int | None]:
    """Return (raw text, page count or None) for a PDF or text file."""
    name = PurePath(filename or "").name or "the file"
    if not data or not data.strip():
        raise ReportParseError(f"'{name}' is empty. Choose the Ofsted report file and try again.")
    suffix = PurePath(name).suffix.lower()
    if suffix == ".pdf":
        return _extract_pdf(data, name)
    if suffix in (".txt", ".text"):
        return _decode_text(data, name), None
    shown = suffix or "with no extension"
    raise ReportParseError(
        f"'{name}' is a file of type {shown}, which cannot be imported. "
        "Upload the Ofsted report as a PDF (.pdf) or a plain-text file (.txt)."
    )


def _decode_text(data: bytes, name: str) -> str:
    described = _describe_binary(data)
    if described or b"\x00" in data[:4096]:
        what = described or "binary data"
        raise ReportParseError(
            f"'{name}' is named as a text file but contains {what}. "
            "Upload the Ofsted report as a PDF or a plain-text file."
        )
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError:
        # cp1252 leaves five byte values undefined; latin-1 maps every byte.
        return data.decode("latin-1")


def _page_text(page: Any) -> str:
    """A page's text with a blank line wherever the printed lines leave a gap.

    pypdf joins lines with single newlines, so paragraphs run together; the
    vertical position of each line tells where one paragraph ends.
    """
    pieces: list[tuple[str, float | None]] = []

    def visit(text: str, cm: list[float], tm: list[float], font: Any, size: Any) -> None:
        y = None
        if text.strip():
            y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
        pieces.append((text, y))

    text = page.extract_text(visitor_text=visit) or ""
    if "".join(p for p, _ in pieces) != text:
        return text
    lines: list[tuple[str, float | None]] = []
    current: list[str] = []
    current_y: float | None = None
    for piece, y in pieces:
        parts = piece.split("\n")
        for k, part in enumerate(parts):
            if k:
                lines.append(("".join(current), current_y))
                current, current_y = [], None
            current.append(part)
            if current_y is None and part.strip():
                current_y = y
    lines.append(("".join(current), current_y))

    ys = [y for line, y in lines if y is not None and line.strip()]
    steps = sorted(a - b for a, b in zip(ys, ys[1:], strict=False) if a - b > 0.5)
    if not steps:
        return text
    usual = steps[len(steps) // 2]
    out: list[str] = []
    previous: float | None = None
    for line, y in lines:
        if y is not None and line.strip():
            if previous is not None and (previous - y > 1.5 * usual or y > previous + 0.5):
                out.append("")
            previous = y
        out.append(line)
    return "\n".join(out)


def _extract_pdf(data: bytes, name: str) -> tuple[str, int]:
    head = data[:1024]
    if b"%PDF-" not in head:
        described = _describe_binary(data)
        what = f" (it looks like {described})" if described else ""
        raise ReportParseError(
            f"'{name}' is not a readable PDF{what}. "
            "Download the report again from the Ofsted website and upload that file."
        )
    # pypdf reports recoverable damage through logging; the user only needs our verdict.
    logging.getLogger("pypdf").setLevel(logging.ERROR)
    from pypdf import PdfReader

    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        encrypted = reader.is_encrypted
    except Exception as exc:  # pypdf raises many types for damaged files
        raise ReportParseError(
            f"'{name}' is not a readable PDF: the file is damaged or incomplete. "
            "Download the report again from the Ofsted website and upload that file."
        ) from exc
    if encrypted:
        # Files locked only against editing open with an empty password.
        try:
            opened = reader.decrypt("")
        except Exception:
            opened = 0
        if not opened:
            raise ReportParseError(
                f"'{name}' is an encrypted (password-protected) PDF. "
                "Save an unprotected copy, or download the report again from the Ofsted website."
            )
    try:
        pages = list(reader.pages)
    except Exception as exc:
        raise ReportParseError(
            f"'{name}' is not a readable PDF: its page list cannot be read. "
            "Download the report again from the Ofsted website and upload that file."
        ) from exc
    texts: list[str] = []
    for page in pages:
        try:
            texts.append(_page_text(page))
        except Exception:
            texts.append("")
    text = PAGE_BREAK.join(texts)
    readable = sum(1 for ch in text if ch.isalnum())
    if readable < MIN_TEXT_CHARS:
        raise ReportParseError(
            f"'{name}' looks scanned: it has no text layer; run OCR first "
            "(or download the original report from the Ofsted website)."
        )
    return text, len(pages)
