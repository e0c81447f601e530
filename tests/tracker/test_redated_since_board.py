"""Actions re-dated since the last board: counted from history on the dashboard and in the
pack's Summary, whatever else changed on them meanwhile."""

import datetime
import io

import pytest
import time_machine
from django.urls import reverse
from openpyxl import load_workbook

from tests.factories import FindingFactory, UserFactory
from tracker import board_pack, services
from tracker.boards.models import BoardMeeting
from tracker.boards.selectors import redated_since_last_board
from tracker.roles import Role

pytestmark = pytest.mark.django_db

D = datetime.date
BOARD = D(2026, 3, 4)
TODAY = D(2026, 4, 20)
ADDED = D(2026, 1, 5)


def at(day: datetime.date) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(10), tzinfo=datetime.UTC)


def meeting(held_on, *authorities):
    board = BoardMeeting.objects.create(title=f"Board {held_on}", held_on=held_on)
    board.authorities.set(authorities)
    return board


def create(finding, manager, title, on=ADDED):
    with time_machine.travel(at(on), tick=False):
        return services.action_create(
            finding=finding, user=manager, title=title, deadline=D(2026, 3, 1), owner=manager
        )


def edit(action, manager, on, **changes):
    action.refresh_from_db()
    with time_machine.travel(at(on), tick=False):
        services.action_update(
            action=action, user=manager, expected_version=action.version, **changes
        )


def redate(action, manager, on, deadline, reason="The audit moved"):
    edit(action, manager, on, deadline=deadline, deadline_reason=reason)


@pytest.fixture
def plan(authority, manager):
    """Five actions of one authority whose board met on 4 March 2026."""
    finding = FindingFactory(document__authority=authority)
    before = create(finding, manager, "Re-dated before the board only")
    redate(before, manager, D(2026, 2, 1), D(2026, 4, 1))
    edit(before, manager, D(2026, 3, 20), title="Re-dated before the board, renamed after")
    on_the_day = create(finding, manager, "Re-dated on the board's day")
    redate(on_the_day, manager, BOARD, D(2026, 5, 1))
    twice = create(finding, manager, "Re-dated before and after the board")
    redate(twice, manager, D(2026, 2, 1), D(2026, 4, 1))
    redate(twice, manager, D(2026, 3, 10), D(2026, 6, 1))
    added = create(finding, manager, "Added after the board and re-dated", on=D(2026, 3, 6))
    redate(added, manager, D(2026, 3, 7), D(2026, 7, 1))
    create(finding, manager, "Never re-dated")
    meeting(BOARD, authority)
    return finding


def test_counts_actions_whose_deadline_moved_after_the_end_of_the_board_day(plan, manager):
    redated = redated_since_last_board(user=manager, today=TODAY)
    assert (redated.count, redated.since, redated.authorities) == (2, BOARD, 1)


def test_a_board_still_to_come_or_held_today_is_not_the_last(plan, manager, authority):
    meeting(TODAY, authority)
    meeting(TODAY + datetime.timedelta(days=7), authority)
    assert redated_since_last_board(user=manager, today=TODAY).since == BOARD


def test_nothing_to_say_without_an_earlier_board(authority, manager):
    create(FindingFactory(document__authority=authority), manager, "An action")
    meeting(TODAY, authority)
    assert redated_since_last_board(user=manager, today=TODAY) is None


def test_each_authority_is_counted_from_its_own_last_board(
    plan, manager, authority, other_authority
):
    manager.memberships.create(authority=other_authority)
    theirs = create(FindingFactory(document__authority=other_authority), manager, "Theirs")
    redate(theirs, manager, D(2026, 3, 10), D(2026, 5, 1))
    meeting(D(2026, 3, 20), other_authority)
    # Their board met after the move: nothing of theirs is counted, and the days differ.
    redated = redated_since_last_board(user=manager, today=TODAY)
    assert (redated.count, redated.since, redated.authorities) == (2, None, 2)
    # A regional board of both that met later is the last board of each.
    meeting(D(2026, 3, 8), authority, other_authority)
    redated = redated_since_last_board(user=manager, today=TODAY)
    assert (redated.count, redated.since) == (1, None)


def test_a_board_the_person_may_not_see_is_not_theirs(plan, authority, other_authority):
    only_here = UserFactory(roles=[Role.VIEWER], authorities=[authority])
    meeting(D(2026, 3, 15), authority, other_authority)  # not theirs to see
    assert redated_since_last_board(user=only_here, today=TODAY).since == BOARD


@time_machine.travel(at(TODAY), tick=False)
def test_the_dashboard_says_how_many_were_re_dated_since_the_last_board(client, plan, manager):
    client.force_login(manager)
    html = client.get(reverse("tracker:dashboard")).content.decode()
    assert (
        "<strong>2 actions re-dated</strong> since the last board meeting, on 4 March 2026."
    ) in html


@time_machine.travel(at(TODAY), tick=False)
def test_the_dashboard_says_nothing_of_boards_before_the_first(client, authority, manager):
    client.force_login(manager)
    html = client.get(reverse("tracker:dashboard")).content.decode()
    assert "re-dated" not in html


def _summary(**kwargs) -> dict:
    buffer = io.BytesIO()
    with time_machine.travel(at(TODAY), tick=False):
        board_pack.write_board_pack(buffer, **kwargs)
    wb = load_workbook(buffer)
    return {r[0]: r[1] for r in wb["Summary"].iter_rows(values_only=True) if r and r[0]}


def test_the_pack_summary_counts_them_now_and_as_at_a_day(plan, manager, authority):
    facts = _summary(user=manager, authority=authority)
    assert facts["Re-dated since the last board"] == 2
    assert facts["Last board"].date() == BOARD
    # As at 8 March, the move of 10 March had not happened yet.
    facts = _summary(user=manager, authority=authority, as_at=D(2026, 3, 8))
    assert facts["Re-dated since the last board"] == 1


def test_the_pack_summary_says_when_no_board_met_before(authority, manager):
    create(FindingFactory(document__authority=authority), manager, "An action")
    facts = _summary(user=manager, authority=authority)
    assert facts["Re-dated since the last board"] == "No earlier board recorded"
    assert "Last board" not in facts
