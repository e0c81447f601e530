"""A manager assigns an action; its owner reports progress and adds evidence; the action's
page tells the story. Mistakes on the way show GOV.UK error summaries linked to the fields."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from inspections.models import Finding, FindingState
from tests.browser.conftest import MANAGER, OWNER, axe_violations, type_date
from tests.inspections.test_parsing_pdf import text_to_pdf

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TITLE = "Run monthly audits of return home interviews"


def follow_error_link(page, message: str, field_id: str) -> None:
    """The summary names the problem, links to the field, and the link moves focus there."""
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("There is a problem")
    expect(page).to_have_title(re.compile("^Error: "))
    link = summary.get_by_role("link", name=message)
    expect(link).to_have_attribute("href", f"#{field_id}")
    link.click()
    expect(page.locator(f"#{field_id}")).to_be_focused()
    assert axe_violations(page) == []


def test_assign_update_and_evidence(demo, signed_in):
    finding = Finding.objects.filter(
        state=FindingState.CONFIRMED, document__authority__name="South Gloucestershire"
    ).first()

    manager = signed_in(MANAGER)
    manager.goto(reverse("tracker:finding-detail", args=[finding.pk]))
    manager.get_by_role("link", name="Add an action").click()
    manager.get_by_label("Title").fill(TITLE)
    manager.get_by_label("What will be done").fill("Audit ten interviews a month.")
    manager.get_by_label("Owner").select_option(label="Priya Shah")
    type_date(manager, "Start date (optional)", "1", "3", "2026")
    type_date(manager, "Deadline", "1", "2", "2026")
    manager.get_by_role("button", name="Add action").click()

    follow_error_link(
        manager, "The deadline must be the same as or after the start date", "id_deadline_day"
    )

    type_date(manager, "Deadline", "30", "9", "2026")
    manager.get_by_role("button", name="Add action").click()
    expect(manager.locator(".govuk-notification-banner--success")).to_contain_text(TITLE)
    expect(manager.get_by_role("heading", level=1)).to_have_text(TITLE)
    action_url = manager.url

    owner = signed_in(OWNER)
    owner.goto(action_url)
    expect(owner.locator(".govuk-summary-list")).to_contain_text("Priya Shah")

    owner.get_by_role("button", name="Add update").click()
    follow_error_link(owner, "Enter a progress update", "id_update-text")

    status_form = owner.locator("form", has=owner.get_by_role("button", name="Change status"))
    status_form.get_by_label("New status").select_option(label="In progress")
    status_form.get_by_label("Progress update (optional)").fill("First audit booked with the team.")
    status_form.get_by_role("button", name="Change status").click()
    expect(owner.locator(".govuk-notification-banner--success")).to_contain_text(
        "Status changed to in progress."
    )

    upload = owner.locator("form", has=owner.get_by_role("button", name="Upload file"))
    upload.get_by_label("File").set_input_files(
        files=[
            {
                "name": "audit-plan.pdf",
                "mimeType": "application/pdf",
                "buffer": text_to_pdf("Audit plan\n\nTen interviews a month."),
            }
        ]
    )
    upload.get_by_label("Title (optional)").fill("Audit plan")
    upload.get_by_role("button", name="Upload file").click()
    expect(owner.locator(".govuk-notification-banner--success")).to_contain_text("Evidence added.")

    evidence = owner.get_by_role("table", name="Evidence for this action")
    expect(evidence.get_by_role("link", name="Audit plan", exact=True)).to_be_visible()
    expect(evidence).to_contain_text("audit-plan.pdf")
    expect(owner.locator("#updates ~ div").first).to_contain_text(
        "First audit booked with the team."
    )

    # The timeline, newest first: the owner's evidence, the update written with the status
    # change and the change itself, then the manager's assignment.
    entries = owner.locator(".app-timeline > li")
    expect(entries.nth(0)).to_contain_text("Evidence added")
    expect(entries.nth(0)).to_contain_text("Audit plan (file)")
    expect(entries.nth(1)).to_contain_text("Progress update")
    expect(entries.nth(1)).to_contain_text("First audit booked with the team.")
    expect(entries.nth(2)).to_contain_text("Not started → In progress")
    expect(entries.nth(2)).to_contain_text("by Priya Shah")
    expect(entries.last).to_contain_text("Created")
    expect(entries.last).to_contain_text("Owner: Priya Shah")
    expect(entries.last).to_contain_text("by Morgan Hale")
    assert axe_violations(owner) == []
