"""A manager re-dates an overdue action (a reason is required, and the move shows as slipped),
and tries to verify an action whose evidence is not all accepted (refused, then verified with
an override reason that the page shows). Every new state passes axe-core."""

from __future__ import annotations

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from tests.browser.conftest import type_date
from tests.factories import DocumentFactory, FindingFactory, UserFactory
from tracker import services
from tracker.formats import govuk_date
from tracker.models import Action, EvidenceKind
from tracker.roles import Role
from tracker.statuses import ReviewState, Status

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

MANAGER = "deadline.manager@example.gov.uk"
REASON = "The new case recording system goes live in the spring"
OVERRIDE = "The audit report is accepted by the board; the rest is filing"


@pytest.fixture
def plan(live_server):
    """An overdue action, one on time, and a completed action whose evidence is not all
    accepted: made through the services, as the pages would."""
    today = timezone.localdate()
    finding = FindingFactory(document=DocumentFactory(visit_start=datetime.date(2024, 3, 4)))
    authority = finding.document.authority
    manager = UserFactory(username=MANAGER, roles=[Role.MANAGER], authorities=[authority])
    owner = UserFactory(
        first_name="Olu", last_name="Owner", roles=[Role.OWNER], authorities=[authority]
    )

    def add(title: str, deadline: datetime.date) -> Action:
        return services.action_create(
            finding=finding,
            user=manager,
            title=title,
            owner=owner,
            start_date=today - datetime.timedelta(days=120),
            deadline=deadline,
        )

    overdue = add("Audit return home interviews", today - datetime.timedelta(days=10))
    on_time = add("Train the front door team", today + datetime.timedelta(days=60))
    signed = add("Publish the care leavers offer", today + datetime.timedelta(days=30))
    for note in ("Offer published on the website", "Young people's panel minutes"):
        services.evidence_add(action=signed, user=owner, kind=EvidenceKind.NOTE, note=note)
    services.evidence_review(
        evidence=signed.evidence.order_by("pk").last(),
        user=manager,
        state=ReviewState.MORE_REQUESTED,
        comment="Whose minutes are these?",
    )
    for status in (Status.IN_PROGRESS, Status.COMPLETED):
        signed = services.action_transition(
            action=signed, user=owner, new_status=status, expected_version=signed.version
        )
    return {"overdue": overdue, "on_time": on_time, "signed": signed}


def test_re_dating_an_overdue_action_needs_a_reason_and_shows_it_slipped(signed_in, plan, checker):
    overdue = plan["overdue"]
    original = overdue.deadline
    new = timezone.localdate() + datetime.timedelta(days=45)
    page = signed_in(MANAGER)
    page.goto(reverse("tracker:action-detail", args=[overdue.pk]))
    expect(page.locator("main p").first).to_contain_text("Red")
    page.get_by_role("link", name="Edit or reassign this action").click()
    type_date(page, "Deadline", str(new.day), str(new.month), str(new.year))
    page.get_by_role("button", name="Save changes").click()

    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("There is a problem")
    expect(summary).to_contain_text("Say why the deadline is changing")
    summary.get_by_role("link", name="Say why the deadline is changing").click()
    expect(page.get_by_label("Reason for changing the deadline (if changing it)")).to_be_focused()
    checker.check(page, "action edit, new deadline without a reason")
    saved = Action.objects.get(pk=overdue.pk)
    assert (saved.deadline, saved.deadline_revisions, saved.version) == (original, 0, 1)

    page.get_by_label("Reason for changing the deadline (if changing it)").fill(REASON)
    page.get_by_role("button", name="Save changes").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(overdue.title)
    deadline = page.locator(".govuk-summary-list__row", has_text="Deadline")
    expect(deadline).to_contain_text(govuk_date(new))
    expect(deadline).to_contain_text("Slipped")
    expect(deadline).to_contain_text(
        f"Deadline revised once, originally {govuk_date(original)}. Latest reason: {REASON}"
    )
    checker.check(page, "action page, slipped")
    saved = Action.objects.get(pk=overdue.pk)
    assert (saved.deadline, saved.original_deadline, saved.deadline_revisions) == (
        new,
        original,
        1,
    )
    assert saved.history.first().history_user.username == MANAGER

    page.goto(reverse("tracker:action-list"))
    table = page.get_by_role("table")
    expect(table).to_contain_text(plan["on_time"].title)
    page.get_by_label("Only actions whose deadline has moved").check()
    page.get_by_role("button", name="Apply filters").click()
    expect(page).to_have_url(re.compile(r"[?&]slipped=on"))
    expect(table).to_contain_text(overdue.title)
    expect(table).not_to_contain_text(plan["on_time"].title)
    expect(table).not_to_contain_text(plan["signed"].title)
    expect(table.locator(".govuk-tag--orange", has_text="Slipped")).to_have_count(1)
    checker.check(page, "actions list, only slipped")
    checker.assert_clean()


def test_verifying_with_unaccepted_evidence_is_refused_then_overridden_with_a_reason(
    signed_in, plan, checker
):
    signed = plan["signed"]
    page = signed_in(MANAGER)
    page.goto(reverse("tracker:action-detail", args=[signed.pk]))
    page.get_by_label("New status").select_option(label="Verified")
    page.get_by_role("button", name="Change status").click()

    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text(
        "This action has 1 item of evidence awaiting review and 1 with more evidence "
        "requested. Review the evidence first, or give a reason for verifying it anyway."
    )
    checker.check(page, "action page, verifying refused")
    assert Action.objects.get(pk=signed.pk).status == Status.COMPLETED

    page.get_by_label("New status").select_option(label="Verified")
    page.get_by_label("Reason for verifying before all evidence is accepted (if verifying)").fill(
        OVERRIDE
    )
    page.get_by_role("button", name="Change status").click()
    expect(page.locator("main")).to_contain_text("Status changed to verified.")
    status = page.locator(".govuk-summary-list__row", has_text="Status")
    expect(status).to_contain_text(f"Verified before all evidence was accepted. Reason: {OVERRIDE}")
    checker.check(page, "action page, verified with an override")
    saved = Action.objects.get(pk=signed.pk)
    assert (saved.status, saved.verified_override_reason) == (Status.VERIFIED, OVERRIDE)
    latest = saved.history.first()
    assert latest.history_user.username == MANAGER
    assert latest.history_change_reason == (
        "Status: Completed → Verified despite unaccepted evidence"
    )
    checker.assert_clean()
