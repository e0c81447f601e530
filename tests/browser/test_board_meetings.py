"""A manager records two board meetings, reads what changed since the first on the second's
page, and downloads the pack with the "Since the last board" sheet; the pack downloads again
unchanged. Every new page passes axe-core at desktop width and at 320 px."""

from __future__ import annotations

import datetime
from io import BytesIO
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook
from playwright.sync_api import expect

from tests.browser.conftest import MANAGER
from tracker.boards.models import BoardMeeting

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def record(page, title: str, day: datetime.date) -> None:
    page.get_by_label("Title").fill(title)
    page.get_by_label("Day").fill(str(day.day))
    page.get_by_label("Month").fill(str(day.month))
    page.get_by_label("Year").fill(str(day.year))
    page.get_by_label("South Gloucestershire").check()
    page.get_by_role("button", name="Save the meeting").click()


def test_record_board_meetings_and_download_the_since_the_last_board_pack(demo, signed_in, checker):
    today = timezone.localdate()
    page = signed_in(MANAGER)
    page.goto(reverse("tracker:dashboard"))
    page.get_by_role("link", name="Board meetings").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Board meetings")
    checker.check(page, "board meetings, none yet")

    page.get_by_role("link", name="Record a board meeting").click()
    page.get_by_role("button", name="Save the meeting").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Choose at least one authority")
    checker.check(page, "board meeting form with errors")
    assert not BoardMeeting.objects.exists()

    record(page, "Improvement board", today - datetime.timedelta(days=28))
    expect(page.get_by_role("heading", level=1)).to_contain_text("Improvement board")
    page.get_by_role("link", name="Board meetings").click()
    page.get_by_role("link", name="Record a board meeting").click()
    record(page, "Improvement board (next)", today)

    expect(page.get_by_role("heading", name="Since the last board")).to_be_visible()
    expect(page.get_by_text("From the end of")).to_be_visible()
    expect(page.get_by_role("table", name="RAG direction of every action")).to_be_visible()
    checker.check(page, "board meeting, since the last board")

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download the pack with what changed").click()
    download = download_info.value
    assert "-since-" in download.suggested_filename
    first = Path(download.path()).read_bytes()
    workbook = load_workbook(BytesIO(first))
    assert workbook.sheetnames[:3] == ["Summary", "Since the last board", "Action plan"]
    page.reload()
    expect(page.get_by_text("it downloads unchanged")).to_be_visible()
    with page.expect_download() as again:
        page.get_by_role("link", name="Download the pack with what changed").click()
    assert Path(again.value.path()).read_bytes() == first

    page.get_by_role("link", name="Board meetings").click()
    expect(page.get_by_role("table")).to_contain_text("Kept")
    checker.assert_clean()
