"""A manager narrows the actions list, sorts it, pages through it and bookmarks the view."""

from __future__ import annotations

import datetime
import re
from io import BytesIO
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook
from playwright.sync_api import expect

from tests.browser.conftest import MANAGER, OWNER
from tests.factories import ActionFactory
from tracker.models import Action
from tracker.statuses import Status

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

EXTRA = 30  # with the demo plan's own, more than one page of 25


@pytest.fixture
def long_plan(demo):
    owner = get_user_model().objects.get(username=OWNER)
    manager = get_user_model().objects.get(username=MANAGER)
    finding = Action.objects.filter(owner=owner).first().finding
    today = timezone.localdate()
    for n in range(1, EXTRA + 1):
        ActionFactory(
            finding=finding,
            owner=owner,
            created_by=manager,
            title=f"Extra action {n:02d}",
            status=Status.IN_PROGRESS,
            deadline=today + datetime.timedelta(days=40 + n),
        )
    return demo


def column(page, name: str) -> list[str]:
    """The cells under the heading ``name``, wherever the table puts that column."""
    # A sortable heading also says, to screen readers, how a click sorts it.
    headings = [h.split(",")[0].strip() for h in page.locator("table thead th").all_inner_texts()]
    index = headings.index(name) + 1
    return page.locator(f"table tbody tr td:nth-child({index})").all_inner_texts()


def apply_filters(page) -> None:
    page.get_by_role("button", name="Apply filters").click()
    page.wait_for_load_state("load")


def test_filter_sort_page_and_bookmark(long_plan, signed_in):
    page = signed_in(MANAGER)
    page.goto(reverse("tracker:action-list"))
    total = Action.objects.count()
    expect(page.locator("caption")).to_contain_text(f"({total} in all)")
    expect(page.locator("table tbody tr")).to_have_count(25)

    page.get_by_label("Status").select_option(label="In progress")
    apply_filters(page)
    assert set(column(page, "Status")) == {"In progress"}

    owner = get_user_model().objects.get(username=OWNER)
    page.get_by_label("Owner").select_option(value=str(owner.pk))
    apply_filters(page)
    assert set(column(page, "Owner")) == {"Priya Shah"}

    page.get_by_label("RAG rating").select_option(label="Green")
    apply_filters(page)
    assert set(column(page, "RAG")) == {"Green"}

    page.get_by_label("Search").fill("extra action")
    apply_filters(page)
    expect(page.locator("caption")).to_contain_text(f"({EXTRA} in all)")
    assert all(title.startswith("Extra action") for title in column(page, "Action"))

    # Sort by deadline, soonest first, then latest first.
    deadline = page.locator("th", has_text="Deadline")
    deadline.get_by_role("link").click()
    expect(deadline).to_have_attribute("aria-sort", "ascending")
    assert column(page, "Action")[:3] == ["Extra action 01", "Extra action 02", "Extra action 03"]
    deadline.get_by_role("link").click()
    expect(deadline).to_have_attribute("aria-sort", "descending")
    assert column(page, "Action")[0] == f"Extra action {EXTRA}"

    # Page 2 keeps the filters and the order.
    page.get_by_role("navigation", name=re.compile("Pages of")).get_by_role(
        "link", name="Next"
    ).click()
    expect(page.get_by_role("link", name="Page 2")).to_have_attribute("aria-current", "page")
    second_page = column(page, "Action")
    assert second_page == [f"Extra action {n:02d}" for n in range(EXTRA - 25, 0, -1)]

    # A bookmark brings back exactly this view.
    bookmark = page.url
    again = page.context.new_page()
    again.goto(bookmark)
    assert column(again, "Action") == second_page
    assert again.get_by_label("Search").input_value() == "extra action"
    expect(again.get_by_label("Status")).to_have_value("in_progress")
    expect(again.get_by_label("RAG rating")).to_have_value("green")
    expect(again.locator("th", has_text="Deadline")).to_have_attribute("aria-sort", "descending")

    # The same selection as a board pack: a workbook of exactly these actions.
    with again.expect_download() as download_info:
        again.get_by_role("link", name="Download these actions as a board pack (Excel)").click()
    workbook = load_workbook(BytesIO(Path(download_info.value.path()).read_bytes()))
    cells = {str(c) for ws in workbook for row in ws.iter_rows(values_only=True) for c in row}
    titles = {f"Extra action {n:02d}" for n in range(1, EXTRA + 1)}
    assert titles <= cells
    assert (
        "Weekly return home interview performance report to the missing children's panel"
        not in cells
    )
