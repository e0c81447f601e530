"""A manager's day starts at "Needs your attention": follow a line, go to an action by reference.

The same by mouse and by keyboard only; axe-core checks the new pages and parts of pages.
"""

from __future__ import annotations

import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from tests.browser.conftest import MANAGER, tab_to
from tracker import references
from tracker.models import Action

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

GO_LABEL = "Go to a finding or action by its reference"


def an_action_and_its_reference() -> tuple[Action, str]:
    action = (
        references.with_position(Action.objects.select_related("finding__document__authority"))
        .order_by("-pk")
        .first()
    )
    return action, references.action_reference(action)


def attention_links(page):
    return page.locator("section.app-attention a.govuk-task-list__link")


def test_a_manager_follows_a_line_and_goes_to_an_action_by_its_reference(demo, signed_in, checker):
    page = signed_in(MANAGER)
    page.goto(reverse("tracker:dashboard"))
    expect(page.get_by_role("heading", name="Needs your attention")).to_be_visible()
    expect(attention_links(page).first).to_be_visible()
    checker.check(page, "Dashboard with what needs attention")

    # Every line of the imported seeds says how many, and its list shows that many.
    lines = [
        (link.inner_text(), link.get_attribute("href")) for link in attention_links(page).all()
    ]
    assert any("suggested finding" in text for text, _ in lines), lines
    for text, href in lines:
        count = int(text.split()[0])
        page.goto(href)
        if "/follow-ups/" in href:
            heading = page.get_by_role("heading", level=2).filter(has_text="to review")
            expect(heading).to_contain_text(f"{count} suggestion")
        else:
            expect(page.locator("caption").first).to_contain_text(f"({count} in all)")

    action, reference = an_action_and_its_reference()
    page.goto(reverse("tracker:dashboard"))
    page.get_by_label(GO_LABEL).fill(reference.lower())
    page.get_by_role("button", name="Go", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(action.title)
    expect(page.locator(".govuk-caption-l")).to_contain_text(f"Action {reference}")

    page.goto(reverse("tracker:go") + "?reference=ZZ-1999-01")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Nothing has the reference ZZ-1999-01"
    )
    checker.check(page, "Go to a reference that matches nothing")
    checker.assert_clean()


def test_the_same_by_keyboard_only(demo, signed_in):
    page = signed_in(MANAGER)
    page.goto(reverse("tracker:dashboard"))
    first = attention_links(page).first
    text, href = first.inner_text(), first.get_attribute("href")

    tab_to(page, lambda element: element["text"] == text[:200])
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(re.escape(href.split("?")[0])))

    action, reference = an_action_and_its_reference()
    page.goto(reverse("tracker:dashboard"))
    tab_to(page, lambda element: element["id"] == "go-reference")
    page.keyboard.type(reference)
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text(action.title)
