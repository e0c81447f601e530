import io
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
