"""The plan import pages: upload, columns, decisions, confirm; managers only."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tracker.models import Action
from tracker.plans.models import PlanImport

pytestmark = pytest.mark.django_db


def _upload(client, authority, data, name="plan.xlsx"):
    return client.post(
        reverse("tracker:plan-import-start"),
        {"authority": authority.pk, "file": SimpleUploadedFile(name, data)},
    )


def test_manager_imports_a_plan_through_the_pages(
    client, manager, owner, other_owner, authority, plan_a, findings
):
    client.force_login(manager)
    response = _upload(client, authority, plan_a)
    assert response.status_code == 302
    columns_url = response["Location"]
    page = client.get(columns_url)
    assert page.status_code == 200
    body = page.content.decode()
    assert "The first rows as they will be read" in body
    assert "Commission a new return home interview service" in body
    review_url = re.search(r'href="([^"]+/review/\?[^"]+)"', body).group(1).replace("&amp;", "&")

    review = client.get(review_url)
    text = review.content.decode()
    assert "Owners not found" in text and "Pat Jones (interim)" in text
    assert "Findings to confirm" not in text

    refused = client.post(review_url, {})
    assert refused.status_code == 400
    assert "Choose who owns the actions of" in refused.content.decode()
    assert not Action.objects.exists()

    done = client.post(review_url, {"owner_0": str(other_owner.pk)})
    assert done.status_code == 302
    assert Action.objects.count() == 4
    assert PlanImport.objects.get().imported_by == manager
    # The kept upload is gone once imported.
    assert client.get(columns_url).status_code == 404


def test_columns_can_be_changed_and_missing_ones_are_asked_for(
    client, manager, authority, plan_a, findings
):
    client.force_login(manager)
    columns_url = _upload(client, authority, plan_a)["Location"]
    page = client.get(
        columns_url, {"sheet": "Improvement plan", "header_row": "3", "col_action": "2"}
    )
    assert page.status_code == 400
    assert "Choose the columns that hold the action and the Ofsted finding" in page.content.decode()
    page = client.get(columns_url, {"header_row": "x"})
    assert page.status_code == 400
    assert "Enter the row number" in page.content.decode()


def test_bad_files_and_people_who_may_not_import(client, manager, owner, authority):
    client.force_login(manager)
    response = _upload(client, authority, b"%PDF-1.4", name="plan.pdf")
    assert response.status_code == 400
    assert "must be an Excel workbook (.xlsx) or a CSV file" in response.content.decode()
    columns_url = _upload(client, authority, b"junk", name="plan.xlsx")["Location"]
    page = client.get(columns_url)
    assert page.status_code == 400
    assert "not an Excel workbook that can be read" in page.content.decode()

    client.force_login(owner)
    assert client.get(reverse("tracker:plan-import-start")).status_code == 403
    # Someone else's upload does not exist for them.
    assert client.get(columns_url).status_code in (403, 404)
