"""Browser tests: Debian's Chromium, driven by Playwright, against pytest-django's live server.

One browser for the whole session (pytest-playwright's ``browser`` fixture), a
fresh context per person. Without Chromium the tests are skipped with a
message, except on CI (``CI`` set), where that is a failure.

Playwright's sync API keeps an event loop in the test thread, which Django's
async-safety check mistakes for async code calling the ORM; the browser tests
run after every other test and only then switch that check off.
"""

from __future__ import annotations

import functools
import os
import re
from dataclasses import dataclass, field
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client, override_settings

PROJECT_DIR = Path(__file__).resolve().parents[2]
CHROMIUM = Path(os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"))
AXE = PROJECT_DIR / "node_modules" / "axe-core" / "axe.min.js"
SCREENSHOTS = PROJECT_DIR / "tests" / "screenshots"
BROWSER_DIR = Path(__file__).resolve().parent

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
DESKTOP = {"width": 1280, "height": 800}
# 1280 px at 400% zoom (WCAG 1.4.10 Reflow).
NARROW = {"width": 320, "height": 640}
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]

DEMO_PASSWORD = "demo-improvement-plan"
MANAGER = "manager@example.gov.uk"
OWNER = "owner@example.gov.uk"
VIEWER = "viewer@example.gov.uk"
ADMIN = "admin@example.gov.uk"


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(session, config, items):
    """Run the browser tests last, after pytest-django has ordered the rest.

    Their live server flushes the database, which would empty it for later
    tests; unit tests fail fast; and no browser event loop is running in the
    test thread while the others run."""
    browser, others = [], []
    for item in items:
        (browser if BROWSER_DIR in Path(item.path).parents else others).append(item)
    items[:] = others + browser


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    if not CHROMIUM.exists():
        message = (
            f"Browser tests need Chromium at {CHROMIUM} "
            "(apt-get install chromium, or set CHROMIUM_PATH)."
        )
        if os.environ.get("CI"):
            pytest.fail(f"{message} CI is set, so a missing browser is a failure.")
        pytest.skip(message)
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    return {
        **browser_type_launch_args,
        "executable_path": str(CHROMIUM),
        # Headless unless pytest-playwright's --headed asks to watch.
        "headless": browser_type_launch_args.get("headless", True),
        "args": CHROMIUM_ARGS,
    }


@pytest.fixture(scope="session")
def _media_url_for_live_server():
    # The settings publish no MEDIA_URL (evidence is only ever served by
    # permission-checked views), but the test server's media handler parses it
    # as a URL when it starts. A path nothing links to keeps media unserved.
    with override_settings(MEDIA_URL="/media-is-never-served/"):
        yield


@pytest.fixture(scope="session")
def live_server(_media_url_for_live_server, live_server):
    return live_server


@pytest.fixture(scope="session")
def base_url(live_server):
    return live_server.url


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {
        **browser_context_args,
        "viewport": DESKTOP,
        "locale": "en-GB",
        "timezone_id": "Europe/London",
    }


class BrowserErrors:
    """What the browser complains about while a test runs: script errors, console errors
    (Content Security Policy refusals among them), static files that fail to load, and any
    request that leaves the app (nothing may be fetched from elsewhere at run time)."""

    def __init__(self, origin: str):
        self.origin = origin
        self.problems: list[str] = []

    def watch(self, context) -> None:
        # Pages here answer in milliseconds; a missing element should fail fast.
        context.set_default_timeout(5_000)
        context.on("weberror", lambda error: self.problems.append(f"script error: {error.error}"))
        context.on("console", self._console)
        context.on("request", self._request)
        context.on("response", self._response)

    def _console(self, message) -> None:
        # Failed loads are reported by _response, which knows what was loaded.
        if message.type == "error" and not message.text.startswith("Failed to load resource"):
            self.problems.append(f"console error at {message.location.get('url')}: {message.text}")

    def _request(self, request) -> None:
        if not request.url.startswith((self.origin, "data:", "blob:")):
            self.problems.append(f"request outside the app: {request.url}")

    def _response(self, response) -> None:
        # Pages may answer 400 to a form with errors; their assets must all load. The
        # Django admin links no favicon, so the browser asks for /favicon.ico.
        kind = response.request.resource_type
        if response.status >= 400 and kind != "document" and kind != "other":
            self.problems.append(f"{response.status} for {kind} {response.url}")


@pytest.fixture
def browser_errors(live_server):
    errors = BrowserErrors(live_server.url)
    yield errors
    assert not errors.problems, "\n".join(["The browser reported:", *errors.problems])


@pytest.fixture
def context(new_context, browser_errors):
    context = new_context()
    browser_errors.watch(context)
    return context


@pytest.fixture
def demo(live_server):
    """The five seed reports and the demo plan, committed so the live server sees them."""
    out = StringIO()
    call_command("import_reports", str(PROJECT_DIR / "seeds"), stdout=out, stderr=out)
    call_command("load_demo_plan", stdout=out, stderr=out)
    return live_server


@pytest.fixture
def signed_in(new_context, live_server, browser_errors):
    """A browser page signed in as a user, without going through the form each time."""

    def _signed_in(username: str):
        client = Client()
        client.force_login(get_user_model().objects.get(username=username))
        cookie = client.cookies[settings.SESSION_COOKIE_NAME]
        context = new_context()
        browser_errors.watch(context)
        context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": live_server.url}])
        return context.new_page()

    return _signed_in


# --- Checks -------------------------------------------------------------------


@functools.cache
def _axe_source() -> str:
    return AXE.read_text(encoding="utf-8")


def axe_violations(page) -> list[str]:
    """axe-core's WCAG 2.2 A/AA violations on the page as it is now, one line per node."""
    if not AXE.exists():
        pytest.fail(f"{AXE} is missing: run `make install` (npm ci) first.")
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        # Evaluated rather than added as a <script>, which the site's Content Security
        # Policy rightly refuses; the policy stays on for everything the pages do.
        page.evaluate(_axe_source())
    violations = page.evaluate(
        """async (tags) => {
            const result = await axe.run(document, {
                runOnly: {type: "tag", values: tags}, resultTypes: ["violations"]});
            return result.violations.map(v => ({
                id: v.id, help: v.help,
                nodes: v.nodes.map(n => n.target.join(" ") + " :: " + n.failureSummary)}));
        }""",
        WCAG_TAGS,
    )
    return [
        f"{v['id']} ({v['help']}): {node}".replace("\n", " ")
        for v in violations
        for node in v["nodes"]
    ]


STRUCTURE_JS = """(ours) => {
    const problems = [];
    const h1s = document.querySelectorAll("h1");
    if (h1s.length !== 1) problems.push(`${h1s.length} h1 elements, not one`);
    if (!document.title.trim()) problems.push("empty <title>");
    if (!ours) return problems;
    // Status and RAG are tags: the colour only reinforces words that are always there.
    document.querySelectorAll(".govuk-tag").forEach(tag => {
        if (!tag.textContent.trim()) problems.push(`a tag says nothing: ${tag.outerHTML}`);
    });
    document.querySelectorAll("table").forEach((table, i) => {
        const name = `table ${i + 1}`;
        const caption = table.querySelector("caption");
        if (!caption || !caption.textContent.trim()) problems.push(`${name} has no caption`);
        const width = row => [...row.cells].reduce((n, cell) => n + cell.colSpan, 0);
        const head = table.querySelector("thead tr");
        const columns = Math.max(0, ...[...table.tBodies].flatMap(b => [...b.rows].map(width)));
        if (!head || head.querySelectorAll("th").length === 0)
            problems.push(`${name} has no column headers`);
        else if ([...head.cells].some(c => c.tagName !== "TH") || width(head) < columns)
            problems.push(`${name} has ${columns} columns but ${head.cells.length} headers`);
        if (!table.closest(".app-table-container"))
            problems.push(`${name} is not inside .app-table-container`);
    });
    return problems;
}"""

REFLOW_JS = """() => {
    const problems = [];
    const root = document.documentElement;
    if (root.scrollWidth > root.clientWidth)
        problems.push(`the page scrolls sideways: ${root.scrollWidth}px in ${root.clientWidth}px`);
    document.querySelectorAll(".app-table-container").forEach((box, i) => {
        if (box.scrollWidth <= box.clientWidth) return;
        const name = box.getAttribute("aria-label") ||
            (box.getAttribute("aria-labelledby") &&
             document.getElementById(box.getAttribute("aria-labelledby"))?.textContent.trim());
        if (box.tabIndex !== 0 || box.getAttribute("role") !== "region" || !name)
            problems.push(`scrolling table container ${i + 1} is not a focusable, named region`);
    });
    return problems;
}"""


@dataclass
class PageChecker:
    """Runs every page check, collecting problems so one run reports them all."""

    problems: list[str] = field(default_factory=list)
    titles: dict[str, str] = field(default_factory=dict)

    def check(self, page, name: str, *, ours: bool = True, narrow: bool = True) -> None:
        """ours=False for Django admin pages: axe, headings, titles and reflow, but not
        our own stylesheet and table markup."""
        page.wait_for_load_state("load")
        if ours:
            self._stylesheet_loaded(page, name)
        self._note(name, page.evaluate(STRUCTURE_JS, ours))
        self._note(name, axe_violations(page))
        title = page.title()
        if title in self.titles.values():
            other = next(k for k, v in self.titles.items() if v == title)
            self._note(name, [f"<title> {title!r} is the same as on {other}"])
        self.titles[name] = title
        screenshot(page, name, DESKTOP["width"])
        if narrow:
            resize(page, NARROW)
            try:
                self._note(name, [f"at 320px: {p}" for p in page.evaluate(REFLOW_JS)])
                self._note(name, [f"at 320px: {p}" for p in axe_violations(page)])
                screenshot(page, name, NARROW["width"])
            finally:
                resize(page, DESKTOP)

    def _stylesheet_loaded(self, page, name: str) -> None:
        # An unstyled page would pass axe's colour and layout rules vacuously.
        rules = page.evaluate(
            """() => [...document.styleSheets]
                .filter(s => s.href && s.href.includes("/static/build/app.css"))
                .reduce((n, s) => n + s.cssRules.length, 0)"""
        )
        if not rules:
            self._note(name, ["the stylesheet static/build/app.css did not load"])

    def _note(self, name: str, problems: list[str]) -> None:
        self.problems.extend(f"{name}: {p}" for p in problems)

    def assert_clean(self) -> None:
        assert not self.problems, "\n".join(["Accessibility problems:", *self.problems])


def resize(page, viewport: dict) -> None:
    """Resize, then wait two frames so the page's resize handlers have run."""
    page.set_viewport_size(viewport)
    page.evaluate("() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")


def screenshot(page, name: str, width: int) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    slug = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")
    # A full page of a long list takes longer than the clicks and waits the default allows.
    page.screenshot(path=SCREENSHOTS / f"{slug}-{width}.png", full_page=True, timeout=30_000)


@pytest.fixture
def checker():
    return PageChecker()


# GOV.UK Frontend shows focus in its focus colour, #ffdd00 (a yellow outline, shadow or
# background), which nothing unfocused uses; the browser's own thin ring does not count.
FOCUS_JS = r"""() => {
    const el = document.activeElement;
    if (!el || el === document.body) return null;
    // GOV.UK checkboxes and radios hide the input and draw focus on the label's box.
    const drawn = el.matches(".govuk-checkboxes__input, .govuk-radios__input")
        ? getComputedStyle(el.labels[0], "::before") : getComputedStyle(el);
    const yellow = value => (value || "").includes("255, 221, 0");
    const outline = drawn.outlineStyle !== "none" && parseFloat(drawn.outlineWidth) > 0 &&
        yellow(drawn.outlineColor);
    const rect = el.getBoundingClientRect();
    return {
        tag: el.tagName.toLowerCase(),
        text: (el.innerText || el.value || el.id || "").trim().slice(0, 200),
        id: el.id, name: el.getAttribute("name"), type: el.getAttribute("type"),
        classes: el.className || "",
        href: el.getAttribute("href"),
        outline: `${drawn.outlineStyle} ${drawn.outlineWidth} ${drawn.outlineColor}`,
        boxShadow: drawn.boxShadow,
        background: drawn.backgroundColor,
        visible: outline || yellow(drawn.boxShadow) || yellow(drawn.backgroundColor),
        onScreen: rect.width > 0 && rect.height > 0,
    };
}"""


def focused(page) -> dict | None:
    return page.evaluate(FOCUS_JS)


def tab_to(page, matches, *, limit: int = 80) -> dict:
    """Press Tab until the focused element matches, checking that every stop shows its focus."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        element = focused(page)
        if element is None:
            continue
        assert element["visible"] and element["onScreen"], f"focus is not visible on {element}"
        if matches(element):
            return element
    raise AssertionError(f"no matching element within {limit} presses of Tab")


# --- GOV.UK date inputs ---------------------------------------------------------

DATE_BOXES = ("Day", "Month", "Year")


def type_date(page, legend: str, day: str, month: str, year: str) -> None:
    """Types a date into the GOV.UK day, month and year boxes under ``legend``."""
    group = page.get_by_role("group", name=legend)
    for box, value in zip(DATE_BOXES, (day, month, year), strict=True):
        group.get_by_label(box, exact=True).fill(value)


def typed_date(page, legend: str) -> list[str]:
    """What the day, month and year boxes under ``legend`` hold."""
    group = page.get_by_role("group", name=legend)
    return [group.get_by_label(box, exact=True).input_value() for box in DATE_BOXES]
