"""Nothing lost: concurrent edits, imports that fail half way, and hostile report files."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from simple_history.manager import HistoryManager

from inspections.models import Document, Finding, Judgement, LocalAuthority, Paragraph
from inspections.services import ReportImportError, report_parse
from tests.conftest import SEEDS_DIR
from tests.factories import UserFactory
from tests.forms import date_input
from tests.inspections.test_admin import IMPORT_URL, confirm_data, seed_upload
from tracker.models import Action
from tracker.roles import Role

pytestmark = pytest.mark.django_db


# --- Two managers editing one action at once --------------------------------------------------


def _edit_form(client: Client, action: Action) -> dict:
    """What the edit page sends back when its user presses save without changing anything."""
    page = client.get(reverse("tracker:action-edit", args=[action.pk]))
    assert page.status_code == 200
    form = page.context["form"]
    data = {name: form.initial.get(name) for name in form.fields}
    data = {k: ("" if v is None else getattr(v, "pk", v)) for k, v in data.items()}
    data.update(date_input(start_date=data.pop("start_date"), deadline=data.pop("deadline")))
    # The version is in the page as a hidden field: read it from there, as a browser does.
    assert re.search(rf'name="version" value="{data["version"]}"', page.content.decode())
    return data


def test_second_of_two_managers_saving_is_refused_with_what_changed(
    manager, authority, owner, action
):
    second = UserFactory(
        username="second.manager@example.gov.uk",
        first_name="Sam",
        last_name="Second",
        roles=[Role.MANAGER],
        authorities=[authority],
    )
    first_client, second_client = Client(), Client()
    first_client.force_login(manager)
    second_client.force_login(second)
    url = reverse("tracker:action-edit", args=[action.pk])

    # Both open the edit page for the same version.
    mina = _edit_form(first_client, action)
    sam = _edit_form(second_client, action)
    assert mina["version"] == sam["version"] == 1

    response = first_client.post(
        url,
        {
            **mina,
            "title": "Mina's title",
            **date_input(deadline="2031-03-31"),
            "deadline_reason": "The new placements panel starts later than planned",
        },
    )
    assert response.status_code == 302

    response = second_client.post(url, {**sam, "title": "Sam's title"})
    assert response.status_code == 400
    body = response.content.decode()
    assert "Someone else changed this action" in body
    assert "by Mina Manager" in body and "title" in body and "deadline" in body
    # Sam's typing is still in the form, to copy across; reopening shows Mina's change.
    assert "Sam&#x27;s title" in body
    assert _edit_form(second_client, action)["title"] == "Mina's title"

    action.refresh_from_db()
    assert action.title == "Mina's title" and action.version == 2
    assert action.history.count() == 2  # created, Mina's edit; nothing from Sam


def test_owner_and_manager_changing_status_at_once(client, manager, owner, action):
    owner_client, manager_client = Client(), Client()
    owner_client.force_login(owner)
    manager_client.force_login(manager)
    url = reverse("tracker:action-update-status", args=[action.pk])
    both = {"version": 1}
    assert owner_client.post(url, {**both, "status": "in_progress"}).status_code == 302
    response = manager_client.post(url, {**both, "status": "verified"})
    assert response.status_code == 400
    assert "Someone else changed this action (status) by Olu Owner" in response.content.decode()
    action.refresh_from_db()
    assert action.status == "in_progress"


# --- Imports that fail half way, through the admin ----------------------------------------------


def test_admin_import_failing_half_way_saves_nothing_and_can_be_retried(
    admin_client, monkeypatch, private_media_root
):
    preview = admin_client.post(IMPORT_URL, {"files": [seed_upload("003")], "upload": "1"})
    data = confirm_data(preview)

    def fail(*args, **kwargs):
        raise RuntimeError("database connection lost")

    # Fails after the document, its judgements, paragraphs and findings rows went in.
    monkeypatch.setattr(HistoryManager, "bulk_history_create", fail)
    with pytest.raises(RuntimeError):
        admin_client.post(IMPORT_URL, data)
    for model in (Document, Judgement, Paragraph, Finding, LocalAuthority):
        assert not model.objects.exists(), model.__name__
    stored = [p for p in private_media_root.rglob("*") if p.is_file()]
    assert all("pending-imports" in p.parts for p in stored)  # only the upload awaiting retry

    monkeypatch.undo()
    response = admin_client.post(IMPORT_URL, data, follow=True)
    assert response.status_code == 200
    document = Document.objects.get()
    assert document.findings.count() == 4
    assert Finding.history.filter(history_type="+").count() == 4


# --- The importer's error type, whatever the file --------------------------------------------

SEED_BYTES = [p.read_bytes() for p in sorted(SEEDS_DIR.glob("*.txt"))]
FUZZ = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


@st.composite
def mutated_seeds(draw) -> bytes:
    data = bytearray(draw(st.sampled_from(SEED_BYTES)))
    for _ in range(draw(st.integers(0, 4))):
        how = draw(st.sampled_from(["truncate", "flip", "insert", "huge", "shuffle"]))
        at = draw(st.integers(0, max(len(data) - 1, 0)))
        if how == "truncate":
            del data[at:]
        elif how == "flip" and data:
            data[at] = draw(st.integers(0, 255))
        elif how == "insert":
            data[at:at] = draw(st.binary(max_size=200))
        elif how == "huge":
            data[at:at] = b"x" * draw(st.integers(10_000, 200_000))
        elif how == "shuffle":
            lines = bytes(data).split(b"\n")
            order = draw(st.permutations(range(len(lines))))
            data = bytearray(b"\n".join(lines[i] for i in order))
    return bytes(data)


@FUZZ
@given(mutated_seeds(), st.sampled_from(["report.txt", "report.pdf", "report"]))
def test_the_importer_raises_only_its_own_error(data: bytes, name: str):
    try:
        report = report_parse(data=data, filename=name)
    except ReportImportError as error:
        assert str(error).startswith(name)
    else:
        assert report.local_authority


# --- An edit that does not say which version it saw -------------------------------------------


def test_an_edit_without_its_version_is_refused(client, manager, action):
    client.force_login(manager)
    data = _edit_form(client, action)
    del data["version"]
    data["title"] = "Saved over someone else's change"
    response = client.post(reverse("tracker:action-edit", args=[action.pk]), data)
    assert response.status_code == 400
    action.refresh_from_db()
    assert action.title != "Saved over someone else's change"


def test_the_services_refuse_a_change_without_a_version(manager, action):
    from tracker import services

    with pytest.raises(services.TrackerError, match="did not say which version"):
        services.action_update(
            action=action, user=manager, expected_version=None, title="No version"
        )
    action.refresh_from_db()
    assert action.title != "No version"
