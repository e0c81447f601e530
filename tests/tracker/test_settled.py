"""Keeping our status at past visits: only the service and its command write the rows."""

import datetime

import pytest
import time_machine
from django.core.management import call_command

from tests.factories import ActionFactory, DocumentFactory, FindingFactory, UserFactory
from tests.tracker.test_as_at import TODAY, noon
from tracker import as_at
from tracker.models import SettledStatus
from tracker.settled import settled_statuses_forget, settled_statuses_keep, visit_days
from tracker.statuses import Rag

pytestmark = pytest.mark.django_db

FIRST = datetime.date(2025, 1, 6)
LATER = datetime.date(2025, 2, 10)
LAST = datetime.date(2025, 4, 1)


@pytest.fixture
def finding(authority):
    document = DocumentFactory(authority=authority, visit_start=FIRST, visit_end=FIRST)
    finding = FindingFactory(document=document)
    for on in (LATER, LAST):
        DocumentFactory(authority=authority, visit_start=on, visit_end=on)
    DocumentFactory(visit_start=LATER, visit_end=LATER)  # another authority's
    with time_machine.travel(noon(FIRST), tick=False):
        ActionFactory(finding=finding, deadline=datetime.date(2025, 2, 20), owner=UserFactory())
    return finding


def test_the_days_to_keep_are_later_visits_of_the_authority_that_are_over(finding):
    assert visit_days(today=TODAY) == {(finding.pk, LATER)}


def test_keeps_each_past_visit_once_with_the_rules_it_was_worked_out_under(finding, settings):
    settings.RAG_AMBER_WITHIN_DAYS = 14

    assert settled_statuses_keep(today=TODAY) == 1
    assert settled_statuses_keep(today=TODAY) == 0  # already kept

    row = SettledStatus.objects.get()
    assert (row.finding, row.on, row.rag, row.rules) == (
        finding,
        LATER,
        Rag.AMBER,
        "amber_within_days=14;unowned=amber",
    )


def test_rows_kept_under_other_rag_settings_are_replaced(finding, settings):
    settings.RAG_AMBER_WITHIN_DAYS = 14
    settled_statuses_keep(today=TODAY)
    settings.RAG_AMBER_WITHIN_DAYS = 5

    assert settled_statuses_keep(today=TODAY) == 1

    row = SettledStatus.objects.get()
    assert (row.rag, row.rules) == (Rag.GREEN, as_at.rules_now())  # due in ten days


def test_the_command_keeps_what_is_over(finding, capsys):
    with time_machine.travel(noon(TODAY), tick=False):
        call_command("keep_settled_statuses")

    assert SettledStatus.objects.filter(finding=finding, on=LATER).exists()
    assert "Kept 1 status(es)" in capsys.readouterr().out


def test_forgetting_drops_only_the_findings_named(finding):
    other = FindingFactory(document=finding.document)
    settled_statuses_keep(today=TODAY)

    settled_statuses_forget([finding.pk])

    assert list(SettledStatus.objects.values_list("finding_id", flat=True)) == [other.pk]
