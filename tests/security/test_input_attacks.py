"""Hostile input: markup in reports and user text, forged forms, dangerous uploads, odd names.

Whatever a report or a person types is shown as text everywhere (pages, the
admin, the Excel board pack); every form needs its CSRF token; uploads are
judged by their bytes; names from users never reach the file system.
"""

from __future__ import annotations

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from inspections.models import Document, Finding
from inspections.services import report_import
from tests.conftest import SEEDS_DIR
from tests.factories import UserFactory
from tests.security.test_access_matrix import EXPECTED, URLS, make_plan, url_kwargs
from tracker import services
from tracker.models import EvidenceKind
from tracker.roles import Role
from tracker.services import TrackerError

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PAYLOADS = (
    "<script>alert('x')</script>",
    '<img src=x onerror="alert(1)">',
    '<a href="javascript:alert(1)">click</a>',
    '"><svg onload=alert(1)>',
)
HOSTILE = " ".join(PAYLOADS)
# What must never appear in a page or the admin: the payloads as live markup.
LIVE = ("<script>alert(", "<img src=x onerror", 'href="javascript:', "<svg onload")


def assert_inert(body: str, where: str) -> None:
    for marker in LIVE:
        assert marker not in body, f"{where} shows {marker!r} as live markup"


# --- Markup in imported reports and user text -----------------------------------------------


@pytest.fixture
def hostile_plan(manager, owner, authority):
    """A report whose improvement item is hostile, and an action full of hostile text."""
    seed = next(SEEDS_DIR.glob("003_*.txt"))
    text = seed.read_text().replace(
        "- The take-up, timeliness and impact of return home interviews.",
        f"- The take-up, timeliness and impact of return home interviews. {HOSTILE}",
    )
    result = report_import(data=text.encode(), filename="hostile.txt", user=None)
    document = result.document
    # The hostile report's authority is the manager's too.
    for person in (manager, owner):
        person.memberships.get_or_create(authority=document.authority)
    finding = Finding.objects.get(document=document, text__contains="<script>")
    action = services.action_create(
        finding=finding,
        user=manager,
        title=f"Fix it {PAYLOADS[0]}",
        deadline=document.visit_start.replace(year=2031),
        description=HOSTILE,
        owner=owner,
        lead_role=PAYLOADS[1],
        success_measure=f'=HYPERLINK("javascript:alert(1)","x") {PAYLOADS[2]}',
    )
    services.progress_update_add(action=action, user=owner, text=HOSTILE)
    services.evidence_add(
        action=action, user=owner, kind=EvidenceKind.NOTE, title=PAYLOADS[3], note=HOSTILE
    )
    services.evidence_add(
        action=action,
        user=owner,
        kind=EvidenceKind.LINK,
        title=PAYLOADS[2],
        url="https://intranet.example.gov.uk/?q=%3Cscript%3E",
    )
    services.action_set_at_risk(
        action=action, user=owner, at_risk=True, reason=HOSTILE, expected_version=1
    )
    return document, finding, action


def test_hostile_text_is_inert_in_every_page(client, manager, hostile_plan):
    document, finding, action = hostile_plan
    client.force_login(manager)
    pages = [
        reverse("tracker:dashboard"),
        reverse("tracker:action-list"),
        reverse("tracker:action-list") + "?q=%3Cscript%3Ealert(1)%3C/script%3E",
        reverse("tracker:action-detail", args=[action.pk]),
        reverse("tracker:action-edit", args=[action.pk]),
        reverse("tracker:finding-list"),
        reverse("tracker:finding-detail", args=[finding.pk]),
        reverse("tracker:action-create", args=[finding.pk]),
        reverse("tracker:document-list"),
        reverse("tracker:document-detail", args=[document.pk]),
        reverse("tracker:audit-log"),
        reverse("tracker:across-visits", args=[document.authority.slug]),
    ]
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        body = response.content.decode()
        assert_inert(body, url)
    body = client.get(reverse("tracker:action-detail", args=[action.pk])).content.decode()
    assert "&lt;script&gt;alert(" in body  # shown, as text


def test_hostile_text_is_inert_in_the_admin(admin_client, hostile_plan):
    document, finding, action = hostile_plan
    pages = [
        reverse("admin:inspections_finding_changelist"),
        reverse("admin:inspections_finding_change", args=[finding.pk]),
        reverse("admin:inspections_finding_history", args=[finding.pk]),
        reverse("admin:inspections_document_change", args=[document.pk]),
        reverse("admin:tracker_action_changelist"),
        reverse("admin:tracker_action_change", args=[action.pk]),
        reverse("admin:tracker_action_history", args=[action.pk]),
        reverse("admin:tracker_evidence_changelist"),
    ]
    for url in pages:
        response = admin_client.get(url)
        assert response.status_code == 200, url
        assert_inert(response.content.decode(), url)


def test_hostile_text_is_plain_text_in_the_board_pack(client, manager, hostile_plan):
    client.force_login(manager)
    response = client.get(reverse("tracker:board-pack"))
    data = b"".join(response.streaming_content) if response.streaming else response.content
    workbook = load_workbook(io.BytesIO(data))
    seen = []
    for sheet in workbook.worksheets:
        assert not sheet._hyperlinks or all(
            not (h.target or "").lower().startswith("javascript:") for h in sheet._hyperlinks
        )
        for row in sheet.iter_rows():
            for cell in row:
                if isinstance(cell.value, str) and (
                    "<script>" in cell.value or "HYPERLINK" in cell.value
                ):
                    seen.append(cell.value)
                    assert cell.data_type == "s", f"{sheet.title}!{cell.coordinate} is a formula"
                    assert cell.hyperlink is None
    assert any("<script>" in value for value in seen)  # kept as the words people typed
    assert any(value.startswith("=HYPERLINK") for value in seen)


# --- CSRF -------------------------------------------------------------------------------------


@pytest.fixture
def plan_and_people():
    people = {
        "owner": UserFactory(username="csrf-owner@a.example", roles=[Role.OWNER]),
        "manager": UserFactory(username="csrf-manager@a.example", roles=[Role.MANAGER]),
    }
    plan = make_plan("CSRF authority", people["owner"], people["manager"], people.values())
    return people, plan


def test_every_post_needs_a_csrf_token(plan_and_people):
    people, plan = plan_and_people
    checked = []
    for name in sorted(set(URLS) & set(EXPECTED)):
        url = reverse(name, kwargs=url_kwargs(name, plan))
        for role in ("manager", "owner"):
            client = Client(enforce_csrf_checks=True)
            client.force_login(people[role])
            response = client.post(url, {})
            assert response.status_code == 403, f"POST {url} as {role} without a token"
            refused = b"Your form could not be sent" in response.content  # the CSRF page
            assert refused, f"POST {url} as {role}: not a CSRF refusal"
        checked.append(name)
    anonymous = Client(enforce_csrf_checks=True)
    assert anonymous.post(reverse("login"), {"username": "x", "password": "y"}).status_code == 403
    assert "tracker:action-add-update" in checked


def test_a_forged_form_changes_nothing_and_a_real_one_works(plan_and_people):
    people, plan = plan_and_people
    client = Client(enforce_csrf_checks=True)
    client.force_login(people["owner"])
    url = reverse("tracker:action-add-update", args=[plan.action.pk])
    assert client.post(url, {"update-text": "Forged"}).status_code == 403
    assert not plan.action.updates.filter(text="Forged").exists()
    page = client.get(reverse("tracker:action-detail", args=[plan.action.pk]))
    token = page.context["csrf_token"]
    response = client.post(url, {"update-text": "Real", "csrfmiddlewaretoken": str(token)})
    assert response.status_code == 302 and plan.action.updates.filter(text="Real").exists()


REVIEW_PAGES = ("tracker:followup-review", "tracker:theme-list")


def test_every_post_form_in_the_pages_carries_a_token(plan_and_people):
    import re

    people, plan = plan_and_people
    client = Client()
    client.force_login(people["manager"])
    pages = [
        reverse("tracker:action-detail", args=[plan.action.pk]),
        reverse("tracker:action-edit", args=[plan.action.pk]),
        reverse("tracker:finding-detail", args=[plan.suggested.pk]),
        reverse("tracker:action-create", args=[plan.finding.pk]),
        reverse("tracker:dashboard"),
        *(reverse(name, kwargs=url_kwargs(name, plan)) for name in REVIEW_PAGES),
    ]
    forms = 0
    for url in pages:
        body = client.get(url).content.decode()
        for form in re.findall(r"<form\b[^>]*>.*?</form>", body, re.S | re.I):
            if re.search(r'method="post"', form, re.I):
                forms += 1
                assert 'name="csrfmiddlewaretoken"' in form, f"a form on {url} has no token"
    assert forms >= 8
    assert 'name="csrfmiddlewaretoken"' in Client().get(reverse("login")).content.decode()


# --- Uploads ----------------------------------------------------------------------------------


def _zip(names: dict[str, bytes], prefix: bytes = b"") -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in names.items():
            archive.writestr(name, data)
    return prefix + buffer.getvalue()


GIF = b"GIF89a\x01\x00\x01\x00\x80\x00\x00\xff\xff\xff\x00\x00\x00!\xf9\x04\x01\x00\x00\x00\x00,"
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + b"\x00" * 64
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 64
OFFICE = {"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w:document/>"}

REFUSED = {
    # Executables and scripts, whatever they are called.
    "windows program": ("minutes.pdf", b"MZ\x90\x00\x03" + b"\x00" * 200),
    "linux program": ("minutes.pdf", b"\x7fELF\x02\x01\x01" + b"\x00" * 200),
    "mac program": ("minutes.png", b"\xcf\xfa\xed\xfe\x07\x00" + b"\x00" * 200),
    "java class": ("minutes.pdf", b"\xca\xfe\xba\xbe\x00\x00" + b"\x00" * 200),
    "shell script": ("minutes.pdf", b"#!/bin/sh\nrm -rf /\n"),
    "windows shortcut": ("minutes.pdf", b"L\x00\x00\x00\x01\x14\x02\x00" + b"\x00" * 80),
    # Web pages and scripts a browser would run.
    "html": ("minutes.pdf", b"<!DOCTYPE html><html><body>hi</body></html>"),
    "html with a byte-order mark": ("minutes.pdf", b"\xef\xbb\xbf<html><script>x</script>"),
    "svg with script": (
        "chart.png",
        b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
    ),
    "svg with an event": ("chart.gif", b'<svg onload="alert(1)"/>'),
    "xhtml": ("minutes.pdf", b'<?xml version="1.0"?><html xmlns="http://www.w3.org/1999/xhtml"/>'),
    # Polyglots: valid as an accepted kind and as something dangerous.
    "gif with script after the header": (
        "photo.gif",
        GIF + b"\x00" * 2000 + b"<script>alert(1)</script>",
    ),
    "jpeg with a web page inside": ("photo.jpg", JPEG + b"\x00" * 3000 + b"<html><body onload=x>"),
    "png with a zip appended (GIFAR-style)": ("photo.png", PNG + _zip({"a.class": b"\xca\xfe"})),
    "gif with a jar appended": (
        "photo.gif",
        GIF + _zip({"META-INF/MANIFEST.MF": b"Main-Class: X"}),
    ),
    "pdf with javascript": (
        "plan.pdf",
        b"%PDF-1.4\n1 0 obj<</Type/Catalog/OpenAction<</S/JavaScript/JS(app.alert(1))>>>>"
        b"endobj\n%%EOF",
    ),
    "pdf with escaped javascript": (
        "plan.pdf",
        b"%PDF-1.4\n1 0 obj<</S/J#61vaScript>>endobj\n%%EOF",
    ),
    "pdf that launches a program": (
        "plan.pdf",
        b"%PDF-1.4\n1 0 obj<</S/Launch/F(cmd.exe)>>endobj\n%%EOF",
    ),
    "pdf carrying a file": ("plan.pdf", b"%PDF-1.4\n1 0 obj<</Type/EmbeddedFile>>endobj\n%%EOF"),
    "pdf that is also a web page": ("plan.pdf", b"%PDF-1.4\n%<html><script>alert(1)</script>"),
    "word with a macro": ("plan.docx", _zip({**OFFICE, "word/vbaProject.bin": b"x"})),
    "word with a program inside": ("plan.docx", _zip({**OFFICE, "word/embeddings/run.exe": b"MZ"})),
    "word with an activex control": (
        "plan.docx",
        _zip({**OFFICE, "word/activeX/activeX1.xml": b"<ax/>"}),
    ),
    "word with a web page inside": ("plan.docx", _zip({**OFFICE, "word/afchunk.htm": b"<p/>"})),
    "plain zip": ("plan.docx", _zip({"payload.exe": b"MZ"})),
    "text": ("notes.pdf", b"just some words"),
    "empty": ("minutes.pdf", b""),
}


@pytest.mark.parametrize("kind", sorted(REFUSED))
def test_dangerous_uploads_are_refused_and_nothing_is_stored(kind, action, owner, settings):
    name, content = REFUSED[kind]
    with pytest.raises(TrackerError) as error:
        services.evidence_add(
            action=action,
            user=owner,
            kind=EvidenceKind.FILE,
            file=SimpleUploadedFile(name, content),
        )
    assert error.value.field == "file"
    assert not action.evidence.exists()
    stored = settings.MEDIA_ROOT / "evidence"
    assert not stored.exists() or not any(p.is_file() for p in stored.rglob("*"))


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("minutes.pdf", PDF),
        ("photo.gif", GIF + b"\x00;"),
        ("photo.png", PNG),
        ("photo.jpg", JPEG),
        ("plan.docx", _zip({**OFFICE, "word/media/image1.png": PNG})),
        # A chart keeps its data in a plain workbook inside the document.
        (
            "chart.docx",
            _zip(
                {
                    **OFFICE,
                    "word/embeddings/Microsoft_Excel_Worksheet.xlsx": _zip(
                        {"[Content_Types].xml": b"<Types/>", "xl/workbook.xml": b"<workbook/>"}
                    ),
                }
            ),
        ),
    ],
)
def test_ordinary_evidence_is_accepted(name, content, action, owner):
    evidence = services.evidence_add(
        action=action, user=owner, kind=EvidenceKind.FILE, file=SimpleUploadedFile(name, content)
    )
    assert evidence.size == len(content)


def test_refused_upload_through_the_page_explains_and_stores_nothing(client, owner, action):
    client.force_login(owner)
    name, content = REFUSED["png with a zip appended (GIFAR-style)"]
    response = client.post(
        reverse("tracker:evidence-add", args=[action.pk, "file"]),
        {"file-file": SimpleUploadedFile(name, content)},
    )
    assert response.status_code == 400
    assert "hidden inside it" in response.content.decode()
    assert not action.evidence.exists()


def test_oversized_uploads_are_refused_by_size_before_anything_is_stored(
    client, owner, action, settings
):
    settings.EVIDENCE_MAX_BYTES = 10_000
    client.force_login(owner)
    response = client.post(
        reverse("tracker:evidence-add", args=[action.pk, "file"]),
        {"file-file": SimpleUploadedFile("big.pdf", PDF + b"0" * 20_000)},
    )
    assert response.status_code == 400
    assert "no larger than" in response.content.decode()
    assert not action.evidence.exists()


# --- File names and paths ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("uploaded_as", "shown_as"),
    [
        ("../../../etc/passwd.pdf", "passwd.pdf"),
        ("..\\..\\windows\\system32\\evil.pdf", "evil.pdf"),
        ("report\u202efdp.exe", "report\u202efdp.exe"),  # replaced below: right-to-left trick
        ("minutes\r\nX-Injected: yes.pdf", "minutesX-Injected_ yes.pdf"),
        ('a"; filename="evil.html', "a__ filename=_evil.html.pdf"),
        ("/absolute/path.pdf", "path.pdf"),
        ("x" * 400 + ".pdf", "x" * 150 + ".pdf"),
        ("\x00.pdf", "pdf.pdf"),
    ],
)
def test_file_names_are_sanitised_for_display_and_download(
    uploaded_as, shown_as, client, owner, action, settings
):
    evidence = services.evidence_add(
        action=action,
        user=owner,
        kind=EvidenceKind.FILE,
        file=SimpleUploadedFile(uploaded_as, PDF),
    )
    name = evidence.original_name
    assert "/" not in name and "\\" not in name and "\r" not in name and "\n" not in name
    assert "\u202e" not in name and "\x00" not in name
    assert name.endswith(".pdf")
    if "\u202e" not in uploaded_as:
        assert name == shown_as
    # Stored under a random name inside the evidence folder, whatever was uploaded.
    stored = (settings.MEDIA_ROOT / evidence.file.name).resolve()
    assert stored.is_relative_to((settings.MEDIA_ROOT / "evidence").resolve())
    assert stored.read_bytes() == PDF
    client.force_login(owner)
    response = client.get(reverse("tracker:evidence-download", args=[evidence.pk]))
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment")
    assert "\r" not in disposition and "\n" not in disposition
    assert "X-Injected" not in response.headers or response.headers.get("X-Injected") is None
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Type"] == "application/pdf"


@pytest.mark.parametrize(
    "path",
    [
        "/actions/{pk}/evidence/..%2F..%2Fsettings/",
        "/actions/{pk}/evidence/%2e%2e/",
        "/actions/{pk}/evidence/file%00/",
        "/evidence/..%2F{pk}/download/",
        "/evidence/{pk}%2F..%2F..%2Fconfig/download/",
    ],
)
def test_path_traversal_in_urls_fails(path, client, owner, action):
    client.force_login(owner)
    response = client.post(path.format(pk=action.pk), {})
    assert response.status_code == 404


def test_path_traversal_in_the_admin_import_token_fails(admin_client, settings, tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("Ofsted")
    for token in ("../../secret.txt", str(secret), "..%2F..%2Fsecret.txt", "a" * 31 + "/"):
        response = admin_client.post(
            reverse("admin:inspections_document_import"),
            {
                "confirm": "1",
                "count": "1",
                "file0-token": token,
                "file0-filename": "x.txt",
                "file0-include": "on",
                "file0-local_authority": "Anywhere",
                "file0-kind": "ilacs",
            },
        )
        assert response.status_code == 200  # the preview again, with the error
        assert not Document.objects.exists()


# --- Redirects ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "target",
    ["https://evil.example/", "//evil.example/", "/\\evil.example/", "javascript:alert(1)"],
)
def test_sign_in_never_redirects_to_another_site(client, target):
    UserFactory(username="mina@example.gov.uk", password="correct-horse-battery")
    response = client.post(
        reverse("login") + "?next=" + target,
        {"username": "mina@example.gov.uk", "password": "correct-horse-battery", "next": target},
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("tracker:dashboard")


@pytest.mark.parametrize("target", ["https://evil.example/", "//evil.example/"])
def test_reviews_never_redirect_to_another_site(target, plan_and_people):
    people, plan = plan_and_people
    client = Client()
    client.force_login(people["manager"])
    response = client.post(
        reverse("tracker:followup-reject", args=[plan.followup.pk]), {"next": target}
    )
    assert response.status_code == 302
    assert "evil.example" not in response["Location"]
