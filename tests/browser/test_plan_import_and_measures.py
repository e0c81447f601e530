"""A manager imports the council's plan spreadsheet, resolving an owner who is not a user
and a finding named in the council's own words; adds a measure with a baseline, a target
and three monthly values; and downloads the board pack with its Measures sheet. Every new
page passes axe-core at desktop width and at 320 px, and the value form works by keyboard."""

from __future__ import annotations

import re
from io import BytesIO
from pathlib import Path

import pytest
from django.urls import reverse
from openpyxl import load_workbook
from playwright.sync_api import expect

from inspections.models import Finding, FindingState
from tests.browser.conftest import MANAGER, tab_to
from tests.tracker.plans.conftest import xlsx
from tracker.measures.models import Measure, MeasureValue
from tracker.models import Action

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _plan(first: Finding, second: Finding) -> bytes:
    return xlsx(
        {
            "Plan": [
                ["South Gloucestershire improvement plan"],
                [],
                ["Reference", "Finding", "Action", "Owner", "Deadline", "Status"],
                [
                    first.reference,
                    None,
                    "Audit return home interviews monthly",
                    "Priya Shah",
                    "31/03/2027",
                    "On track",
                ],
                [
                    second.reference,
                    None,
                    "Refresh the duty rota",
                    "Jamie Interim",
                    "March 2027",
                    "Not started",
                ],
                [
                    None,
                    "Weekly huddles so the duty team shares learning",
                    "Hold weekly duty huddles",
                    "owner@example.gov.uk",
                    "30.6.27",
                    "Slipped",
                ],
            ]
        },
        merges={"Plan": ["A1:F1"]},
    )


def test_import_a_plan_then_measure_its_impact(demo, signed_in, checker):
    findings = list(
        Finding.objects.filter(
            state=FindingState.CONFIRMED, document__authority__name="South Gloucestershire"
        ).order_by("pk")[:3]
    )
    before = Action.objects.count()
    page = signed_in(MANAGER)
    page.goto(reverse("tracker:dashboard"))
    page.get_by_role("link", name="Import a plan from a spreadsheet").click()
    checker.check(page, "plan import upload")
    page.get_by_label("Authority").select_option(label="South Gloucestershire")
    page.get_by_label("Upload the plan").set_input_files(
        files=[
            {
                "name": "our-plan.xlsx",
                "mimeType": "application/octet-stream",
                "buffer": _plan(findings[0], findings[1]),
            }
        ]
    )
    page.get_by_role("button", name="Upload and continue").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Choose the plan's columns")
    expect(page.get_by_label("Row with the column headings")).to_have_value("3")
    expect(page.locator("table")).to_contain_text("Audit return home interviews monthly")
    checker.check(page, "plan import columns")
    page.get_by_role("link", name="Continue to check the matches").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Check and confirm the plan import")
    checker.check(page, "plan import review")
    page.get_by_role("button", name="Confirm and import").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Choose who owns the actions of")
    assert Action.objects.count() == before

    page.get_by_label('"Jamie Interim"').select_option(label="Sam Okafor")
    page.get_by_label('"Weekly huddles so the duty team shares learning"').select_option(
        value=str(findings[2].pk)
    )
    page.get_by_role("button", name="Confirm and import").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(
        "Plan imported: 3 actions added"
    )
    huddles = Action.objects.get(title="Hold weekly duty huddles")
    assert (huddles.finding, huddles.at_risk) == (findings[2], True)
    assert Action.objects.get(title="Refresh the duty rota").owner.first_name == "Sam"

    page.goto(reverse("tracker:finding-detail", args=[findings[0].pk]))
    page.get_by_role("link", name="Add a measure").click()
    page.get_by_label("Name").fill("Return home interviews within 72 hours")
    page.get_by_label("Unit (optional)").fill("%")
    page.get_by_label("Higher is better").check()
    page.get_by_label("Baseline value").fill("38")
    for part, value in (("day", "31"), ("month", "3"), ("year", "2025")):
        page.locator(f"#id_baseline_date_{part}").fill(value)
    page.get_by_label("Target value").fill("80")
    page.locator("#id_target_date_day").fill("31")
    page.locator("#id_target_date_year").fill("2025")
    page.get_by_role("button", name="Add measure").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "Target date must include a month, for example 31 3 2025"
    )
    checker.check(page, "measure form with errors")
    page.locator(".govuk-error-summary").get_by_role("link", name=re.compile("Target date")).click()
    expect(page.locator("#id_target_date_day")).to_be_focused()
    page.locator("#id_target_date_month").fill("12")
    page.get_by_role("button", name="Add measure").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Return home interviews within 72 hours"
    )

    for month, value in (("4", "41"), ("5", "47")):
        page.locator("#id_month_month").fill(month)
        page.locator("#id_month_year").fill("2025")
        page.get_by_label("Value", exact=True).fill(value)
        page.get_by_role("button", name="Save value").click()
        expect(page.locator(".govuk-notification-banner--success")).to_contain_text("saved")
    # The third by keyboard alone.
    page.locator("#id_month_month").focus()
    page.keyboard.type("6")
    tab_to(page, lambda el: el["id"] == "id_month_year")
    page.keyboard.type("2025")
    tab_to(page, lambda el: el["id"] == "id_value")
    page.keyboard.type("55")
    tab_to(page, lambda el: el["tag"] == "button" and "Save value" in el["text"])
    page.keyboard.press("Enter")
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("June 2025")
    expect(page.locator("svg[role=img] title")).to_have_text(
        "Return home interviews within 72 hours"
    )
    expect(page.locator("table")).to_contain_text("June 2025")
    checker.check(page, "measure page")
    measure = Measure.objects.get()
    assert MeasureValue.objects.filter(measure=measure).count() == 3

    page.goto(reverse("tracker:measure-list"))
    checker.check(page, "measure list")
    page.get_by_role("link", name="Upload a month's values as a CSV file").click()
    checker.check(page, "measure upload")

    page.goto(reverse("tracker:dashboard"))
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download the board pack (Excel)").click()
    workbook = load_workbook(BytesIO(Path(download_info.value.path()).read_bytes()))
    sheet = workbook["Measures"]
    values = [c for row in sheet.iter_rows(values_only=True) for c in row if c is not None]
    assert f"M{measure.pk} Return home interviews within 72 hours" in values
    assert [v for v in values if v in (41, 47, 55)] == [41, 47, 55]
    checker.assert_clean()
