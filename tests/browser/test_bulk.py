"""A manager confirms suggested findings, sets their judgement area and reassigns actions in
bulk, by mouse and by keyboard."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from inspections.models import Finding, FindingArea, FindingState
from tests.browser.conftest import axe_violations, focused, tab_to, type_date
from tests.factories import ActionFactory, DocumentFactory, FindingFactory, UserFactory
from tracker.models import Action
from tracker.roles import Role

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LEAVERS = "The experiences and progress of care leavers"


@pytest.fixture
def bulk_plan(live_server):
    document = DocumentFactory(visit_start=datetime.date(2023, 3, 1))
    authority = document.authority
    UserFactory(
        username="bulk.manager@example.gov.uk", roles=[Role.MANAGER], authorities=[authority]
    )
    leaving = UserFactory(
        first_name="Lee", last_name="Leaving", roles=[Role.OWNER], authorities=[authority]
    )
    UserFactory(first_name="Nia", last_name="Newcomer", roles=[Role.OWNER], authorities=[authority])
    suggested = [
        FindingFactory(document=document, state=FindingState.SUGGESTED, text=f"Suggestion {i}.")
        for i in range(3)
    ]
    finding = FindingFactory(document=document)
    actions = [ActionFactory(finding=finding, owner=leaving) for _ in range(4)]
    return {"suggested": suggested, "actions": actions}


def _no_violations(page):
    assert axe_violations(page) == []


def test_a_manager_confirms_suggestions_and_reassigns_actions(signed_in, bulk_plan):
    page = signed_in("bulk.manager@example.gov.uk")
    page.goto(reverse("tracker:finding-list") + "?state=suggested")
    first, second = bulk_plan["suggested"][:2]
    page.get_by_label(f"Select {first.reference}").check()
    page.get_by_label(f"Select {second.reference}").check()
    _no_violations(page)
    page.get_by_role("button", name="Confirm selected").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Confirm 2 findings?")
    _no_violations(page)
    assert (
        Finding.objects.filter(state=FindingState.CONFIRMED, text__startswith="Sugg").count() == 0
    )
    page.get_by_role("button", name="Confirm 2 findings").click()
    expect(page.locator(".govuk-notification-banner, .app-messages").first).to_contain_text(
        "2 findings confirmed"
    )
    assert (
        Finding.objects.filter(state=FindingState.CONFIRMED, text__startswith="Sugg").count() == 2
    )

    page.goto(reverse("tracker:finding-list") + "?state=confirmed")
    page.get_by_label(f"Select {first.reference}").check()
    page.get_by_label(f"Select {second.reference}").check()
    page.get_by_role("button", name="Set the judgement area of selected").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Set the judgement area of 2 findings?"
    )
    page.get_by_role("button", name="Set the judgement area of 2 findings").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "Choose the judgement area these findings belong to."
    )
    page.get_by_label(LEAVERS).check()
    _no_violations(page)
    page.get_by_role("button", name="Set the judgement area of 2 findings").click()
    expect(page.locator("main")).to_contain_text(
        f"2 findings now in the judgement area “{LEAVERS}”."
    )
    assert set(FindingArea.objects.values_list("finding", "judgement_area__name")) == {
        (first.pk, LEAVERS),
        (second.pk, LEAVERS),
    }

    page.goto(reverse("tracker:action-list"))
    page.get_by_role("button", name="Select all actions on this page").click()
    page.get_by_role("button", name="Reassign or re-date selected").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Reassign or re-date 4 actions?")
    page.get_by_label("New owner").select_option(label="Nia Newcomer")
    type_date(page, "New deadline", "1", "5", "2027")
    page.get_by_label("Reason for changing the deadline").fill("Lee is leaving")
    _no_violations(page)
    page.get_by_role("button", name="Reassign or re-date 4 actions").click()
    expect(page.locator("main")).to_contain_text(
        "4 actions updated: 4 actions given to Nia Newcomer; 4 actions moved to 1 May 2027."
    )
    _no_violations(page)
    assert {a.owner.first_name for a in Action.objects.select_related("owner")} == {"Nia"}


def _press(page, button: str) -> None:
    tab_to(page, lambda el: el["text"] == button)
    page.keyboard.press("Enter")


def test_the_same_by_keyboard_only(signed_in, bulk_plan):
    page = signed_in("bulk.manager@example.gov.uk")
    page.goto(reverse("tracker:finding-list") + "?state=suggested")
    for finding in bulk_plan["suggested"]:
        tab_to(page, lambda el, pk=finding.pk: el["id"] == f"select-{pk}")
        page.keyboard.press("Space")
    _press(page, "Confirm selected")
    expect(page.get_by_role("heading", level=1)).to_have_text("Confirm 3 findings?")
    _press(page, "Confirm 3 findings")
    expect(page.locator("main")).to_contain_text("3 findings confirmed")

    page.goto(reverse("tracker:action-list"))
    tab_to(page, lambda el: el["id"] == "bulk-all-matching")
    page.keyboard.press("Space")
    _press(page, "Reassign or re-date selected")
    expect(page.get_by_role("heading", level=1)).to_have_text("Reassign or re-date 4 actions?")
    tab_to(page, lambda el: el["id"] == "id_owner")
    page.keyboard.type("Nia")
    assert focused(page)["id"] == "id_owner"
    _press(page, "Reassign or re-date 4 actions")
    expect(page.locator("main")).to_contain_text("4 actions given to Nia Newcomer")
    assert {a.owner.first_name for a in Action.objects.select_related("owner")} == {"Nia"}
