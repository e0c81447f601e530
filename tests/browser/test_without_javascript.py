"""With JavaScript switched off (locked-down laptops, failed downloads) the service still
works: sign in, filter the actions, change a status."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from playwright.sync_api import expect

from tests.browser.conftest import DEMO_PASSWORD, OWNER

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_sign_in_filter_and_change_status_without_javascript(demo, new_context, browser_errors):
    context = new_context(java_script_enabled=False)
    browser_errors.watch(context)
    page = context.new_page()

    page.goto(reverse("tracker:action-list"))
    page.get_by_label("Email address or username").fill(OWNER)
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Actions")
    # Without JavaScript every menu item shows; nothing hides behind a toggle.
    expect(page.get_by_role("link", name="Findings", exact=True)).to_be_visible()

    page.get_by_label("Status").select_option(label="Not started")
    owner = get_user_model().objects.get(username=OWNER)
    page.get_by_label("Owner").select_option(value=str(owner.pk))
    page.get_by_role("button", name="Apply filters").click()
    statuses = page.locator("table tbody td:nth-child(6)")
    expect(statuses.first).to_have_text("Not started")
    assert set(statuses.all_inner_texts()) == {"Not started"}

    page.locator("table tbody td:nth-child(3) a").first.click()
    page.get_by_label("New status").select_option(label="In progress")
    page.get_by_role("button", name="Change status").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(
        "Status changed to in progress."
    )
