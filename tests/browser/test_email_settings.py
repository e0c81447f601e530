"""The email settings page in every role: axe-core clean at desktop width and 320 px, and
a daily email chosen with the keyboard alone."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from tests.browser.conftest import ADMIN, MANAGER, OWNER, VIEWER, PageChecker, tab_to
from tracker.notifications.models import Frequency
from tracker.notifications.selectors import frequency_of

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_every_role_reads_the_page_without_problems(demo, signed_in):
    problems = []
    for username in (MANAGER, OWNER, VIEWER, ADMIN):
        # One checker a role: the page's title is rightly the same for everyone.
        checker = PageChecker()
        page = signed_in(username)
        response = page.goto(reverse("tracker:notification-preferences"))
        assert response.ok
        checker.check(page, f"{username} email settings")
        problems += checker.problems
    assert not problems, "\n".join(problems)


def test_an_owner_chooses_the_daily_email_by_keyboard(demo, signed_in, checker):
    page = signed_in(OWNER)
    page.goto(reverse("tracker:dashboard"))
    tab_to(page, lambda e: e["text"] == "Email settings")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    tab_to(page, lambda e: e.get("id") == "id_frequency_0")
    page.keyboard.press("ArrowDown")
    tab_to(page, lambda e: e["text"] == "Save email settings")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.get_by_text("Your email settings are saved.").is_visible()
    assert page.locator("#id_frequency_1").is_checked()
    checker.check(page, "owner email settings saved")
    checker.assert_clean()
    owner = get_user_model().objects.get(username=OWNER)
    assert frequency_of(owner) == Frequency.DAILY
