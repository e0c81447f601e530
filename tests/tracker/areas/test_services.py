"""set_judgement_area: the one writer of a person's decision on a finding's area."""

import datetime

import pytest
import time_machine

from inspections.models import AreaState, FindingArea, JudgementArea
from tests.factories import DocumentFactory, FindingFactory
from tracker.areas.services import set_judgement_area
from tracker.services import TrackerError

pytestmark = pytest.mark.django_db

LEADERS = "The impact of leaders on social work practice with children and families"
LEAVERS = "The experiences and progress of care leavers"
NOW = datetime.datetime(2025, 3, 10, 9, 0, tzinfo=datetime.UTC)


def area(name, era="ilacs-2023"):
    return JudgementArea.objects.get(era__code=era, name=name)


@pytest.fixture
def suggested(finding):
    FindingArea.objects.create(finding=finding, judgement_area=area(LEADERS), reason="Suggested.")
    return finding


@time_machine.travel(NOW, tick=False)
def test_a_manager_changes_a_suggested_area_and_it_is_confirmed_in_their_name(suggested, manager):
    (row,) = set_judgement_area(findings=[suggested], area=area(LEAVERS), user=manager)

    row.refresh_from_db()
    assert (row.judgement_area.name, row.state) == (LEAVERS, AreaState.CONFIRMED)
    assert (row.decided_by, row.decided_at) == (manager, NOW)
    latest = row.history.order_by("history_id").last()
    assert (latest.history_user, latest.history_change_reason) == (
        manager,
        "Judgement area confirmed",
    )
    assert row.history.count() == 2


def test_confirming_the_suggested_area_keeps_it_and_a_finding_without_one_gets_one(
    suggested, manager, authority
):
    bare = FindingFactory(document=suggested.document, order=9)

    set_judgement_area(findings=[suggested, bare], area=area(LEADERS), user=manager)

    rows = FindingArea.objects.filter(finding__in=[suggested, bare])
    assert {(r.judgement_area.name, r.state) for r in rows} == {(LEADERS, AreaState.CONFIRMED)}
    assert rows.count() == 2


@pytest.mark.parametrize("who", ["owner", "viewer"])
def test_only_a_manager_sets_an_area(suggested, request, who):
    with pytest.raises(TrackerError, match="Only an improvement manager"):
        set_judgement_area(
            findings=[suggested], area=area(LEAVERS), user=request.getfixturevalue(who)
        )

    assert FindingArea.objects.get(finding=suggested).state == AreaState.SUGGESTED


def test_one_finding_outside_the_managers_authorities_changes_none(
    suggested, manager, other_authority
):
    theirs = FindingFactory(document__authority=other_authority)

    with pytest.raises(TrackerError, match="not in your authorities; nothing was changed"):
        set_judgement_area(findings=[suggested, theirs], area=area(LEAVERS), user=manager)

    assert FindingArea.objects.get(finding=suggested).judgement_area.name == LEADERS
    assert not FindingArea.objects.filter(finding=theirs).exists()


def test_an_area_of_another_framework_era_is_refused(suggested, manager, authority):
    from_2018 = FindingFactory(
        document=DocumentFactory(
            authority=authority,
            visit_start=datetime.date(2019, 9, 5),
            visit_end=datetime.date(2019, 9, 5),
        )
    )

    with pytest.raises(TrackerError, match="is an area of ILACS from January 2023") as error:
        set_judgement_area(findings=[suggested, from_2018], area=area(LEAVERS), user=manager)

    assert error.value.field == "judgement_area"
    assert FindingArea.objects.get(finding=suggested).judgement_area.name == LEADERS
    assert not FindingArea.objects.filter(finding=from_2018).exists()
