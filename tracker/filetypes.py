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

import io
import os
import re
import unicodedata
import zipfile
from dataclasses import dataclass

import olefile
from pypdf import PdfReader
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject, NameObject


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
PDF_ACTIVE = {
    b"JavaScript",
    b"JS",
    b"Launch",
    b"EmbeddedFile",
    b"EmbeddedFiles",
    b"RichMedia",
    b"GoToE",
}
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
    if file_type is PDF and (_pdf_raw_active(data) or _pdf_objects_active(data)):
        raise FileTypeError(
            "PDFs that run scripts or carry attached files are not accepted. "
            "Print or save it as a plain PDF and upload that."
        )
    return file_type


def _pdf_raw_active(data: bytes) -> bool:
    """Active names written outside streams, read straight from the bytes."""
    for name in PDF_NAME.findall(_without_pdf_streams(data)):
        plain = re.sub(rb"#([0-9A-Fa-f]{2})", lambda m: bytes([int(m[1], 16)]), name)
        if plain in PDF_ACTIVE:
            return True
    return False


def _pdf_objects_active(data: bytes) -> bool:
    """Active names anywhere in the object tree, as a PDF reader resolves it.

    Every object in the cross-reference table is read, including those packed in compressed
    object streams, and every dictionary key, name value and array inside it is looked at.
    A PDF that pypdf cannot read is refused when it has any stream (whose content the raw
    check cannot see); without streams the raw check has seen all of it.
    """
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        ids = [(idnum, gen) for gen, objs in reader.xref.items() for idnum in objs]
        ids += [(idnum, 0) for idnum in reader.xref_objStm]
        roots = [reader.trailer] + [reader.get_object(IndirectObject(i, g, reader)) for i, g in ids]
    except Exception as exc:  # noqa: BLE001 - any failure to read is "not readable"
        if _has_stream_keyword(data):
            raise FileTypeError(
                "The PDF is damaged, so what it holds cannot be checked. "
                "Print or save it again as PDF and upload that."
            ) from exc
        return False
    return any(_active_in(root, depth=0) for root in roots)


def _active_in(value, depth: int) -> bool:
    # Indirect references are not followed: every object is visited from the table.
    if depth > 50:
        return True
    if isinstance(value, NameObject):
        return value.lstrip("/").encode() in PDF_ACTIVE
    if isinstance(value, DictionaryObject):
        return any(
            key.lstrip("/").encode() in PDF_ACTIVE or _active_in(item, depth + 1)
            for key, item in value.items()
        )
    if isinstance(value, ArrayObject):
        return any(_active_in(item, depth + 1) for item in value)
    return False


def _has_stream_keyword(data: bytes) -> bool:
    return re.search(rb"(?:>>|\s)stream\r?\n", data) is not None


def _without_pdf_streams(data: bytes) -> bytes:
    """Drop each "stream" + newline ... "endstream" span, as a lazy regex would.

    Only a real stream keyword counts: one that follows a dictionary's closing ">>" on a line
    that is not a comment, so "%stream" ... "%endstream" comment lines hide nothing.

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
        if not _starts_stream(data, found):
            search_from = after
            continue
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


def _starts_stream(data: bytes, found: int) -> bool:
    before = data[max(0, found - 64) : found].rstrip(b" \t\r\n\f\x00")
    if not before.endswith(b">>"):
        return False
    close = data.rfind(b">>", 0, found)
    line_of_close = max(data.rfind(b"\n", 0, close), data.rfind(b"\r", 0, close)) + 1
    return b"%" not in data[line_of_close:close]


def _office_open_xml(fileobj) -> FileType:
    try:
        with zipfile.ZipFile(fileobj) as archive:
            names = set(archive.namelist())
            if "[Content_Types].xml" not in names:
                raise FileTypeError(
                    f"Zip archives are not accepted. Upload {ACCEPTED_DESCRIPTION}."
                )
            _refuse_active_office_parts(archive, names)
    except (zipfile.BadZipFile, OSError, ValueError, KeyError) as exc:
        if isinstance(exc, FileTypeError):
            raise
        raise FileTypeError("The file is a damaged or unreadable zip archive.") from exc
    finally:
        fileobj.seek(0)
    if "word/document.xml" in names:
        return DOCX
    if "xl/workbook.xml" in names:
        return XLSX
    raise FileTypeError(f"This Office file is not accepted. Upload {ACCEPTED_DESCRIPTION}.")


# Office parts and relationships that run code, fetch things from elsewhere when the file is
# opened, or carry another document inside.
OFFICE_MACROS = re.compile(r"vbaproject|vbadata|(?:^|/)macros?/", re.I)
OFFICE_EMBEDDED = re.compile(r"(?:^|/)embeddings/|oleobject|activex", re.I)
OFFICE_REFUSED_RELATIONSHIPS = re.compile(
    r"/(?:afchunk|oleobject|package|control|activexcontrol|attachedtemplate|vbaproject"
    r"|subdocument|frame|externallinkpath)$",
    re.I,
)
OFFICE_SCRIPT_TYPES = re.compile(
    r"html|javascript|ecmascript|vbscript|mhtml|message/rfc822|x-msdownload|x-ms-installer"
    r"|macroenabled|vba|oleobject|activex|application/octet-stream|rtf",
    re.I,
)
RELATIONSHIP = re.compile(rb"<(?:\w+:)?Relationship\b[^>]*>", re.I)
ATTRIBUTE = re.compile(rb"""(\w+)\s*=\s*(?:"([^"]*)"|'([^']*)')""")
CONTENT_TYPE_ENTRY = re.compile(rb"<(?:\w+:)?(?:Default|Override)\b[^>]*>", re.I)
PART_SNIFF_BYTES = 4096
# A chart embeds its data as a workbook; larger embedded packages are refused.
EMBEDDED_MAX_BYTES = 5 * 1024 * 1024


def _attributes(tag: bytes) -> dict[str, str]:
    return {
        key.decode().lower(): (double or single).decode("utf-8", "replace")
        for key, double, single in ATTRIBUTE.findall(tag)
    }


def _plain_embedded_package(archive: zipfile.ZipFile, name: str) -> bool:
    """A chart's data: a plain .xlsx (or .docx) inside the document, itself checked."""
    info = archive.getinfo(name)
    if not name.lower().endswith((".xlsx", ".docx")) or info.file_size > EMBEDDED_MAX_BYTES:
        return False
    try:
        with zipfile.ZipFile(io.BytesIO(archive.read(name))) as inner:
            inner_names = set(inner.namelist())
            if "[Content_Types].xml" not in inner_names:
                return False
            _refuse_active_office_parts(inner, inner_names, depth=1)
    except (zipfile.BadZipFile, OSError, ValueError, KeyError, FileTypeError):
        return False
    return True


def _refuse_active_office_parts(archive: zipfile.ZipFile, names: set[str], depth: int = 0) -> None:
    refused = FileTypeError(
        "Office files with macros, embedded objects or programs, links to outside files or "
        "templates, or embedded web pages are not accepted. Save it as a plain document "
        "(File > Save As, .docx or .xlsx) and retry."
    )
    for name in names:
        if OFFICE_MACROS.search(name):
            raise refused
        if OFFICE_EMBEDDED.search(name):
            if not (depth == 0 and _plain_embedded_package(archive, name)):
                raise refused
            continue
        if OFFICE_ACTIVE.search(name):
            raise refused
        head = archive.open(name).read(PART_SNIFF_BYTES)
        if DEEP_MARKUP.search(head) or head.startswith((b"MZ", OLE_MAGIC)):
            raise refused
        if name.lower().endswith(".rels"):
            for tag in RELATIONSHIP.findall(archive.read(name)):
                attrs = _attributes(tag)
                kind = attrs.get("type", "")
                if OFFICE_REFUSED_RELATIONSHIPS.search(kind):
                    raise refused
                # Links a reader follows only when clicked are fine; anything else external
                # (a template, an image, a frame) is fetched when the file opens.
                external = attrs.get("targetmode", "").lower() == "external"
                if external and not kind.lower().endswith("/hyperlink"):
                    raise refused
    for tag in CONTENT_TYPE_ENTRY.findall(archive.read("[Content_Types].xml")):
        if OFFICE_SCRIPT_TYPES.search(_attributes(tag).get("contenttype", "")):
            raise refused


def _legacy_office(fileobj) -> FileType:
    """A plain .doc or .xls: its compound file's directory has no macro or embedded storage."""
    data = fileobj.read()
    fileobj.seek(0)
    try:
        ole = olefile.OleFileIO(io.BytesIO(data))
        entries = ole.listdir(streams=True, storages=True)
    except Exception as exc:  # noqa: BLE001 - olefile raises many kinds on damaged files
        raise FileTypeError("The file is a damaged or unreadable Office document.") from exc
    names = {"/".join(entry).lower() for entry in entries}
    parts = {part.lower() for entry in entries for part in entry}
    if parts & OLE_ACTIVE_STORAGES or any(p.startswith(("mbd", "_vba")) for p in parts):
        raise FileTypeError(
            "Word and Excel files with macros or embedded objects are not accepted. "
            "Save it as a plain .docx or .xlsx and retry."
        )
    if "worddocument" in names:
        return DOC
    if "workbook" in names or "book" in names:
        return XLS
    raise FileTypeError(f"This kind of file is not accepted. Upload {ACCEPTED_DESCRIPTION}.")


# Storages and streams that hold macros (VBA), embedded objects or packages.
OLE_ACTIVE_STORAGES = {
    "macros",
    "vba",
    "_vba_project",
    "_vba_project_cur",
    "objectpool",
    "\x01ole10native",
    "\x01ole",
    "objinfo",
    "package",
    "equation native",
}


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
