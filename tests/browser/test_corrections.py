"""An owner withdraws a file uploaded by mistake, with a reason, by mouse and by keyboard;
the pages for correcting the record pass axe-core in each role that uses them."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse
from playwright.sync_api import expect

from inspections.models import Finding, FindingState
from tests.browser.conftest import MANAGER, OWNER, axe_violations, focused, tab_to
from tests.inspections.test_parsing_pdf import text_to_pdf
from tracker import services
from tracker.models import Action, Evidence
from tracker.statuses import ReviewState

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

REASON = "Uploaded the wrong child's chronology."


def _own_action() -> Action:
    return Action.objects.filter(owner__username=OWNER).order_by("deadline", "pk").first()


def _upload(page, title: str) -> None:
    upload = page.locator("form", has=page.get_by_role("button", name="Upload file"))
    upload.get_by_label("File").set_input_files(
        files=[
            {
                "name": "chronology.pdf",
                "mimeType": "application/pdf",
                "buffer": text_to_pdf("Chronology\n\nNot meant for this action."),
            }
        ]
    )
    upload.get_by_label("Title (optional)").fill(title)
    upload.get_by_role("button", name="Upload file").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("Evidence added.")


def _stored(title: str) -> tuple[Evidence, Path]:
    evidence = Evidence.objects.get(title=title)
    return evidence, Path(settings.MEDIA_ROOT) / evidence.file.name


def _assert_withdrawn(page, title: str, stored: Path) -> None:
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(
        f"“{title}” withdrawn."
    )
    table = page.get_by_role("table", name="Evidence for this action")
    expect(table).to_contain_text("Withdrawn by")
    expect(table).to_contain_text(f"Reason: {REASON}")
    expect(table.get_by_role("link", name=title)).to_have_count(0)
    expect(page.locator(".app-timeline > li").first).to_contain_text("Evidence withdrawn")
    assert not stored.exists()
    assert Evidence.objects.get(title=title).review_state == ReviewState.WITHDRAWN


def test_an_owner_withdraws_a_wrongly_uploaded_file(demo, signed_in):
    page = signed_in(OWNER)
    page.goto(reverse("tracker:action-detail", args=[_own_action().pk]))
    _upload(page, "Wrong chronology")
    _, stored = _stored("Wrong chronology")
    assert stored.exists()

    page.get_by_role("link", name="Withdraw Wrong chronology").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Withdraw evidence")
    assert axe_violations(page) == []

    page.get_by_role("button", name="Withdraw evidence").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("Say why you are withdrawing this evidence")
    summary.get_by_role("link", name="Say why you are withdrawing this evidence").click()
    expect(page.get_by_label("Why are you withdrawing it?")).to_be_focused()
    assert axe_violations(page) == []
    assert stored.exists()

    page.get_by_label("Why are you withdrawing it?").fill(REASON)
    page.get_by_role("button", name="Withdraw evidence").click()
    _assert_withdrawn(page, "Wrong chronology", stored)
    assert axe_violations(page) == []


def test_an_owner_withdraws_a_file_by_keyboard_only(demo, signed_in):
    page = signed_in(OWNER)
    page.goto(reverse("tracker:action-detail", args=[_own_action().pk]))
    _upload(page, "Keyed chronology")
    _, stored = _stored("Keyed chronology")
    page.goto(page.url.split("#")[0])

    withdraw = reverse("tracker:evidence-withdraw", args=[_stored("Keyed chronology")[0].pk])
    tab_to(page, lambda e: e["href"] == withdraw, limit=200)
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Withdraw evidence")
    tab_to(page, lambda e: e["id"] == "id_reason")
    page.keyboard.type(REASON)
    tab_to(page, lambda e: e["text"] == "Withdraw evidence")
    page.keyboard.press("Enter")
    _assert_withdrawn(page, "Keyed chronology", stored)
    assert focused(page) is None or focused(page)["visible"]


def test_correction_pages_pass_axe_in_each_role(demo, signed_in, checker):
    action = _own_action()
    owner_user = action.owner
    update = services.progress_update_add(action=action, user=owner_user, text="Audit booked.")
    suggested = Finding.objects.filter(state=FindingState.SUGGESTED).first()

    owner = signed_in(OWNER)
    owner.goto(reverse("tracker:update-edit", args=[update.pk]))
    checker.check(owner, "owner correct an update")
    owner.get_by_label("Progress update").fill("")
    owner.get_by_role("button", name="Save the correction").click()
    checker.check(owner, "owner correct an update with an error")

    manager = signed_in(MANAGER)
    manager.goto(reverse("tracker:action-close", args=[action.pk]))
    checker.check(manager, "manager cancel or supersede")
    manager.get_by_role("button", name="Take it out of the plan").click()
    checker.check(manager, "manager cancel or supersede with errors")
    manager.get_by_label("Cancel it: it is no longer needed").check()
    manager.get_by_label("Why?").fill("Replaced by the joint audit.")
    manager.get_by_role("button", name="Take it out of the plan").click()
    expect(manager.get_by_role("heading", level=2, name="Cancelled")).to_be_visible()
    checker.check(manager, "manager cancelled action")

    manager.goto(reverse("tracker:finding-detail", args=[suggested.pk]))
    checker.check(manager, "manager suggested finding with wording and reason")
    manager.get_by_label("Why is it not a finding?").fill("Praise, not a weakness.")
    manager.get_by_role("button", name="Reject finding").click()
    expect(manager.get_by_role("button", name="Restore this suggestion")).to_be_visible()
    expect(manager.locator(".govuk-summary-list")).to_contain_text("Praise, not a weakness.")
    checker.assert_clean()
    # The same page (and title) as before, now with the reason and the restore button.
    assert axe_violations(manager) == []
