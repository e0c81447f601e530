"""No page scrolls sideways at 320 px (WCAG 1.4.10 Reflow): every page a manager and an
owner can reach by following links from the dashboard, one of each kind, plus the pages
no link leads to. Tables may scroll inside a labelled, focusable region. The pages this
round changed (error pages, day, month and year boxes, wide lists, the admin's document
page) also pass axe-core at desktop width and at 320 px."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from django.urls import Resolver404, resolve, reverse

from inspections.models import Document
from tests.browser.conftest import (
    ADMIN,
    MANAGER,
    NARROW,
    OWNER,
    REFLOW_JS,
    resize,
    type_date,
)
from tests.browser.test_action_workflow import follow_error_link
from tracker.models import Action

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Files, not pages; and signing out would end the crawl.
NOT_PAGES = {"logout", "tracker:evidence-download", "tracker:board-pack"}
NOT_PAGES |= {"tracker:action-list-board-pack"}

# Dozens of pages and full-page screenshots in one test: a loaded machine may take longer
# than the usual 5 s for one.
PATIENCE_MS = 30_000

LINKS_JS = """() => [...document.querySelectorAll("a[href]")]
    .map(a => a.href).filter(h => h.startsWith(location.origin))"""


def _signed_in(signed_in, username: str):
    page = signed_in(username)
    page.set_default_timeout(PATIENCE_MS)
    return page


def _page_kind(url: str) -> str | None:
    """The URL's route name, or None for what is not one of our pages."""
    path = urlsplit(url).path
    try:
        match = resolve(path)
    except Resolver404:
        return None
    if match.view_name in NOT_PAGES or match.view_name.startswith("admin:"):
        return None
    return match.view_name


def _crawl(page, start: str, limit: int = 60) -> dict[str, list[str]]:
    """Reflow problems by page kind, visiting the first page of each kind found by links."""
    seen: dict[str, str] = {}
    queue = [start]
    problems: dict[str, list[str]] = {}
    while queue and len(seen) < limit:
        url = queue.pop(0)
        kind = _page_kind(url)
        if kind is None or kind in seen:
            continue
        seen[kind] = url
        response = page.goto(url)
        assert response.ok, f"HTTP {response.status} at {url}"
        page.wait_for_load_state("load")
        if found := page.evaluate(REFLOW_JS):
            problems[f"{kind} ({url})"] = found
        queue.extend(page.evaluate(LINKS_JS))
    return {"visited": sorted(seen), **problems}


@pytest.mark.parametrize("username", [MANAGER, OWNER])
def test_no_page_scrolls_sideways_at_320px(demo, signed_in, username):
    page = _signed_in(signed_in, username)
    resize(page, NARROW)

    found = _crawl(page, demo.url + reverse("tracker:dashboard"))

    visited = found.pop("visited")
    # The crawl reached the pages people use most, not just the dashboard.
    for kind in ("tracker:action-detail", "tracker:finding-detail", "tracker:action-list"):
        assert kind in visited, visited
    assert found == {}


def test_pages_no_link_leads_to_fit_320px(demo, signed_in):
    page = _signed_in(signed_in, OWNER)
    resize(page, NARROW)
    problems = {}
    for url in [
        reverse("tracker:audit-log"),  # refused: the owner is not a manager
        reverse("tracker:action-detail", args=[999999]),  # not found
        reverse("password_change"),
    ]:
        page.goto(url)
        if found := page.evaluate(REFLOW_JS):
            problems[url] = found
    assert problems == {}


def test_changed_pages_pass_axe_at_both_widths(demo, signed_in, checker):
    owner = _signed_in(signed_in, OWNER)
    for name, url in {
        "access refused": reverse("tracker:audit-log"),
        "page not found": reverse("tracker:action-detail", args=[999999]),
    }.items():
        response = owner.goto(url)
        assert response.status in (403, 404), f"{name}: HTTP {response.status}"
        checker.check(owner, name)

    manager = _signed_in(signed_in, MANAGER)
    action = Action.objects.order_by("pk").first()
    for name, url in {
        "audit log": reverse("tracker:audit-log"),
        "measures": reverse("tracker:measure-list"),
        "add a measure": reverse("tracker:measure-create", args=[action.finding_id]),
        "plan import": reverse("tracker:plan-import-start"),
    }.items():
        response = manager.goto(url)
        assert response.ok, f"{name}: HTTP {response.status}"
        checker.check(manager, name)

    # Day, month and year boxes refused with a message, linked from the error summary.
    manager.goto(reverse("tracker:audit-log"))
    type_date(manager, "Changed on or after", "31", "2", "2025")
    manager.get_by_role("button", name="Apply").click()
    follow_error_link(manager, "Changed on or after must be a real date", "id_since_day")
    checker.check(manager, "audit log with a wrong date")
    checker.assert_clean()


# Records the page's own Content Security Policy refusals, as they happen.
CSP_LISTENER = """document.addEventListener("securitypolicyviolation",
    e => (window.appCspRefusals = window.appCspRefusals || []).push(e.violatedDirective))"""


def test_the_admin_document_page_passes_axe_at_both_widths(
    demo, signed_in, checker, browser_errors
):
    admin = _signed_in(signed_in, ADMIN)
    admin.context.add_init_script(CSP_LISTENER)
    document = Document.objects.filter(judgements__isnull=False).order_by("pk").first()
    admin.goto(reverse("admin:inspections_document_change", args=[document.pk]))
    admin.wait_for_load_state("load")
    assert admin.evaluate("window.appCspRefusals || []") == []
    checker.check(admin, "admin document", ours=False)
    checker.assert_clean()
    # axe reads stylesheets joined by @import (the admin's forms.css imports widgets.css)
    # by copying them into <style> elements, which the policy refuses. The page itself
    # raised none (above); the refusals of axe's own copies are not the page's.
    browser_errors.problems[:] = [p for p in browser_errors.problems if "style-src" not in p]
