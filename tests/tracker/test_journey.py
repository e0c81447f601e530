"""The walk a new user takes, through the browser's requests: manager assigns, owner updates."""

import datetime
import io
import json
import re
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from fpdf import FPDF

from tests.forms import date_input
from tracker.models import Action
from tracker.statuses import Status

DEMO_PLAN = Path(__file__).resolve().parents[2] / "fixtures" / "demo_plan.json"
DEMO_PASSWORD = json.loads(DEMO_PLAN.read_text(encoding="utf-8"))["demo_password"]


def _pdf() -> bytes:
    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("helvetica", size=12)
    pdf.cell(text="Return home interviews: audit of the first month")
    return bytes(pdf.output())


@pytest.fixture
def demo(db):
    call_command("import_reports", "seeds/", verbosity=0)
    call_command("load_demo_plan", stdout=io.StringIO())


def test_manager_assigns_and_owner_updates(client, demo):
    assert client.login(username="manager@example.gov.uk", password=DEMO_PASSWORD)

    # Find the return-home-interviews finding of the 2024 South Gloucestershire inspection.
    findings = client.get(reverse("tracker:finding-list"), {"q": "return home interviews"})
    page = findings.content.decode()
    assert "The take-up, timeliness and impact of return home interviews." in page
    finding_url = re.search(r'href="(/findings/\d+/)">The take-up, timeliness', page).group(1)
    finding_page = client.get(finding_url).content.decode()
    assert "South Gloucestershire" in finding_page and "2024" in finding_page
    create_url = re.search(r'href="(/findings/\d+/actions/new/)"', finding_page).group(1)

    form_page = client.get(create_url).content.decode()
    owner_id = re.search(r'<option value="(\d+)">Priya Shah</option>', form_page).group(1)
    deadline = timezone.localdate() + datetime.timedelta(days=30)
    response = client.post(
        create_url,
        {
            "title": "Daily RHI allocation meeting",
            "owner": owner_id,
            **date_input(deadline=deadline),
            "success_measure": "Every child offered an interview within 72 hours.",
        },
    )
    action = Action.objects.get(title="Daily RHI allocation meeting")
    assert response.status_code == 302
    assert action.owner.username == "owner@example.gov.uk" and action.deadline == deadline
    client.logout()

    assert client.login(username="owner@example.gov.uk", password=DEMO_PASSWORD)
    dashboard = client.get(reverse("tracker:dashboard")).content.decode()
    assert "Daily RHI allocation meeting" in dashboard
    action_url = reverse("tracker:action-detail", args=[action.pk])
    page = client.get(action_url).content.decode()
    version = re.search(r'name="version" value="(\d+)"', page).group(1)

    response = client.post(
        reverse("tracker:action-update-status", args=[action.pk]),
        {
            "status": "in_progress",
            "version": version,
            "update_text": "First meeting held with the police.",
        },
    )
    assert response.status_code == 302
    response = client.post(
        reverse("tracker:evidence-add", args=[action.pk, "file"]),
        {
            "file-file": SimpleUploadedFile("first-month.pdf", _pdf()),
            "file-title": "First month audit",
        },
    )
    assert response.status_code == 302

    action.refresh_from_db()
    assert action.status == Status.IN_PROGRESS
    evidence = action.evidence.get()
    assert evidence.content_type == "application/pdf"

    dashboard = client.get(reverse("tracker:dashboard")).content.decode()
    mine = dashboard.split("My actions", 1)[1].split("Next deadlines", 1)[0]
    assert "Daily RHI allocation meeting" in mine and "In progress" in mine

    page = client.get(action_url).content.decode()
    history = page.split('id="history"', 1)[1]
    assert "Status: Not started → In progress" in history and "Priya Shah" in history
    assert "Status: Not started → In progress" in history
    assert "First meeting held with the police." in page
    assert "First month audit" in page

    download = client.get(reverse("tracker:evidence-download", args=[evidence.pk]))
    assert download["Content-Disposition"].startswith("attachment")
