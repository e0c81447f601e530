"""Keyboard only: skip link first, sign in, filter the actions, change an action's status.

Every element reached with Tab must show where the focus is (tab_to checks each one).
"""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlsplit

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from tests.browser.conftest import DEMO_PASSWORD, MANAGER, NARROW, focused, tab_to

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def by_id(element_id: str):
    return lambda element: element["id"] == element_id


def by_text(text: str):
    return lambda element: element["text"] == text[:200]


def query(page) -> dict[str, list[str]]:
    return parse_qs(urlsplit(page.url).query)


def test_skip_link_is_the_first_tab_stop_on_every_page(demo, page):
    for url in [reverse("login"), reverse("accessibility")]:
        page.goto(url)
        page.keyboard.press("Tab")
        element = focused(page)
        assert "govuk-skip-link" in element["classes"], f"{url}: first tab stop is {element}"
        assert element["visible"] and element["onScreen"]
        page.keyboard.press("Enter")
        assert focused(page)["id"] == "main-content"


def test_sign_in_filter_and_change_status_by_keyboard(demo, page):
    page.goto(reverse("login"))
    page.keyboard.press("Tab")
    assert "govuk-skip-link" in focused(page)["classes"]

    tab_to(page, by_id("id_username"))
    page.keyboard.type(MANAGER)
    tab_to(page, by_id("id_password"))
    page.keyboard.type(DEMO_PASSWORD)
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Improvement plan")

    # Skip the navigation, then reach the actions list from the menu.
    page.keyboard.press("Tab")
    assert "govuk-skip-link" in focused(page)["classes"]
    tab_to(page, by_text("Actions"))
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Actions")

    # A checkbox with Space, the form with Enter on its button.
    tab_to(page, by_id("id_overdue"))
    page.keyboard.press("Space")
    expect(page.locator("#id_overdue")).to_be_checked()
    tab_to(page, by_text("Apply filters"))
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"overdue=on"))
    rows = page.locator("table tbody tr")
    expect(rows).to_have_count(2)

    tab_to(page, by_text("Clear filters"))
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/actions/$"))

    # A select by typing the start of an option (a space would open its list), the
    # form with Space on its button.
    tab_to(page, by_id("id_status"))
    page.keyboard.type("Not")
    expect(page.locator("#id_status")).to_have_value("not_started")
    tab_to(page, by_text("Apply filters"))
    page.keyboard.press("Space")
    expect(page).to_have_url(re.compile(r"status=not_started"))
    # A sortable heading also says, to screen readers, how a click sorts it.
    headings = [h.split(",")[0].strip() for h in page.locator("table thead th").all_inner_texts()]
    status = headings.index("Status") + 1
    assert set(page.locator(f"table tbody td:nth-child({status})").all_inner_texts()) == {
        "Not started"
    }

    # Open the first action and start it.
    action = headings.index("Action") + 1
    first = page.locator(f"table tbody td:nth-child({action}) a").first.inner_text()
    tab_to(page, by_text(first))
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text(first)

    tab_to(page, by_id("id_status"))
    page.keyboard.type("In")
    expect(page.locator("#id_status")).to_have_value("in_progress")
    tab_to(page, by_id("id_update_text"))
    page.keyboard.type("Started: the first meeting is booked.")
    tab_to(page, by_text("Change status"))
    page.keyboard.press("Space")
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(
        "Status changed to in progress."
    )
    assert "status" not in query(page)


def test_a_wide_table_scrolls_by_keyboard_at_320px(demo, signed_in):
    page = signed_in(MANAGER)
    page.set_viewport_size(NARROW)
    page.goto(reverse("tracker:action-list"))
    region = tab_to(page, lambda element: "app-table-container" in element["classes"])
    assert region["visible"]
    container = page.get_by_role("region", name=re.compile("^Actions"))
    expect(container).to_be_focused()
    for _ in range(5):
        page.keyboard.press("ArrowRight")
    # The browser scrolls after the key is handled, so wait for it rather than read at once.
    page.wait_for_function("box => box.scrollLeft > 0", arg=container.element_handle())
