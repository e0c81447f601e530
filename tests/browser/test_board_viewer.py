"""A board viewer opens the across-visits view and downloads the board pack."""

from __future__ import annotations

import re
from io import BytesIO
from pathlib import Path

import pytest
from django.urls import reverse
from openpyxl import load_workbook
from playwright.sync_api import expect

from inspections.models import LocalAuthority
from tests.browser.conftest import VIEWER

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ACROSS_VISITS = reverse("tracker:across-visits-choose")


def test_viewer_reads_across_visits_and_downloads_the_board_pack(demo, signed_in, checker):
    authority = LocalAuthority.objects.get(name="Gloucestershire")
    page = signed_in(VIEWER)
    page.goto(ACROSS_VISITS)
    checker.check(page, "viewer across-visits choose")
    page.get_by_role("link", name=re.compile(r"^Gloucestershire\b")).click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Across visits")
    expect(page.locator("table caption").first).to_be_visible()
    checker.check(page, "viewer across-visits")
    checker.assert_clean()

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download the board pack (Excel)").click()
    download = download_info.value
    assert download.suggested_filename.endswith(".xlsx")
    assert authority.name.lower().split()[0] in download.suggested_filename.lower()
    workbook = load_workbook(BytesIO(Path(download.path()).read_bytes()), read_only=True)
    assert len(workbook.sheetnames) >= 2
    summary = workbook[workbook.sheetnames[0]]
    text = " ".join(str(c) for row in summary.iter_rows(values_only=True) for c in row if c)
    assert "Gloucestershire" in text
