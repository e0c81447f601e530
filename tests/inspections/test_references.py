import datetime
from types import SimpleNamespace

import pytest
from django.core.management import call_command

from inspections.models import Document
from inspections.references import label_date, reference_label
from tests.conftest import SEEDS_DIR

pytestmark = pytest.mark.django_db


def test_two_documents_in_one_year_get_distinct_stable_references(capsys):
    call_command("import_reports", str(SEEDS_DIR))

    labels = {
        (d.authority.code, d.visit_start.isoformat()): d.reference_label
        for d in Document.objects.select_related("authority")
    }
    # South Gloucestershire had two monitoring visits in 2018: the earlier one keeps the plain year.
    assert labels[("SG", "2018-05-22")] == "2018"
    assert labels[("SG", "2018-10-24")] == "2018b"
    assert labels[("SG", "2024-06-03")] == "2024"
    references = [
        f.reference
        for d in Document.objects.select_related("authority").prefetch_related("findings")
        for f in d.findings.all()
    ]
    assert len(references) == len(set(references))


def test_the_label_is_the_year_with_a_letter_for_each_further_document_that_year():
    when = datetime.date(2018, 10, 24)

    assert reference_label(when, taken=()) == "2018"
    assert reference_label(when, taken={"2018"}) == "2018b"
    assert reference_label(when, taken={"2018", "2018b", "2017"}) == "2018c"
    assert reference_label(None, taken={"2018"}) == ""


def test_the_label_year_comes_from_the_visit_end_first():
    report = SimpleNamespace(
        visit_end=datetime.date(2019, 1, 2),
        visit_start=datetime.date(2018, 12, 31),
        letter_date=None,
        published_date=datetime.date(2019, 2, 1),
    )

    assert label_date(report) == datetime.date(2019, 1, 2)
    assert label_date(SimpleNamespace(**{**vars(report), "visit_end": None})) == report.visit_start
