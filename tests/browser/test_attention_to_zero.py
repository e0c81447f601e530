"""A manager works "Needs your attention" down to nothing after the seed reports are imported,
each time following a line to its list and doing what it asks there; an owner sees what was
given to them and what more is asked. Every line's count is checked against its list on the
way, and axe-core checks the dashboard, full and empty, at desktop width and at 320 px."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from tests.browser.conftest import MANAGER, OWNER, PageChecker, tab_to, type_date
from tracker.models import Action

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SOUTH, GLOS = "south-gloucestershire", "gloucestershire"
# Owners of each authority in the demo plan (fixtures/demo_plan.json).
OWNER_OF = {SOUTH: "Priya Shah", GLOS: "Tom Reed"}
SUCCESS = ".govuk-notification-banner--success"


def waiting(page) -> dict[tuple[str, str], tuple[int, str]]:
    """The dashboard's lines: (authority's slug, line's key) → (count, link)."""
    page.goto(reverse("tracker:dashboard"))
    expect(page.get_by_role("heading", name="Needs your attention")).to_be_visible()
    lines = {}
    for link in page.locator("section.app-attention a.govuk-task-list__link").all():
        # Each link is described by its tag, whose id is attention-<authority>-<line>.
        slug, key = re.fullmatch(
            r"attention-(.+)-([a-z_]+)", link.get_attribute("aria-describedby")
        ).groups()
        lines[(slug, key)] = (int(link.inner_text().split()[0]), link.get_attribute("href"))
    return lines


def follow(page, authority: str, key: str) -> int:
    """Opens the list behind a line and checks it holds the line's count; 0 if no line."""
    line = waiting(page).get((authority, key))
    if line is None:
        return 0
    count, href = line
    page.goto(href)
    if "/follow-ups/" in href:
        expect(page.get_by_role("heading", level=2).filter(has_text="to review")).to_contain_text(
            f"{count} suggestion"
        )
    else:
        expect(page.locator("caption").first).to_contain_text(f"({count} in all)")
    return count


def change_all_matching(page, verb: str, count: int) -> None:
    page.get_by_label(re.compile(r"^All \d+ .* matching these filters")).check()
    page.get_by_role("button", name=f"{verb} selected").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(f"{verb} {count} ")


def open_first_row(page, kind: str) -> None:
    """Opens the first row's finding or action ("findings" or "actions")."""
    page.locator("table tbody tr").first.locator(f"a[href^='/{kind}/']").first.click()


def review_first_pending(page, decision: str, comment: str = "") -> None:
    evidence = page.get_by_role("table", name="Evidence for this action")
    row = evidence.locator("tr", has_text="Awaiting review").first
    row.get_by_label(decision).check()
    if comment:
        row.get_by_label("Comment").fill(comment)
    row.get_by_role("button", name="Save review").click()
    expect(page.locator(SUCCESS)).to_be_visible()


def test_a_manager_works_what_needs_attention_down_to_nothing(demo, signed_in, checker):
    page = signed_in(MANAGER)
    before = waiting(page)
    checker.check(page, "Dashboard with the seeds' work waiting")
    for authority in (SOUTH, GLOS):
        for key in ("suggested", "followups", "no_actions", "evidence", "overdue", "due_soon"):
            assert (authority, key) in before, sorted(before)

    # Suggested findings: one confirmed by hand, the rest rejected together with one reason.
    count = follow(page, SOUTH, "suggested")
    page.locator("table tbody tr").first.get_by_label(re.compile("^Select")).check()
    page.get_by_role("button", name="Confirm selected").click()
    page.get_by_role("button", name="Confirm 1 finding").click()
    expect(page.locator(SUCCESS)).to_contain_text("1 finding confirmed")
    for authority in (SOUTH, GLOS):
        count = follow(page, authority, "suggested")
        change_all_matching(page, "Reject", count)
        page.get_by_label("Why are these suggestions rejected?").fill(
            "Already covered by the confirmed findings."
        )
        page.get_by_role("button", name=re.compile(f"^Reject {count} finding")).click()
        expect(page.locator(SUCCESS)).to_contain_text(f"{count} finding")

    # Follow-up verdicts: one authority's one at a time, each confirm bringing up the next;
    # the other's all at once, as suggested.
    count = follow(page, GLOS, "followups")
    while count:
        cards = page.locator(".govuk-summary-card")
        first = cards.first.locator(".govuk-summary-card__title").inner_text()
        cards.first.get_by_role("button", name=re.compile("^Confirm verdict")).click()
        expect(page.locator(SUCCESS)).to_contain_text("Verdict recorded for")
        count -= 1
        heading = page.get_by_role("heading", level=2).filter(has_text="to review")
        expect(heading).to_contain_text(f"{count} suggestion")
        if count:
            expect(cards.first.locator(".govuk-summary-card__title")).not_to_have_text(first)
    expect(page.locator("main")).to_contain_text("Nothing is waiting for review.")
    count = follow(page, SOUTH, "followups")
    change_all_matching(page, "Confirm as suggested", count)
    page.get_by_role("button", name=re.compile(f"^Confirm as suggested {count} ")).click()
    expect(page.locator(SUCCESS)).to_contain_text(str(count))

    # Confirmed findings with no action: an action each, planned now, owned later.
    for authority in (SOUTH, GLOS):
        while follow(page, authority, "no_actions"):
            open_first_row(page, "findings")
            page.get_by_role("link", name="Add an action").click()
            page.get_by_label("Title").fill("Plan the response with the service leads")
            type_date(page, "Deadline", "31", "3", "2027")
            page.get_by_role("button", name="Add action").click()
            expect(page.locator(SUCCESS)).to_be_visible()

    # The actions nobody owns yet, given to the authority's owner in one go.
    for authority in (SOUTH, GLOS):
        count = follow(page, authority, "unowned")
        assert count, f"the new actions of {authority} wait for an owner"
        change_all_matching(page, "Reassign or re-date", count)
        page.get_by_label("New owner").select_option(label=OWNER_OF[authority])
        page.get_by_role("button", name=re.compile(f"^Reassign or re-date {count} ")).click()
        expect(page.locator("main")).to_contain_text(f"given to {OWNER_OF[authority]}")

    # Evidence awaiting review: each accepted on its action's page.
    for authority in (SOUTH, GLOS):
        while follow(page, authority, "evidence"):
            open_first_row(page, "actions")
            review_first_pending(page, "Accept")

    # Overdue, due soon and at risk: finished with their evidence, taken out of the plan,
    # or the risk cleared.
    def action_page(title: str) -> None:
        page.goto(reverse("tracker:action-detail", args=[Action.objects.get(title=title).pk]))

    for title in (
        "Bring return home interviews into the missing and exploitation team",
        "Practice standard for recording management oversight, with a monthly dip sample",
    ):
        action_page(title)
        status = page.locator("form", has=page.get_by_role("button", name="Change status"))
        status.get_by_label("New status").select_option(label="Completed")
        status.get_by_role("button", name="Change status").click()
        expect(page.locator(SUCCESS)).to_contain_text("Status changed to completed")

    action_page("Weekly return home interview performance report to the missing children's panel")
    page.get_by_role("link", name="Cancel or supersede").click()
    page.get_by_label("Supersede it: another action replaces it").check()
    replacement = page.get_by_label("The action that replaces it (if superseding)")
    replacement.select_option(
        replacement.locator("option", has_text="Bring return home interviews").get_attribute(
            "value"
        )
    )
    page.get_by_label("Why?").fill("The team's own reporting replaces the weekly report.")
    page.get_by_role("button", name="Take it out of the plan").click()
    expect(page.locator(SUCCESS)).to_be_visible()

    action_page("Senior manager decision template in the case recording system")
    page.get_by_role("link", name="Cancel or supersede").click()
    page.get_by_label("Cancel it: it is no longer needed").check()
    page.get_by_label("Why?").fill("The new recording system has the template built in.")
    page.get_by_role("button", name="Take it out of the plan").click()
    expect(page.locator(SUCCESS)).to_be_visible()

    count = follow(page, SOUTH, "at_risk")
    assert count == 1
    open_first_row(page, "actions")
    page.get_by_role("button", name="Clear the at-risk flag").click()
    expect(page.locator(SUCCESS)).to_be_visible()

    left = waiting(page)
    assert left == {}, left
    expect(page.locator("section.app-attention")).to_contain_text(
        "Nothing needs your attention right now."
    )
    checker.assert_clean()
    # The same page again, so a checker of its own (one checker wants a title per page).
    empty = PageChecker()
    empty.check(page, "Dashboard with nothing waiting")
    empty.assert_clean()


def test_an_owner_sees_what_was_given_to_them_and_what_more_is_asked(demo, signed_in):
    owner = signed_in(OWNER)
    before = waiting(owner)
    new_line, more_line = (SOUTH, "mine_new"), (SOUTH, "mine_more")
    assert before[new_line][0] == 1 and more_line not in before, before

    # The manager gives the owner another action and asks for more on a piece of evidence.
    manager = signed_in(MANAGER)
    unplanned = follow(manager, SOUTH, "no_actions")
    assert unplanned
    open_first_row(manager, "findings")
    manager.get_by_role("link", name="Add an action").click()
    manager.get_by_label("Title").fill("Dip sample twenty plans a month")
    manager.get_by_label("Owner (optional)").select_option(label="Priya Shah")
    type_date(manager, "Deadline", "30", "6", "2027")
    manager.get_by_role("button", name="Add action").click()
    expect(manager.locator(SUCCESS)).to_be_visible()
    pending = follow(manager, SOUTH, "evidence")
    manager.get_by_role("link", name="Bring return home interviews into the missing").click()
    review_first_pending(manager, "Ask for more", "Add the panel's signed minutes, please.")

    after = waiting(owner)
    assert after[new_line][0] == 2
    assert after[more_line][0] == 1
    follow(owner, *more_line)
    owner.get_by_role("link", name="Bring return home interviews into the missing").click()
    expect(owner.locator("main")).to_contain_text("Add the panel's signed minutes, please.")
    note = owner.locator("form", has=owner.get_by_role("button", name="Add note"))
    note.get_by_label("Title (optional)").fill("Signed panel minutes")
    note.get_by_label("Note").fill(
        "Minutes of 12 November, signed by the chair, are in the folder."
    )
    note.get_by_role("button", name="Add note").click()
    expect(owner.locator(SUCCESS)).to_contain_text("Evidence added.")

    # The new evidence waits for the manager, and answers what was asked of the owner.
    assert waiting(manager)[(SOUTH, "evidence")][0] == pending
    assert more_line not in waiting(owner)


def test_a_manager_works_lines_off_by_keyboard_only(demo, signed_in):
    """Follow a line, confirm what it lists and come back to a smaller count, all with the
    keyboard: Tab to the link or button, Enter (or Space for a box) to use it."""
    page = signed_in(MANAGER)
    count, href = waiting(page)[(GLOS, "followups")]
    tab_to(page, lambda element: element["href"] == href, limit=200)
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(re.escape(href)))

    done = min(count, 2)
    for left in range(count - 1, count - 1 - done, -1):
        tab_to(page, lambda element: element["text"].startswith("Confirm verdict"), limit=200)
        page.keyboard.press("Enter")
        expect(page.locator(SUCCESS)).to_contain_text("Verdict recorded for")
        heading = page.get_by_role("heading", level=2).filter(has_text="to review")
        expect(heading).to_contain_text(f"{left} suggestion")
    assert waiting(page).get((GLOS, "followups"), (0,))[0] == count - done

    # A suggested finding, ticked on its list and confirmed there.
    suggested, href = waiting(page)[(SOUTH, "suggested")]
    tab_to(page, lambda element: element["href"] == href, limit=200)
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(re.escape(href)))
    tab_to(page, lambda element: element["name"] == "selected", limit=200)
    page.keyboard.press("Space")
    tab_to(page, lambda element: element["text"] == "Confirm selected", limit=200)
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_contain_text("1 finding")
    tab_to(page, lambda element: element["text"] == "Confirm 1 finding", limit=200)
    page.keyboard.press("Enter")
    expect(page.locator(SUCCESS)).to_contain_text("1 finding confirmed")
    assert waiting(page).get((SOUTH, "suggested"), (0,))[0] == suggested - 1
