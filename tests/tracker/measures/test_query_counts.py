"""The new list pages keep a query count that does not grow with rows."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import FindingFactory
from tests.tracker.plans.conftest import csv_bytes
from tracker.measures.models import Measure, MeasureValue

pytestmark = pytest.mark.django_db


def _measures(finding, n):
    for i in range(n):
        m = Measure.objects.create(
            finding=finding,
            name=f"Measure {i}",
            baseline_value=Decimal(10),
            baseline_date=date(2025, 1, 31),
            target_value=Decimal(50),
            target_date=date(2025, 12, 31),
        )
        MeasureValue.objects.bulk_create(
            MeasureValue(measure=m, month=date(2025, month, 1), value=Decimal(month * 3))
            for month in range(2, 8)
        )


def _count(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def test_measure_list_and_dashboard_do_not_grow_with_measures(client, manager, finding):
    client.force_login(manager)
    counts = []
    for n in (2, 40):
        Measure.objects.all().delete()
        _measures(finding, n)
        counts.append(
            (
                _count(client, reverse("tracker:measure-list")),
                _count(client, reverse("tracker:finding-detail", args=[finding.pk])),
            )
        )
    assert counts[0] == counts[1]


def test_plan_review_page_does_not_grow_with_rows(client, manager, authority, owner):
    findings = [FindingFactory(document__authority=authority) for _ in range(3)]
    client.force_login(manager)
    counts = []
    for n in (10, 300):
        rows = [["Reference", "Action", "Owner", "Deadline", "Status"]] + [
            [findings[i % 3].reference, f"Action {i}", "Olu Owner", "31/03/2099", "On track"]
            for i in range(n)
        ]
        upload = client.post(
            reverse("tracker:plan-import-start"),
            {"authority": authority.pk, "file": SimpleUploadedFile("p.csv", csv_bytes(rows))},
        )
        token = upload["Location"].rstrip("/").rsplit("/", 1)[-1]
        counts.append(_count(client, reverse("tracker:plan-import-review", args=[token])))
    assert counts[0] == counts[1]
