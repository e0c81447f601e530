"""How our plan stood on a past day, and keeping the answer once the day is over."""

import datetime

import pytest
import time_machine

from tests.factories import ActionFactory, FindingFactory
from tracker import as_at, services
from tracker.models import Rag, SettledStatus, Status

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


def test_works_out_each_finding_and_day_and_keeps_the_days_that_are_over(finding):
    unplanned = FindingFactory()
    pairs = [(finding.pk, day) for day in (JAN_10, FEB_10, TODAY)] + [(unplanned.pk, JAN_10)]

    found = as_at.our_statuses_then(pairs, today=TODAY)

    assert found[(finding.pk, JAN_10)].summary == "2 not started"
    assert found[(finding.pk, FEB_10)].summary == "1 not started, 1 in progress"
    assert found[(finding.pk, FEB_10)].rag == Rag.RED  # the second action was due on 31 January
    assert found[(unplanned.pk, JAN_10)].summary == "No actions yet"
    kept = {
        (r.finding_id, r.on): as_at.from_settled(r.on, r.rag, r.counts)
        for r in SettledStatus.objects.all()
    }
    assert set(kept) == {(finding.pk, JAN_10), (finding.pk, FEB_10), (unplanned.pk, JAN_10)}
    assert all(kept[pair] == found[pair] for pair in kept)


def test_a_kept_answer_is_left_as_it_is(finding):
    as_at.our_statuses_then([(finding.pk, JAN_10)], today=TODAY)
    as_at.our_statuses_then([(finding.pk, JAN_10)], today=TODAY)

    assert SettledStatus.objects.count() == 1


def test_many_findings_are_read_in_batches(finding, monkeypatch, django_assert_num_queries):
    monkeypatch.setattr(as_at, "BATCH", 1)
    other = FindingFactory()

    with django_assert_num_queries(4):  # a history read and an insert per batch
        found = as_at.our_statuses_then([(finding.pk, JAN_10), (other.pk, JAN_10)], today=TODAY)

    assert found[(finding.pk, JAN_10)].total == 2 and found[(other.pk, JAN_10)].total == 0


def test_forgetting_drops_only_the_findings_named(finding):
    other = FindingFactory()
    as_at.our_statuses_then([(finding.pk, JAN_10), (other.pk, JAN_10)], today=TODAY)

    as_at.forget_settled_statuses([finding.pk])

    assert list(SettledStatus.objects.values_list("finding_id", flat=True)) == [other.pk]


def test_statuses_at_visits_reads_what_is_kept_and_works_out_the_rest(
    finding, django_assert_num_queries
):
    as_at.our_statuses_then([(finding.pk, JAN_10)], today=TODAY)
    kept = SettledStatus.objects.filter(finding=finding)
    # Altered, to show that the answer below was read, not worked out again.
    SettledStatus.objects.filter(on=JAN_10).update(counts={"verified": 9})

    pairs = [(finding.pk, JAN_10), (finding.pk, FEB_10)]

    with django_assert_num_queries(3):  # the kept rows; the history of the rest; keeping it
        found = as_at.statuses_at_visits(pairs, kept=kept, today=TODAY)
    with django_assert_num_queries(1):
        again = as_at.statuses_at_visits(pairs, kept=kept, today=TODAY)

    assert found[(finding.pk, JAN_10)].summary == "9 verified"
    assert found[(finding.pk, FEB_10)].summary == "1 not started, 1 in progress"
    assert again == found
    with django_assert_num_queries(0):
        assert as_at.statuses_at_visits([], kept=kept, today=TODAY) == {}
