import datetime
import itertools

import pytest
import time_machine

from tests.factories import ActionFactory, UserFactory
from tracker.models import Action
from tracker.statuses import RAG_RANK, Rag, Status, derive_rag

TODAY = datetime.date(2025, 3, 10)


@pytest.mark.parametrize(
    ("status", "deadline_offset", "at_risk", "expected", "owned"),
    [
        (Status.VERIFIED, -30, False, Rag.BLUE, True),
        (Status.VERIFIED, 5, True, Rag.BLUE, True),
        (Status.COMPLETED, 100, False, Rag.AMBER, True),  # finished but not signed off
        (Status.COMPLETED, -10, False, Rag.AMBER, True),
        (Status.IN_PROGRESS, -1, False, Rag.RED, True),
        (Status.NOT_STARTED, -1, True, Rag.RED, True),
        (Status.IN_PROGRESS, 0, False, Rag.AMBER, True),  # due today is not yet overdue
        (Status.IN_PROGRESS, 14, False, Rag.AMBER, True),
        (Status.IN_PROGRESS, 15, False, Rag.GREEN, True),
        (Status.NOT_STARTED, 60, True, Rag.AMBER, True),
        (Status.NOT_STARTED, 60, False, Rag.GREEN, True),
        # Nobody owns it: never on track, though late work stays red and signed-off blue.
        (Status.NOT_STARTED, 60, False, Rag.AMBER, False),
        (Status.IN_PROGRESS, 90, False, Rag.AMBER, False),
        (Status.NOT_STARTED, -1, False, Rag.RED, False),
        (Status.VERIFIED, 60, False, Rag.BLUE, False),
    ],
)
def test_derive_rag(settings, status, deadline_offset, at_risk, expected, owned):
    settings.RAG_AMBER_WITHIN_DAYS = 14
    deadline = TODAY + datetime.timedelta(days=deadline_offset)
    rag = derive_rag(status=status, deadline=deadline, at_risk=at_risk, owned=owned, today=TODAY)
    assert rag == expected


@time_machine.travel(datetime.datetime(2025, 3, 10, 12, 0), tick=False)
def test_database_rag_agrees_with_python_for_every_combination(db, settings):
    settings.RAG_AMBER_WITHIN_DAYS = 14
    combos = list(
        itertools.product(Status, (-30, -1, 0, 1, 14, 15, 90), (False, True), (False, True))
    )
    owner = UserFactory()
    for status, offset, at_risk, owned in combos:
        ActionFactory(
            status=status,
            deadline=TODAY + datetime.timedelta(days=offset),
            start_date=None,
            at_risk=at_risk,
            at_risk_reason="Staff vacancies" if at_risk else "",
            owner=owner if owned else None,
        )
    annotated = Action.objects.with_rag()
    assert annotated.count() == len(combos)
    for action in annotated:
        assert action.rag == action.get_rag(), (action.status, action.deadline, action.at_risk)
        assert action.rag_rank == RAG_RANK[action.get_rag()]
    # Sorting by rank puts red first and blue last.
    ranks = [a.rag for a in annotated.order_by("rag_rank", "pk")]
    assert ranks[0] == Rag.RED and ranks[-1] == Rag.BLUE
    # And the annotation filters.
    reds = Action.objects.with_rag().filter(rag=Rag.RED)
    assert {a.pk for a in reds} == {a.pk for a in Action.objects.all() if a.get_rag() == Rag.RED}


@time_machine.travel(datetime.datetime(2025, 3, 10, 12, 0), tick=False)
def test_overdue(db):
    overdue = ActionFactory(deadline=TODAY - datetime.timedelta(days=1), start_date=None)
    ActionFactory(
        deadline=TODAY - datetime.timedelta(days=1), start_date=None, status=Status.COMPLETED
    )
    ActionFactory(deadline=TODAY, start_date=None)
    assert list(Action.objects.overdue()) == [overdue]


@pytest.mark.parametrize(
    ("current", "new", "by_manager", "evidence", "allowed"),
    [
        (Status.NOT_STARTED, Status.IN_PROGRESS, False, 0, True),
        (Status.IN_PROGRESS, Status.COMPLETED, False, 1, True),
        (Status.IN_PROGRESS, Status.COMPLETED, False, 0, False),
        (Status.IN_PROGRESS, Status.COMPLETED, True, 0, False),
        (Status.NOT_STARTED, Status.COMPLETED, False, 1, False),
        (Status.NOT_STARTED, Status.COMPLETED, True, 1, True),
        (Status.COMPLETED, Status.VERIFIED, False, 1, False),
        (Status.COMPLETED, Status.VERIFIED, True, 1, True),
        (Status.IN_PROGRESS, Status.VERIFIED, True, 1, False),
        (Status.COMPLETED, Status.IN_PROGRESS, False, 1, False),
        (Status.COMPLETED, Status.IN_PROGRESS, True, 1, True),
        (Status.VERIFIED, Status.IN_PROGRESS, True, 1, True),
        (Status.IN_PROGRESS, Status.NOT_STARTED, False, 0, False),
        (Status.IN_PROGRESS, Status.IN_PROGRESS, True, 0, False),
    ],
)
def test_transition_problem(current, new, by_manager, evidence, allowed):
    action = Action(status=current)
    problem = action.transition_problem(new, by_manager=by_manager, evidence_count=evidence)
    assert bool(problem) is not allowed


def test_refusals_explain_themselves():
    action = Action(status=Status.IN_PROGRESS)
    assert "evidence" in action.transition_problem(
        Status.COMPLETED, by_manager=False, evidence_count=0
    )
    assert "Only an improvement manager can verify" in action.transition_problem(
        Status.VERIFIED, by_manager=False, evidence_count=3
    )
    done = Action(status=Status.COMPLETED)
    assert "reopen" in done.transition_problem(
        Status.IN_PROGRESS, by_manager=False, evidence_count=1
    )
