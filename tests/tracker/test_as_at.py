"""How our plan stood on a past day, and keeping the answer once the day is over."""

import datetime

import pytest
import time_machine

from tests.factories import ActionFactory, FindingFactory
from tracker import as_at, services
from tracker.models import SettledStatus
from tracker.statuses import Rag, Status

pytestmark = pytest.mark.django_db

JAN_10 = datetime.date(2025, 1, 10)
FEB_10 = datetime.date(2025, 2, 10)
TODAY = datetime.date(2025, 3, 1)


def noon(day):
    return datetime.datetime.combine(day, datetime.time(12), tzinfo=datetime.UTC)


@pytest.fixture
def finding(manager, authority):
    finding = FindingFactory(document__authority=authority)
    with time_machine.travel(noon(datetime.date(2025, 1, 5)), tick=False):
        action = ActionFactory(finding=finding, deadline=datetime.date(2025, 6, 1))
        ActionFactory(finding=finding, deadline=datetime.date(2025, 1, 31))
    with time_machine.travel(noon(datetime.date(2025, 2, 1)), tick=False):
        services.action_transition(
            action=action, user=manager, new_status=Status.IN_PROGRESS, expected_version=1
        )
    return finding


def test_works_out_each_finding_and_day_and_keeps_nothing(finding):
    unplanned = FindingFactory()
    pairs = [(finding.pk, day) for day in (JAN_10, FEB_10, TODAY)] + [(unplanned.pk, JAN_10)]

    found = as_at.our_statuses_then(pairs)

    assert found[(finding.pk, JAN_10)].summary == "2 not started"
    assert found[(finding.pk, FEB_10)].summary == "1 not started, 1 in progress"
    assert found[(finding.pk, FEB_10)].rag == Rag.RED  # the second action was due on 31 January
    assert found[(unplanned.pk, JAN_10)].summary == "No actions yet"
    assert not SettledStatus.objects.exists()


def test_many_findings_are_read_in_batches(finding, monkeypatch, django_assert_num_queries):
    monkeypatch.setattr(as_at, "BATCH", 1)
    other = FindingFactory()

    with django_assert_num_queries(2):  # a history read per batch
        found = as_at.our_statuses_then([(finding.pk, JAN_10), (other.pk, JAN_10)])

    assert found[(finding.pk, JAN_10)].total == 2 and found[(other.pk, JAN_10)].total == 0


def kept(finding, on, counts, rules=None):
    return SettledStatus.objects.create(
        finding=finding,
        on=on,
        rag="blue",
        counts=counts,
        claims_progress=True,
        rules=as_at.rules_now() if rules is None else rules,
    )


def test_statuses_at_visits_reads_what_is_kept_and_works_out_the_rest(
    finding, django_assert_num_queries
):
    # Not what the history says, to show that the answer below was read, not worked out.
    kept(finding, JAN_10, {"verified": 9})
    pairs = [(finding.pk, JAN_10), (finding.pk, FEB_10)]
    rows = SettledStatus.objects.filter(finding=finding)

    with django_assert_num_queries(2):  # the kept rows; the history of the rest
        found = as_at.statuses_at_visits(pairs, kept=rows, today=TODAY)

    assert found[(finding.pk, JAN_10)].summary == "9 verified"
    assert found[(finding.pk, FEB_10)].summary == "1 not started, 1 in progress"
    assert SettledStatus.objects.count() == 1  # reading keeps nothing
    with django_assert_num_queries(0):
        assert as_at.statuses_at_visits([], kept=rows, today=TODAY) == {}


def test_a_status_kept_under_other_rag_settings_is_worked_out_again(finding, settings):
    """Kept with a 14-day amber window, read with a 30-day one: on 10 January the action due
    on 31 January was green under the first and is amber under the second."""
    settings.RAG_AMBER_WITHIN_DAYS = 14
    kept(finding, JAN_10, {"not_started": 2})
    settings.RAG_AMBER_WITHIN_DAYS = 30

    found = as_at.statuses_at_visits(
        [(finding.pk, JAN_10)], kept=SettledStatus.objects.all(), today=TODAY
    )

    assert found[(finding.pk, JAN_10)].rag == Rag.AMBER  # due 31 January: within 30 days
    assert found[(finding.pk, JAN_10)].summary == "2 not started"
