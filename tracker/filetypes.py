"""Decide what an uploaded evidence file is from its bytes, never from its name.

Accepted: PDF, Word and Excel (both the zip-based and the legacy OLE
formats), PNG, JPEG and GIF. Everything else is refused, including HTML, SVG,
scripts, executables, macro-enabled Office files and files whose first
kilobyte looks like markup (a browser might sniff those as a page).
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
        return PDF
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if head.startswith(b"\xff\xd8\xff"):
        return JPEG
    if head.startswith((b"GIF87a", b"GIF89a")):
        return GIF
    if head.startswith(b"PK\x03\x04"):
        return _office_open_xml(fileobj)
    if head.startswith(OLE_MAGIC):
        return _legacy_office(fileobj)
    raise FileTypeError(f"This kind of file is not accepted. Upload {ACCEPTED_DESCRIPTION}.")


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
