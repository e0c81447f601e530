import pytest
from django.core.management import call_command

from inspections.models import Document
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
