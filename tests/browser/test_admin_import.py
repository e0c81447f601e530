"""An admin imports a published PDF through the Django admin: upload, check, confirm."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse
from playwright.sync_api import expect

from inspections.models import Document
from tests.browser.conftest import ADMIN, PROJECT_DIR, axe_violations, type_date, typed_date
from tests.inspections.test_parsing_pdf import text_to_pdf

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SEEDS = PROJECT_DIR / "seeds"


@pytest.fixture
def plan_without_the_focused_visit(live_server):
    """The demo plan with every seed but the Gloucestershire focused visit, which the admin
    is about to import."""
    out = StringIO()
    seeds = [str(p) for p in sorted(SEEDS.glob("*.txt")) if not p.name.startswith("004_")]
    call_command("import_reports", *seeds, stdout=out, stderr=out)
    call_command("load_demo_plan", stdout=out, stderr=out)
    return live_server


def test_admin_imports_a_pdf_and_its_findings_appear(plan_without_the_focused_visit, signed_in):
    (seed,) = SEEDS.glob("004_*.txt")
    pdf = text_to_pdf(seed.read_text(encoding="utf-8"))
    page = signed_in(ADMIN)

    page.goto(reverse("admin:inspections_document_changelist"))
    page.get_by_role("link", name="Import Ofsted reports").click()
    page.get_by_label("Ofsted reports or letters").set_input_files(
        files=[
            {
                "name": "gloucestershire-focused-visit.pdf",
                "mimeType": "application/pdf",
                "buffer": pdf,
            }
        ]
    )
    type_date(page, "Date the council received the report", "24", "2", "2025")
    page.get_by_role("button", name="Read the files").click()

    # The preview: what was read, open to correction, nothing saved yet. Waited for: the
    # click returns once the response starts, and reading the PDF can take seconds in CI.
    preview = page.get_by_role("heading", name="gloucestershire-focused-visit.pdf")
    expect(preview).to_be_visible(timeout=20_000)
    assert page.get_by_label("Local authority").input_value() == "Gloucestershire"
    assert page.get_by_label("Kind").input_value() == "focused_visit"
    items = page.get_by_label("Improvement items").input_value().splitlines()
    assert len(items) >= 2
    # Dates read from the letter reach the day, month and year boxes intact.
    assert typed_date(page, "Visit start") == ["22", "1", "2025"]
    assert typed_date(page, "Letter date") == ["21", "2", "2025"]
    assert not Document.objects.filter(kind="focused_visit").exists()
    assert axe_violations(page) == []

    page.get_by_role("button", name="Confirm and import").click()

    expect(page.locator(".messagelist .success")).to_contain_text("Imported Gloucestershire")
    document = Document.objects.get(kind="focused_visit")
    assert document.findings.count() == len(items)
    assert str(document.received_date) == "2025-02-24"
    assert str(document.visit_start) == "2025-01-22"

    # The findings appear in the tracker, ready for actions.
    page.goto(reverse("tracker:document-list"))
    page.get_by_role("link", name="Focused visit").click()
    cards = page.locator(".govuk-summary-card")
    expect(cards).to_have_count(len(items))
    expect(cards.first).to_contain_text(items[0][:40])
