"""Every main page, in each role: axe-core's WCAG 2.2 A/AA rules at desktop width and at
320 px (400% zoom), one h1, a unique title, captioned tables with headers, no sideways
scrolling of the page. Screenshots of each go to tests/screenshots/."""

from __future__ import annotations

import pytest
from django.urls import NoReverseMatch, reverse

from inspections.models import Document, Finding, FindingState
from tests.browser.conftest import ADMIN, MANAGER, OWNER, VIEWER
from tests.factories import LocalAuthorityFactory, UserFactory
from tracker.models import Action

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _url(name: str, *args) -> str | None:
    """Pages still being built are checked from the day their URL exists."""
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return None


def _objects() -> dict[str, str]:
    own_action = Action.objects.filter(owner__username=OWNER).order_by("deadline").first()
    finding = own_action.finding
    suggested = Finding.objects.filter(state=FindingState.SUGGESTED).first()
    document = finding.document
    monitoring = Document.objects.filter(kind="monitoring_visit").first()
    return {
        "action": reverse("tracker:action-detail", args=[own_action.pk]),
        "action-edit": reverse("tracker:action-edit", args=[own_action.pk]),
        "action-new": reverse("tracker:action-create", args=[finding.pk]),
        "finding": reverse("tracker:finding-detail", args=[finding.pk]),
        "finding-suggested": reverse("tracker:finding-detail", args=[suggested.pk]),
        "inspection": reverse("tracker:document-detail", args=[document.pk]),
        "monitoring-visit": reverse("tracker:document-detail", args=[monitoring.pk]),
        "across-visits": _url("tracker:across-visits", document.authority.slug),
        "follow-ups": _url("tracker:followup-review-list", document.authority.slug),
        "themes": _url("tracker:theme-list", document.authority.slug),
        "people": reverse("tracker:people"),
    }


COMMON = {
    "dashboard": reverse("tracker:dashboard"),
    "actions": reverse("tracker:action-list"),
    "findings": reverse("tracker:finding-list"),
    "inspections": reverse("tracker:document-list"),
}


ROLE_PAGES = {
    "manager": [
        "action",
        "action-edit",
        "action-new",
        "finding",
        "finding-suggested",
        "inspection",
        "monitoring-visit",
        "across-visits",
        "follow-ups",
        "themes",
        "people",
    ],
    "owner": ["action", "finding", "inspection", "across-visits"],
    "viewer": ["action", "finding", "finding-suggested", "inspection", "across-visits"],
}


def _pages(role: str, objects: dict[str, str | None]) -> dict[str, str]:
    pages = {**COMMON, **{name: objects[name] for name in ROLE_PAGES[role]}}
    return {name: url for name, url in pages.items() if url}


def test_signed_out_pages(demo, page, checker):
    for name, url in {"sign-in": reverse("login"), "statement": reverse("accessibility")}.items():
        page.goto(url)
        checker.check(page, f"anonymous {name}")
    checker.assert_clean()


@pytest.mark.parametrize(
    "role, username", [("manager", MANAGER), ("owner", OWNER), ("viewer", VIEWER)]
)
def test_main_pages(demo, signed_in, checker, role, username):
    page = signed_in(username)
    for name, url in _pages(role, _objects()).items():
        response = page.goto(url)
        assert response.ok, f"{role} {name}: HTTP {response.status} at {url}"
        checker.check(page, f"{role} {name}")
    checker.assert_clean()


def test_admin_pages(demo, signed_in, checker):
    page = signed_in(ADMIN)
    pages = {
        "admin home": reverse("admin:index"),
        "admin documents": reverse("admin:inspections_document_changelist"),
        "admin import": reverse("admin:inspections_document_import"),
        "admin dashboard": reverse("tracker:dashboard"),
    }
    for name, url in pages.items():
        response = page.goto(url)
        assert response.ok, f"{name}: HTTP {response.status} at {url}"
        checker.check(page, name, ours=not url.startswith("/admin/"))
    checker.assert_clean()


def test_people_page_of_a_superuser_at_an_authority_nobody_sees(demo, signed_in, checker):
    """The whole list of authorities, one nobody sees, and adding oneself to it."""
    superuser = UserFactory(username="super@example.gov.uk", is_superuser=True, is_staff=True)
    unseen = LocalAuthorityFactory(name="Rutland")
    page = signed_in(superuser.username)
    page.goto(reverse("tracker:people"))
    checker.check(page, "superuser people")
    page.goto(f"{reverse('tracker:people')}?authority={unseen.pk}")
    checker.check(page, "superuser people at an authority nobody sees")
    page.get_by_role("button", name="Add me to Rutland as improvement manager").click()
    page.wait_for_load_state()
    assert page.get_by_text("You belong to Rutland.").is_visible()
    checker.assert_clean()
