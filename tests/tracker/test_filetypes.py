import io
import re
import zipfile

import pytest

from tests.ole2 import compound_file
from tracker import filetypes


def _zip(names):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name in names:
            archive.writestr(name, "<x/>")
    buffer.seek(0)
    return buffer


def _ole(stream_name: str) -> io.BytesIO:
    return io.BytesIO(compound_file({stream_name: None, "\x01CompObj": None}))


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


# The regex the stream stripping stands for; kept here as the reference it must match. A
# stream starts only after a dictionary's ">>", so "%stream" comment lines hide nothing.
REFERENCE_PDF_STREAM = re.compile(rb"(?<=>>)([ \t\r\n\f\x00]*)stream\r?\n.*?endstream", re.S)


@pytest.mark.parametrize(
    "data",
    [
        b"",
        b"%PDF-1.7\n1 0 obj<</Length 3>>stream\nabcendstream\nendobj\n/Type /Page",
        b"%PDF-1.7\n<<>>stream\r\n/JS x\r\nendstream\n<<>> stream\n/Launch\nendstream /Names",
        b"%PDF-1.7\n<<>>stream\rnot a stream /JavaScript endstream",
        b"%PDF-1.7\n<<>>streamstream\nxendstream\nstreamendstream /A",
        b"%PDF-1.7\n<<>>\nstream\nendstream\nendstream\n/OpenAction",
        b"%PDF-1.7\n<<>>stream\nclosed\nendstream\n<<>>stream\nunterminated /JavaScript",
        b"%PDF-1.7\n%stream\n/OpenAction<</S/JavaScript>>\n%endstream\n",
        b"%PDF-1.7\n" + b"<<>>stream\n" * 50,
    ],
)
def test_pdf_streams_are_dropped_as_the_reference_regex_does(data):
    assert filetypes._without_pdf_streams(data) == REFERENCE_PDF_STREAM.sub(rb"\1", data)


def test_a_commented_dictionary_end_starts_no_stream():
    data = b"%PDF-1.7\n% >>\nstream\n/OpenAction<</S/JavaScript>>\nendstream\n"
    assert filetypes._without_pdf_streams(data) == data


def test_names_after_an_unterminated_pdf_stream_are_still_checked():
    with pytest.raises(filetypes.FileTypeError):
        filetypes.detect(io.BytesIO(b"%PDF-1.7\nstream\n/JavaScript (app.alert(1))"))


def test_large_pdf_of_unterminated_streams_is_decided_like_a_small_one():
    # Nothing is stripped and no names are found, as with a small such file (the old
    # backtracking regex never finished on one this size); a file no PDF reader can read
    # whose streams cannot be looked into is refused.
    small = io.BytesIO(b"%PDF-1.7\n" + b"<<>>stream\n" * 10)
    large = io.BytesIO(b"%PDF-1.7\n" + b"<<>>stream\n" * (4 * 1024 * 1024 // 11))
    for content in (small, large):
        with pytest.raises(filetypes.FileTypeError, match="damaged"):
            filetypes.detect(content)
