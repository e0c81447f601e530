import io
import re
import zipfile

import pytest

from tracker import filetypes


def _zip(names):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name in names:
            archive.writestr(name, "<x/>")
    buffer.seek(0)
    return buffer


def _ole(stream_name: str) -> io.BytesIO:
    return io.BytesIO(
        filetypes.OLE_MAGIC + b"\x00" * 504 + stream_name.encode("utf-16-le") + b"\x00" * 100
    )


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (io.BytesIO(b"%PDF-1.7\n..."), filetypes.PDF),
        (io.BytesIO(b"\x89PNG\r\n\x1a\n" + b"\x00" * 20), filetypes.PNG),
        (io.BytesIO(b"\xff\xd8\xff\xe0" + b"\x00" * 20), filetypes.JPEG),
        (io.BytesIO(b"GIF89a" + b"\x00" * 20), filetypes.GIF),
        (_zip(["[Content_Types].xml", "word/document.xml"]), filetypes.DOCX),
        (_zip(["[Content_Types].xml", "xl/workbook.xml"]), filetypes.XLSX),
        (_ole("WordDocument"), filetypes.DOC),
        (_ole("Workbook"), filetypes.XLS),
    ],
)
def test_detects_accepted_types(content, expected):
    assert filetypes.detect(content) == expected
    assert content.tell() == 0


@pytest.mark.parametrize(
    "content",
    [
        _zip(["hello.txt"]),
        _zip(["[Content_Types].xml", "word/document.xml", "word/vbaProject.bin"]),
        _zip(["[Content_Types].xml", "ppt/presentation.xml"]),
        _ole("PowerPoint Document"),
        io.BytesIO(b"PK\x03\x04 not really a zip"),
        io.BytesIO(b"\x7fELF\x02\x01"),
        io.BytesIO(b"GIF89a<script>alert(1)</script>"),
        io.BytesIO(b"%PDF-1.4 <html><body>"),
        io.BytesIO(b"<?xml version='1.0'?><svg/>"),
    ],
)
def test_rejects_everything_else(content):
    with pytest.raises(filetypes.FileTypeError):
        filetypes.detect(content)


@pytest.mark.parametrize(
    ("name", "file_type", "expected"),
    [
        ("report.pdf", filetypes.PDF, "report.pdf"),
        ("C:\\Users\\me\\Audit.PDF", filetypes.PDF, "Audit.pdf"),
        ("../../secret.pdf", filetypes.PDF, "secret.pdf"),
        ("page.html", filetypes.PDF, "page.html.pdf"),
        ("photo.jpeg", filetypes.JPEG, "photo.jpeg"),
        ("bad\x00name\n.png", filetypes.PNG, "badname.png"),
        ("", filetypes.GIF, "evidence.gif"),
        ('a";b.pdf', filetypes.PDF, "a__b.pdf"),
    ],
)
def test_safe_filename(name, file_type, expected):
    assert filetypes.safe_filename(name, file_type) == expected


# The regex the stream stripping replaced; kept here as the reference it must match.
OLD_PDF_STREAM = re.compile(rb"stream\r?\n.*?endstream", re.S)


@pytest.mark.parametrize(
    "data",
    [
        b"",
        b"%PDF-1.7\n1 0 obj<</Length 3>>stream\nabcendstream\nendobj\n/Type /Page",
        b"%PDF-1.7\nstream\r\n/JS x\r\nendstream\nstream\n/Launch\nendstream /Names",
        b"%PDF-1.7\nstream\rnot a stream /JavaScript endstream",
        b"%PDF-1.7\nstreamstream\nxendstream\nstreamendstream /A",
        b"%PDF-1.7\nstream\nendstream\nendstream\n/OpenAction",
        b"%PDF-1.7\nstream\nclosed\nendstream\nstream\nunterminated /JavaScript",
        b"%PDF-1.7\n" + b"stream\n" * 50,
    ],
)
def test_pdf_streams_are_dropped_as_the_old_regex_did(data):
    assert filetypes._without_pdf_streams(data) == OLD_PDF_STREAM.sub(b"", data)


def test_names_after_an_unterminated_pdf_stream_are_still_checked():
    with pytest.raises(filetypes.FileTypeError):
        filetypes.detect(io.BytesIO(b"%PDF-1.7\nstream\n/JavaScript (app.alert(1))"))


def test_large_pdf_of_unterminated_streams_is_still_a_pdf():
    # Nothing is stripped and no names are found, as with a small such file;
    # the old backtracking regex never finished on one this size.
    small = io.BytesIO(b"%PDF-1.7\n" + b"stream\n" * 10)
    large = io.BytesIO(b"%PDF-1.7\n" + b"stream\n" * (4 * 1024 * 1024 // 7))
    assert filetypes.detect(small) == filetypes.PDF
    assert filetypes.detect(large) == filetypes.PDF
