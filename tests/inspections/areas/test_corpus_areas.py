"""A real report that cites the National Framework: its items' areas come from it."""

from __future__ import annotations

import os

import pytest
from django.core.management import call_command

from inspections.models import Finding
from tests.conftest import CORPUS_DIR

WEST_BERKSHIRE = CORPUS_DIR / "80577-west-berkshire-inspection-28-october-2025.pdf"
HELP = "The experiences and progress of children who need help and protection"

pytestmark = [
    pytest.mark.django_db,
    # In CI a missing corpus is a failure, never a quiet skip.
    pytest.mark.skipif(
        not WEST_BERKSHIRE.exists() and not os.environ.get("CI"),
        reason=f"the Ofsted corpus is not available at {CORPUS_DIR}",
    ),
]


def test_outcomes_1_and_3_place_west_berkshires_items_in_help_and_protection():
    call_command("import_reports", str(WEST_BERKSHIRE), verbosity=0)

    findings = Finding.objects.filter(source_list="what_needs_to_improve").order_by("order")
    got = [
        (
            f.framework_kind,
            f.framework_number,
            f.area.judgement_area.name,
            f.area.reason.split(" (")[0],
        )
        for f in findings.select_related("area__judgement_area")
    ]
    assert got == [
        ("outcome", 1, HELP, "Suggested from the National Framework outcome 1"),
        ("outcome", 3, HELP, "Suggested from the National Framework outcome 3"),
        ("outcome", 1, HELP, "Suggested from the National Framework outcome 1"),
    ]
