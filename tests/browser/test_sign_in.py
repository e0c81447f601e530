"""Signing in and out, as a person does it in the browser."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from tests.browser.conftest import DEMO_PASSWORD, MANAGER, axe_violations
from tracker.models import Action

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_anonymous_visits_go_to_the_sign_in_page(demo, page):
    action = Action.objects.first()
    for url in [
        reverse("tracker:dashboard"),
        reverse("tracker:action-list") + "?status=in_progress",
        reverse("tracker:finding-list"),
        reverse("tracker:document-list"),
        reverse("tracker:action-detail", args=[action.pk]),
        reverse("tracker:finding-detail", args=[action.finding_id]),
    ]:
        page.goto(url)
        landed = urlsplit(page.url)
        assert landed.path == reverse("login"), url
        assert page.get_by_role("heading", level=1).inner_text() == "Sign in"


def test_wrong_password_then_sign_in_and_out(demo, page):
    page.goto(reverse("tracker:action-list"))
    page.get_by_label("Email address or username").fill(MANAGER)
    page.get_by_label("Password").fill("not the password")
    page.get_by_role("button", name="Sign in").click()

    summary = page.locator(".govuk-error-summary")
    expect(summary.get_by_role("heading")).to_have_text("There is a problem")
    assert "correct" in summary.inner_text().lower()
    assert page.title().startswith("Error: ")
    assert axe_violations(page) == []
    # The error links to the field to correct, and following it moves focus there.
    summary.get_by_role("link").first.click()
    assert page.evaluate("document.activeElement.id") == "id_username"

    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Sign in").click()

    # Back where the person was going, signed in.
    expect(page).to_have_url(re.compile(re.escape(reverse("tracker:action-list")) + "$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Actions")

    page.get_by_role("button", name="Sign out").click()

    expect(page).to_have_url(re.compile(re.escape(reverse("login")) + "$"))
    page.goto(reverse("tracker:dashboard"))
    assert urlsplit(page.url).path == reverse("login")
