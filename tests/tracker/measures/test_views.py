"""Measure pages: add one to a finding, record values, upload a CSV, see it on the board."""

import io
from datetime import date
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from tracker.board_pack import write_board_pack
from tracker.measures.models import Measure, MeasureValue
from tracker.measures.services import measure_value_set

pytestmark = pytest.mark.django_db

GOOD = {
    "name": "Return home interviews within 72 hours",
    "unit": "%",
    "higher_is_better": "yes",
    "baseline_value": "38",
    "baseline_date_day": "31",
    "baseline_date_month": "3",
    "baseline_date_year": "2025",
    "target_value": "80",
    "target_date_day": "31",
    "target_date_month": "12",
    "target_date_year": "2025",
    "source": "Monthly report",
}


def test_manager_adds_a_measure_with_govuk_date_inputs(client, manager, finding):
    client.force_login(manager)
    url = reverse("tracker:measure-create", args=[finding.pk])
    page = client.get(url)
    assert 'name="baseline_date_day"' in page.content.decode()
    bad = client.post(url, {**GOOD, "target_date_month": "", "baseline_value": "lots"})
    assert bad.status_code == 400
    body = bad.content.decode()
    assert "Target date must include a month" in body
    assert "&#x27;lots&#x27; is not a number" in body
    assert 'href="#id_target_date_day"' in body
    assert not Measure.objects.exists()
    done = client.post(url, GOOD)
    measure = Measure.objects.get()
    assert done["Location"] == reverse("tracker:measure-detail", args=[measure.pk])
    assert (measure.baseline_date, measure.target_value) == (date(2025, 3, 31), Decimal("80"))


def test_measure_page_shows_chart_table_and_records_a_value(client, owner, measure, finding):
    client.force_login(owner)
    url = reverse("tracker:measure-detail", args=[measure.pk])
    done = client.post(url, {"month_month": "4", "month_year": "2025", "value": "41"})
    assert done.status_code == 302
    page = client.get(url).content.decode()
    assert '<svg xmlns="http://www.w3.org/2000/svg"' in page
    assert "Values by month" in page and "April 2025" in page
    finding_page = client.get(reverse("tracker:finding-detail", args=[finding.pk])).content
    assert b"Measures of impact" in finding_page and measure.name.encode() in finding_page
    bad = client.post(url, {"month_month": "13", "month_year": "2025", "value": "41"})
    assert bad.status_code == 400
    assert "Month must be a real date" in bad.content.decode()


def test_upload_page_lists_every_problem(client, owner, measure):
    client.force_login(owner)
    data = f"measure,month,value\nM{measure.pk},4/2025,x\nNope,4/2025,1\n".encode()
    page = client.post(
        reverse("tracker:measure-upload"), {"file": SimpleUploadedFile("m.csv", data)}
    )
    assert page.status_code == 400
    body = page.content.decode()
    assert "Nothing was saved: 2 lines of the file have problems." in body
    assert "Line 3: there is no measure called &#x27;Nope&#x27;" in body
    assert not MeasureValue.objects.exists()


def test_viewer_sees_measures_but_cannot_add_or_record(client, viewer, measure, finding):
    client.force_login(viewer)
    assert client.get(reverse("tracker:measure-list")).status_code == 200
    assert client.get(reverse("tracker:measure-create", args=[finding.pk])).status_code == 403
    url = reverse("tracker:measure-detail", args=[measure.pk])
    assert (
        client.post(url, {"month_month": "4", "month_year": "2025", "value": "1"}).status_code
        == 403
    )


def test_other_authorities_measures_do_not_exist(client, outsider_other_authority, measure):
    client.force_login(outsider_other_authority)
    assert client.get(reverse("tracker:measure-detail", args=[measure.pk])).status_code == 404


def test_dashboard_counts_measures_off_track(client, manager, owner, measure):
    measure_value_set(measure=measure, user=owner, month=date(2025, 6, 1), value=Decimal("10"))
    client.force_login(manager)
    assert (
        "1 measure of impact is off track"
        in client.get(reverse("tracker:dashboard")).content.decode()
    )


def test_board_pack_has_a_measures_sheet_with_the_last_six_values(
    manager, owner, measure, authority
):
    for month, value in enumerate([40, 42, 45, 47, 50, 55, 58], start=4):
        measure_value_set(
            measure=measure, user=owner, month=date(2025, month, 1), value=Decimal(value)
        )
    out = io.BytesIO()
    write_board_pack(out, user=manager, authority=authority)
    wb = load_workbook(io.BytesIO(out.getvalue()))
    ws = wb["Measures"]
    rows = [[c for c in row if c is not None] for row in ws.iter_rows(values_only=True)]
    assert rows[2][0] == f"M{measure.pk} {measure.name}"
    assert rows[3][:2] == ["Baseline", 38]
    assert rows[5] == ["Value", 42, 45, 47, 50, 55, 58]
    assert rows[6][0] == "Trajectory"
    assert len(ws._charts) == 1
