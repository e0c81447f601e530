import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from inspections.models import Document, Finding
from tests.conftest import SEEDS_DIR
from tests.forms import date_input

pytestmark = pytest.mark.django_db

IMPORT_URL = reverse("admin:inspections_document_import")


def seed_upload(prefix: str) -> SimpleUploadedFile:
    path = next(SEEDS_DIR.glob(f"{prefix}_*.txt"))
    return SimpleUploadedFile(path.name, path.read_bytes(), content_type="text/plain")


def confirm_data(response, **changes):
    """The preview form's fields as a browser would submit them."""
    data = {"count": len(response.context["previews"]), "confirm": "Confirm and import"}
    for entry in response.context["previews"]:
        form = entry["form"]
        for name, field in form.fields.items():
            value = form.initial.get(name, field.initial)
            if value is None or value is False:
                continue
            if hasattr(value, "isoformat"):  # day, month and year boxes
                data.update(date_input(**{f"{form.prefix}-{name}": value}))
                continue
            data[f"{form.prefix}-{name}"] = value
    data.update(changes)
    return data


def test_upload_preview_then_confirm_imports_the_documents(admin_client):
    response = admin_client.post(
        IMPORT_URL, {"files": [seed_upload("003"), seed_upload("004")], "upload": "1"}
    )

    assert response.status_code == 200
    assert b"The take-up, timeliness and impact of return home interviews." in response.content
    assert not Document.objects.exists()  # nothing saved before confirming

    response = admin_client.post(IMPORT_URL, confirm_data(response), follow=True)

    assert Document.objects.count() == 2
    assert Finding.objects.filter(document__kind="ilacs").count() == 4
    assert b"Imported" in response.content


def test_corrections_in_the_preview_are_saved(admin_client):
    response = admin_client.post(IMPORT_URL, {"files": [seed_upload("004")], "upload": "1"})

    admin_client.post(
        IMPORT_URL,
        confirm_data(
            response,
            **date_input(**{"file0-received_date": "2025-02-24"}),
            **{"file0-improvement_items": "Only item"},
        ),
    )

    document = Document.objects.get()
    assert str(document.received_date) == "2025-02-24"
    assert list(document.findings.values_list("text", flat=True)) == ["Only item"]


def test_unticked_file_is_not_imported(admin_client):
    response = admin_client.post(IMPORT_URL, {"files": [seed_upload("004")], "upload": "1"})
    data = confirm_data(response)
    del data["file0-include"]

    admin_client.post(IMPORT_URL, data)

    assert not Document.objects.exists()


def test_unreadable_upload_is_explained_and_nothing_saved(admin_client):
    junk = SimpleUploadedFile("scan.pdf", b"\x00\x01garbage" * 100, content_type="application/pdf")

    response = admin_client.post(IMPORT_URL, {"files": [junk], "upload": "1"}, follow=True)

    assert b"scan.pdf" in response.content
    assert not Document.objects.exists()


def test_tampered_token_cannot_reach_other_files(admin_client):
    response = admin_client.post(IMPORT_URL, {"files": [seed_upload("004")], "upload": "1"})

    response = admin_client.post(
        IMPORT_URL, confirm_data(response, **{"file0-token": "../../etc/passwd"})
    )

    assert response.status_code == 200
    assert not Document.objects.exists()


def test_staff_without_permission_cannot_import(client, django_user_model):
    user = django_user_model.objects.create_user("clerk", password="x", is_staff=True)
    client.force_login(user)

    assert client.get(IMPORT_URL).status_code == 403


def test_a_wrong_received_date_is_explained_and_nothing_is_read(admin_client):
    page = admin_client.get(IMPORT_URL).content.decode()
    assert 'type="date"' not in page
    assert 'name="received_date_day" type="text" inputmode="numeric"' in page

    response = admin_client.post(
        IMPORT_URL,
        {
            "files": [seed_upload("004")],
            "upload": "1",
            **{"received_date_day": "30", "received_date_month": "2", "received_date_year": "2025"},
        },
    )

    body = response.content.decode()
    assert "Date the council received the report must be a real date" in body
    assert "Check what was read" not in body
    assert not Document.objects.exists()
