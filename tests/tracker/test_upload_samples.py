"""The upload samples a security review got through the evidence check, each built here.

Every refused sample was accepted before the compound-file, object-tree and Office-package
checks; the plain files beside them must still be accepted.
"""

from __future__ import annotations

import io
import zipfile
import zlib

import pytest

from tests.ole2 import compound_file
from tracker import filetypes

CONTENT_TYPES = (
    '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
    'content-types"><Default Extension="xml" ContentType="application/xml"/>'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
    'relationships+xml"/>{extra}</Types>'
)
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"


def docx(parts: dict[str, str | bytes] | None = None, content_types: str = "") -> io.BytesIO:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES.format(extra=content_types))
        archive.writestr("word/document.xml", "<w:document><w:body/></w:document>")
        for name, data in (parts or {}).items():
            archive.writestr(name, data)
    buffer.seek(0)
    return buffer


def rels(*relationships: tuple[str, str, str]) -> str:
    return (
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        + "".join(
            f'<Relationship Id="rId{i}" Type="{REL}{kind}" Target="{target}"{mode}/>'
            for i, (kind, target, mode) in enumerate(relationships, 1)
        )
        + "</Relationships>"
    )


def refused(content) -> bool:
    try:
        filetypes.detect(content)
    except filetypes.FileTypeError:
        return True
    return False


# --- OLE2 (.doc, .xls) -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("tree", "expected"),
    [
        ({"WordDocument": None, "1Table": None, "\x01CompObj": None}, filetypes.DOC),
        ({"Workbook": None, "\x05SummaryInformation": None}, filetypes.XLS),
    ],
)
def test_plain_legacy_office_files_are_accepted(tree, expected):
    assert filetypes.detect(io.BytesIO(compound_file(tree))) == expected


@pytest.mark.parametrize(
    "tree",
    [
        # Word macros live in a "Macros" storage with a "VBA" storage inside.
        {"WordDocument": None, "1Table": None, "Macros": {"VBA": {"dir": None}}},
        # Excel keeps them in "_VBA_PROJECT_CUR".
        {"Workbook": None, "_VBA_PROJECT_CUR": {"VBA": {"dir": None}}},
        # Embedded objects: Word's ObjectPool, Excel's MBD storages, OLE 1.0 packages.
        {"WordDocument": None, "ObjectPool": {"_1234": {"\x01Ole10Native": None}}},
        {"Workbook": None, "MBD0001A2B3": {"\x01Ole": None}},
        {"WordDocument": None, "\x01Ole10Native": None},
    ],
    ids=["doc-macros", "xls-macros", "doc-objectpool", "xls-mbd", "ole10native"],
)
def test_legacy_office_with_macros_or_embedded_objects_is_refused(tree):
    with pytest.raises(filetypes.FileTypeError, match="macros or embedded objects"):
        filetypes.detect(io.BytesIO(compound_file(tree)))


def test_a_compound_file_that_is_neither_word_nor_excel_is_refused():
    assert refused(io.BytesIO(compound_file({"PowerPoint Document": None})))


def test_a_damaged_compound_file_is_refused_with_a_message():
    with pytest.raises(filetypes.FileTypeError, match="damaged"):
        filetypes.detect(io.BytesIO(filetypes.OLE_MAGIC + b"WordDocument".ljust(600, b"\0")))


# --- PDF -------------------------------------------------------------------------------------


def test_open_action_javascript_between_stream_comment_lines_is_refused():
    data = (
        b"%PDF-1.4\n%stream\n"
        b"1 0 obj<</Type/Catalog/OpenAction<</S/JavaScript/JS(app.alert(1))>>>>endobj\n"
        b"%endstream\ntrailer<</Root 1 0 R>>\n%%EOF\n"
    )
    assert refused(io.BytesIO(data))


def pdf_with_object_stream(action: bytes) -> bytes:
    """A PDF whose action dictionary is packed, compressed, in an object stream (PDF 1.5)."""
    packed = b"2 0 " + action
    objstm = zlib.compress(packed)
    out = io.BytesIO()
    out.write(b"%PDF-1.5\n")
    offsets = {}

    def obj(number: int, body: bytes) -> None:
        offsets[number] = out.tell()
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")

    obj(1, b"<</Type/Catalog/Pages 3 0 R/OpenAction 2 0 R>>")
    obj(3, b"<</Type/Pages/Kids[]/Count 0>>")
    obj(
        4,
        b"<</Type/ObjStm/N 1/First 4/Filter/FlateDecode/Length %d>>stream\n" % len(objstm)
        + objstm
        + b"\nendstream",
    )
    rows = [b"\x00" + (0).to_bytes(4, "big") + b"\xff\xff"]
    rows.append(b"\x01" + offsets[1].to_bytes(4, "big") + b"\x00\x00")
    rows.append(b"\x02" + (4).to_bytes(4, "big") + b"\x00\x00")  # object 2: in stream 4, index 0
    rows.append(b"\x01" + offsets[3].to_bytes(4, "big") + b"\x00\x00")
    rows.append(b"\x01" + offsets[4].to_bytes(4, "big") + b"\x00\x00")
    xref_at = out.tell()
    rows.append(b"\x01" + xref_at.to_bytes(4, "big") + b"\x00\x00")
    table = b"".join(rows)
    out.write(
        b"5 0 obj\n<</Type/XRef/Size 6/W[1 4 2]/Root 1 0 R/Length %d>>stream\n" % len(table)
        + table
        + b"\nendstream\nendobj\n"
    )
    out.write(b"startxref\n%d\n%%%%EOF\n" % xref_at)
    return out.getvalue()


def test_javascript_in_a_compressed_object_stream_is_refused():
    data = pdf_with_object_stream(b"<</S/JavaScript/JS(app.alert(1))>>")
    assert b"JavaScript" not in data  # only the object tree shows it
    assert refused(io.BytesIO(data))


def test_launch_action_in_a_compressed_object_stream_is_refused():
    assert refused(io.BytesIO(pdf_with_object_stream(b"<</S/Launch/F(calc.exe)>>")))


def test_a_pdf_with_a_plain_action_in_an_object_stream_is_accepted():
    data = pdf_with_object_stream(b"<</S/URI/URI(https://example.gov.uk/)>>")
    assert filetypes.detect(io.BytesIO(data)) == filetypes.PDF


def test_an_unreadable_pdf_with_a_stream_is_refused():
    hidden = zlib.compress(b"<</S/JavaScript/JS(app.alert(1))>>")
    data = b"%PDF-1.4\n1 0 obj<</Length 9>>stream\n" + hidden + b"\nendstream endobj\n"
    with pytest.raises(filetypes.FileTypeError, match="damaged"):
        filetypes.detect(io.BytesIO(data))


# --- Word and Excel packages -----------------------------------------------------------------


def _workbook(extra: dict[str, str] | None = None) -> bytes:
    inner = io.BytesIO()
    with zipfile.ZipFile(inner, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES.format(extra=""))
        archive.writestr("xl/workbook.xml", "<workbook/>")
        for name, data in (extra or {}).items():
            archive.writestr(name, data)
    return inner.getvalue()


def test_a_chart_with_its_plain_data_workbook_is_accepted():
    content = docx({"word/embeddings/Microsoft_Excel_Worksheet.xlsx": _workbook()})
    assert filetypes.detect(content) == filetypes.DOCX


def test_a_chart_workbook_carrying_macros_is_refused():
    content = docx(
        {"word/embeddings/Microsoft_Excel_Worksheet.xlsx": _workbook({"xl/vbaProject.bin": "x"})}
    )
    assert refused(content)


def test_a_plain_docx_with_a_web_link_is_accepted():
    content = docx(
        {
            "word/_rels/document.xml.rels": rels(
                ("hyperlink", "https://x.example/", ' TargetMode="External"')
            )
        }
    )
    assert filetypes.detect(content) == filetypes.DOCX


@pytest.mark.parametrize(
    ("parts", "content_types"),
    [
        # An embedded OLE object.
        (
            {
                "word/embeddings/oleObject1.bin": compound_file({"\x01Ole10Native": None}),
                "word/_rels/document.xml.rels": rels(
                    ("oleObject", "embeddings/oleObject1.bin", "")
                ),
            },
            "",
        ),
        # An OLE object under an innocent name.
        (
            {
                "word/media/image1.png": compound_file({"\x01Ole10Native": None}),
                "word/_rels/document.xml.rels": rels(("image", "media/image1.png", "")),
            },
            "",
        ),
        # A template fetched from elsewhere when the document opens.
        (
            {
                "word/_rels/settings.xml.rels": rels(
                    ("attachedTemplate", "http://198.51.100.7/t.dotm", ' TargetMode="External"')
                )
            },
            "",
        ),
        # An image fetched from elsewhere when the document opens.
        (
            {
                "word/_rels/document.xml.rels": rels(
                    ("image", "http://198.51.100.7/pixel.png", ' TargetMode="External"')
                )
            },
            "",
        ),
        # An alternate-format chunk holding a web archive.
        (
            {
                "word/afchunk.mht": "MIME-Version: 1.0\r\n\r\nhello",
                "word/_rels/document.xml.rels": rels(("aFChunk", "afchunk.mht", "")),
            },
            '<Override PartName="/word/afchunk.mht" ContentType="message/rfc822"/>',
        ),
        # Script parts under odd names.
        ({"word/theme/notes.dat": "<script>alert(1)</script>"}, ""),
        (
            {"word/custom.dat": "app.alert(1)"},
            '<Override PartName="/word/custom.dat" ContentType="application/javascript"/>',
        ),
        ({"customXml/item9.xml": "<html><body onload='x()'></body></html>"}, ""),
        # Macros by another name.
        ({"word/vbaData.xml": "<x/>"}, ""),
    ],
    ids=[
        "embedded-ole",
        "ole-as-image",
        "attached-template",
        "external-image",
        "afchunk-mht",
        "script-part",
        "javascript-content-type",
        "html-part",
        "vba-data",
    ],
)
def test_docx_with_active_or_external_content_is_refused(parts, content_types):
    with pytest.raises(filetypes.FileTypeError, match="not accepted"):
        filetypes.detect(docx(parts, content_types))
