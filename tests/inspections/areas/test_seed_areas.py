"""Acceptance: after importing the seeds every finding has a suggested judgement area of
its document's framework era, and the improvement items are where a reader of the
reports puts them."""

import pytest
from django.core.management import call_command

from inspections.models import AreaState, Finding, SourceList
from tests.conftest import SEEDS_DIR

LEADERS = "The impact of leaders on social work practice with children and families"
HELP = "The experiences and progress of children who need help and protection"
IN_CARE = "The experiences and progress of children in care"
LEAVERS = "The experiences and progress of care leavers"
IN_CARE_AND_LEAVERS = "The experiences and progress of children in care and care leavers"

# Read from the reports: 003's return home interviews are discussed with children missing
# from home or care under help and protection (paragraph 17); its two care-leaver items
# under care leavers; oversight informed by performance information under leaders. 004's
# senior management oversight on children's files is leaders' recording; children placed
# on remand are looked after.
EXPECTED = {
    ("003", 1): HELP,
    ("003", 2): LEAVERS,
    ("003", 3): LEAVERS,
    ("003", 4): LEADERS,
    ("004", 1): LEADERS,
    ("004", 2): IN_CARE,
}


@pytest.fixture
def seeds(db):
    call_command("import_reports", str(SEEDS_DIR), verbosity=0)
    return {path.name[:3]: path.name for path in SEEDS_DIR.glob("*.txt")}


def _findings(filename):
    return (
        Finding.objects.filter(document__source_filename=filename)
        .select_related("area__judgement_area__era", "document")
        .order_by("order")
    )


def test_every_seed_finding_has_a_suggested_area_of_its_era(seeds):
    findings = list(Finding.objects.select_related("area__judgement_area__era", "document"))
    kinds = [f.document.kind for f in findings]
    assert (kinds.count("ilacs"), kinds.count("focused_visit")) == (4, 2)
    assert kinds.count("monitoring_visit") == len(findings) - 6 > 0
    for finding in findings:
        area = finding.area
        assert area.state == AreaState.SUGGESTED, finding
        assert area.reason.startswith("Suggested from "), area.reason
        assert not area.judgement_area.summary
        day = finding.document.visit_start
        era = area.judgement_area.era
        assert era.starts <= day and (era.ends is None or day <= era.ends)


def test_improvement_items_are_in_the_area_a_reader_chooses(seeds):
    got = {}
    for seed, order in EXPECTED:
        finding = _findings(seeds[seed]).get(order=order)
        assert finding.source_list == SourceList.WHAT_NEEDS_TO_IMPROVE
        got[(seed, order)] = finding.area.judgement_area.name
    assert got == EXPECTED


def test_monitoring_visits_of_2018_and_2019_use_the_one_care_judgement(seeds):
    # Before 2023 children in care and care leavers were judged together; 000 looked at
    # care leavers, so most of what it covered is in that one judgement.
    findings = Finding.objects.filter(
        document__source_filename__in=[seeds["000"], seeds["001"], seeds["002"]]
    )
    assert {f.area.judgement_area.era.code for f in findings} == {"ilacs-2018"}
    covered = _findings(seeds["000"]).filter(source_list=SourceList.AREAS_COVERED)
    names = [f.area.judgement_area.name for f in covered]
    assert names.count(IN_CARE_AND_LEAVERS) == 4, names
    assert names[4] == LEADERS  # management oversight, challenge and staff supervision
