import datetime

import time_machine
from django.urls import reverse

from tests.factories import ActionFactory, EvidenceFactory
from tests.forms import date_input
from tracker import as_at, selectors, services
from tracker.models import EvidenceKind
from tracker.statuses import Rag, ReviewState, Status

TZ = datetime.UTC

JAN_11 = datetime.date(2025, 1, 11)
JAN_12 = datetime.date(2025, 1, 12)


def states_on(action_ids, days) -> dict:
    """Each day's action states, as ``as_at.history_as_at`` walks the history."""
    found = as_at.history_as_at(action_ids=action_ids, dates=days)
    return {day: {state.action_id: state for state, _ in found[day]} for day in days}


def state_of(action, day):
    """One action's state at the end of 2025-01-``day``, or None."""
    on = datetime.date(2025, 1, day)
    return states_on([action.pk], [on])[on].get(action.pk)


def _on(day, hour=12):
    return datetime.datetime(2025, 1, day, hour, tzinfo=TZ)


def test_status_as_at_a_date(finding, owner, manager, settings):
    settings.RAG_AMBER_WITHIN_DAYS = 14
    with time_machine.travel(_on(2), tick=False):
        action = services.action_create(
            finding=finding,
            user=manager,
            title="RHI audit",
            deadline=datetime.date(2025, 1, 31),
            owner=owner,
        )
    with time_machine.travel(_on(10), tick=False):
        services.action_transition(
            action=action, user=owner, new_status=Status.IN_PROGRESS, expected_version=1
        )
    with time_machine.travel(_on(20), tick=False):
        EvidenceFactory(action=action, review_state=ReviewState.ACCEPTED)
        services.action_transition(
            action=action, user=owner, new_status=Status.COMPLETED, expected_version=2
        )
        services.action_transition(
            action=action, user=manager, new_status=Status.VERIFIED, expected_version=3
        )

    assert state_of(action, 1) is None
    on_5th = state_of(action, 5)
    assert on_5th.status == Status.NOT_STARTED and on_5th.rag == Rag.GREEN
    on_10th = state_of(action, 10)
    assert on_10th.status == Status.IN_PROGRESS
    assert on_10th.rag == Rag.GREEN  # 21 days before the deadline on that day
    on_19th = state_of(action, 19)
    assert on_19th.rag == Rag.AMBER  # due within 14 days of that day
    assert state_of(action, 20).status == Status.VERIFIED


def test_many_actions_as_at_in_one_query(finding, owner, manager, django_assert_num_queries):
    with time_machine.travel(_on(2), tick=False):
        actions = [ActionFactory(finding=finding, owner=owner) for _ in range(30)]
    with time_machine.travel(_on(12), tick=False):
        for action in actions[:10]:
            services.action_transition(
                action=action, user=owner, new_status=Status.IN_PROGRESS, expected_version=1
            )
    with django_assert_num_queries(1):
        states = states_on([a.pk for a in actions], [JAN_11])[JAN_11]
    assert len(states) == 30
    assert {s.status for s in states.values()} == {Status.NOT_STARTED}
    states = states_on([a.pk for a in actions], [JAN_12])[JAN_12]
    assert sum(s.status == Status.IN_PROGRESS for s in states.values()) == 10


def test_history_timeline_names_who_changed_what(action, owner, manager):
    services.action_update(
        action=action,
        user=manager,
        expected_version=1,
        deadline=action.deadline + datetime.timedelta(days=7),
        deadline_reason="The audit moved a week",
    )
    services.action_transition(
        action=action, user=owner, new_status=Status.IN_PROGRESS, expected_version=2
    )
    timeline = selectors.action_history(action=action)
    assert timeline[0].who == "Olu Owner"
    assert timeline[0].changes == [("Status", "Not started", "In progress")]
    assert timeline[1].who == "Mina Manager"
    assert timeline[1].changes[0][0] == "Deadline"
    assert timeline[-1].summary == "Created"


def test_timeline_merges_updates_and_evidence_newest_first(finding, owner, manager):
    with time_machine.travel(_on(2, 9), tick=False):
        action = ActionFactory(finding=finding, owner=owner)
    with time_machine.travel(_on(3, 9), tick=False):
        services.action_transition(
            action=action, user=owner, new_status=Status.IN_PROGRESS, expected_version=1
        )
    with time_machine.travel(_on(4, 14), tick=False):
        services.progress_update_add(action=action, user=owner, text="First audit booked.")
    with time_machine.travel(_on(5, 10), tick=False):
        evidence = services.evidence_add(
            action=action, user=owner, kind=EvidenceKind.NOTE, title="Panel minutes", note="Agreed"
        )
    with time_machine.travel(_on(6, 11), tick=False):
        services.evidence_review(
            evidence=evidence, user=manager, state=ReviewState.MORE_REQUESTED, comment="Dates?"
        )
    with time_machine.travel(_on(7, 16), tick=False):
        services.evidence_review(evidence=evidence, user=manager, state=ReviewState.ACCEPTED)

    timeline = selectors.action_history(action=action)
    assert [(e.summary, e.who, e.when) for e in timeline[:5]] == [
        ("Evidence accepted", "Mina Manager", _on(7, 16)),
        ("More evidence requested", "Mina Manager", _on(6, 11)),
        ("Evidence added", "Olu Owner", _on(5, 10)),
        ("Progress update", "Olu Owner", _on(4, 14)),
        ("Status: Not started → In progress", "Olu Owner", _on(3, 9)),
    ]
    assert timeline[0].detail == "Panel minutes (note)"
    assert timeline[1].detail == "Panel minutes (note). Comment: Dates?"
    assert timeline[3].detail == "First audit booked."
    assert timeline[-1].summary == "Created"


def test_the_action_page_shows_the_merged_timeline(client, action, owner, manager):
    services.progress_update_add(action=action, user=owner, text="Interviews now weekly.")
    EvidenceFactory(action=action, title="RHI audit")
    client.force_login(manager)
    page = client.get(reverse("tracker:action-detail", args=[action.pk])).content.decode()
    history = page[page.index('id="history"') :]
    assert "Progress update" in history and "Interviews now weekly." in history
    assert "Evidence added" in history and "RHI audit" in history


def test_the_audit_log_cuts_a_long_note_at_a_word_with_an_ellipsis(client, manager, action):
    text = "Return home interviews were offered to every child " * 4
    services.progress_update_add(action=action, user=manager, text=text)
    client.force_login(manager)

    html = client.get(reverse("tracker:audit-log")).content.decode()

    twice = "Return home interviews were offered to every child " * 2
    assert f"Text: {twice}Return home…</li>" in html  # the change, cut at 120 characters
    assert "every child Return home interviews were offered to…</a>" in html  # its name, at 90


def test_the_audit_log_is_filtered_by_a_date_typed_in_boxes(client, manager, action):
    client.force_login(manager)
    url = reverse("tracker:audit-log")

    later = client.get(url, date_input(since="2999-01-01")).content.decode()
    assert "(0 in all)" in later
    assert (
        'id="id_since_year" name="since_year" type="text" inputmode="numeric" value="2999"' in later
    )
    today = client.get(url, date_input(since=action.created_at.date())).content.decode()
    assert "(0 in all)" not in today

    wrong = client.get(url, {"since_day": "31", "since_month": "2", "since_year": "2025"})
    body = wrong.content.decode()
    assert '<a href="#id_since_day">Changed on or after must be a real date' in body
    assert "(0 in all)" not in body  # a wrong date filters nothing out
