"""Decide what an uploaded evidence file is from its bytes, never from its name.

Accepted: PDF, Word and Excel (both the zip-based and the legacy OLE
formats), PNG, JPEG and GIF. Everything else is refused, including HTML, SVG,
scripts, executables, macro-enabled Office files and files whose first
kilobyte looks like markup (a browser might sniff those as a page).

Polyglots, files that are valid as two kinds at once, are refused too: an
image or PDF with markup anywhere inside, one with a zip archive appended
(which Java and zip tools would open), a PDF that runs JavaScript, launches
programs or carries attached files, and an Office file that embeds scripts,
programs or ActiveX controls.
"""

from __future__ import annotations

import os
import re
import unicodedata
import zipfile
from dataclasses import dataclass


class FileTypeError(ValueError):
    """The file is not one of the accepted kinds; the message says what to do."""


@dataclass(frozen=True)
class FileType:
    content_type: str
    extension: str
    description: str


PDF = FileType("application/pdf", ".pdf", "PDF")
DOCX = FileType(
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document", ".docx", "Word"
)
XLSX = FileType(
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", ".xlsx", "Excel"
)
DOC = FileType("application/msword", ".doc", "Word")
XLS = FileType("application/vnd.ms-excel", ".xls", "Excel")
PNG = FileType("image/png", ".png", "PNG image")
JPEG = FileType("image/jpeg", ".jpg", "JPEG image")
GIF = FileType("image/gif", ".gif", "GIF image")

ACCEPTED_DESCRIPTION = "a PDF, Word or Excel document, or a PNG, JPEG or GIF image"

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
MARKUP = re.compile(rb"<\s*(?:!doctype|html|script|svg|body|iframe|\?xml-stylesheet)", re.I)
EXTENSIONS = {t.content_type: {t.extension} for t in (PDF, DOCX, XLSX, DOC, XLS, PNG, GIF)} | {
    JPEG.content_type: {".jpg", ".jpeg"}
}


def detect(fileobj) -> FileType:
    """Return the type of an open binary file, or raise FileTypeError. Leaves the file at 0."""
    fileobj.seek(0)
    head = fileobj.read(2048)
    fileobj.seek(0)
    if not head:
        raise FileTypeError("The file is empty.")
    if MARKUP.search(head[:1024]):
        raise FileTypeError(
            f"The file looks like a web page or script. Upload {ACCEPTED_DESCRIPTION}."
        )
    if head.startswith(b"%PDF-"):
        return _single_kind(fileobj, PDF)
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return _single_kind(fileobj, PNG)
    if head.startswith(b"\xff\xd8\xff"):
        return _single_kind(fileobj, JPEG)
    if head.startswith((b"GIF87a", b"GIF89a")):
        return _single_kind(fileobj, GIF)
    if head.startswith(b"PK\x03\x04"):
        return _office_open_xml(fileobj)
    if head.startswith(OLE_MAGIC):
        return _legacy_office(fileobj)
    raise FileTypeError(f"This kind of file is not accepted. Upload {ACCEPTED_DESCRIPTION}.")


# Markup a browser or viewer would run, anywhere in the file. Stricter than
# MARKUP (a tag name must end), so compressed image data does not match by chance.
DEEP_MARKUP = re.compile(
    rb"<\s*(?:!doctype\s+html|html[\s>]|script[\s>]|svg[\s>/]|body[\s>]|iframe[\s>])", re.I
)
# The end-of-archive record zip readers look for within the last 64 KB of a file.
ZIP_END = b"PK\x05\x06"
ZIP_END_WINDOW = 65535 + 22
# PDF names that run code, start programs or carry other files, outside the
# (compressed) streams. Names may hide letters as #xx escapes.
PDF_NAME = re.compile(rb"/([A-Za-z0-9#]+)")
PDF_ACTIVE = {b"JavaScript", b"JS", b"Launch", b"EmbeddedFile", b"EmbeddedFiles", b"RichMedia"}
# Office parts that run code or hold programs when the document is opened.
OFFICE_ACTIVE = re.compile(
    r"(?:^|/)activex/|\.(?:exe|dll|com|scr|msi|bat|cmd|ps1|vbs|vbe|js|jse|wsf|hta|html?|jar)$",
    re.I,
)


def _single_kind(fileobj, file_type: FileType) -> FileType:
    """Refuse an image or PDF that is also something else (a polyglot).

    Evidence files are at most EVIDENCE_MAX_BYTES, so reading one whole is fine.
    """
    fileobj.seek(0)
    data = fileobj.read()
    fileobj.seek(0)
    if DEEP_MARKUP.search(data):
        raise FileTypeError(
            f"The file has web page or script code inside it. Upload {ACCEPTED_DESCRIPTION}."
        )
    if ZIP_END in data[-ZIP_END_WINDOW:]:
        raise FileTypeError(
            "The file has another file (an archive) hidden inside it. "
            f"Upload {ACCEPTED_DESCRIPTION}."
        )
    if file_type is PDF:
        for name in PDF_NAME.findall(_without_pdf_streams(data)):
            plain = re.sub(rb"#([0-9A-Fa-f]{2})", lambda m: bytes([int(m[1], 16)]), name)
            if plain in PDF_ACTIVE:
                raise FileTypeError(
                    "PDFs that run scripts or carry attached files are not accepted. "
                    "Print or save it as a plain PDF and upload that."
                )
    return file_type


def _without_pdf_streams(data: bytes) -> bytes:
    """Drop each "stream" + newline ... "endstream" span, as a lazy regex would.

    Not a regex: for every "stream" line with no "endstream" after it, the
    regex would rescan the rest of the file, so a PDF of nothing but "stream"
    lines took hours. Here each byte is searched once. An unterminated stream
    is kept, along with everything after it, so names there are still checked.
    """
    kept = []
    pos = 0
    search_from = 0
    while (found := data.find(b"stream", search_from)) != -1:
        after = found + len(b"stream")
        if data.startswith(b"\n", after):
            start = after + 1
        elif data.startswith(b"\r\n", after):
            start = after + 2
        else:
            search_from = after
            continue
        end = data.find(b"endstream", start)
        if end == -1:
            break
        kept.append(data[pos:found])
        pos = search_from = end + len(b"endstream")
    kept.append(data[pos:])
    return b"".join(kept)


def _office_open_xml(fileobj) -> FileType:
    try:
        with zipfile.ZipFile(fileobj) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise FileTypeError("The file is a damaged or unreadable zip archive.") from exc
    finally:
        fileobj.seek(0)
    if "[Content_Types].xml" not in names:
        raise FileTypeError(f"Zip archives are not accepted. Upload {ACCEPTED_DESCRIPTION}.")
    if any(name.lower().endswith("vbaproject.bin") for name in names):
        raise FileTypeError("Files with macros are not accepted. Save it without macros and retry.")
    if any(OFFICE_ACTIVE.search(name) for name in names):
        raise FileTypeError(
            "Office files with embedded programs, scripts or web pages are not accepted. "
            "Remove them and retry."
        )
    if "word/document.xml" in names:
        return DOCX
    if "xl/workbook.xml" in names:
        return XLSX
    raise FileTypeError(f"This Office file is not accepted. Upload {ACCEPTED_DESCRIPTION}.")


def _legacy_office(fileobj) -> FileType:
    # An OLE compound file names its streams in UTF-16 in its directory; Word
    # files have a "WordDocument" stream, Excel files a "Workbook" (or "Book").
    data = fileobj.read()
    fileobj.seek(0)
    if "WordDocument".encode("utf-16-le") in data:
        return DOC
    if "Workbook".encode("utf-16-le") in data or "Book\x00".encode("utf-16-le") in data:
        return XLS
    raise FileTypeError(f"This kind of file is not accepted. Upload {ACCEPTED_DESCRIPTION}.")


def safe_filename(name: str, file_type: FileType) -> str:
    """A display and download name: no path, no control characters, an extension that matches."""
    name = unicodedata.normalize("NFC", name or "")
    name = name.replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(ch for ch in name if unicodedata.category(ch)[0] != "C")
    name = re.sub(r'[<>:"|?*;]', "_", name).strip(" .")
    stem, ext = os.path.splitext(name)
    if ext.lower() not in EXTENSIONS[file_type.content_type]:
        stem, ext = name, file_type.extension
    stem = stem[:150] or "evidence"
    return f"{stem}{ext.lower()}"
