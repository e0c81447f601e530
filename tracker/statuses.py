"""Where an action stands: its status, its RAG rating and whether it is overdue.

The RAG rating is derived, never stored: ``derive_rag`` (Python) and
``rag_expression`` (database) implement the same rule and are tested against
each other, so lists can filter and sort by it. Every page, count, email and
board pack asks these functions; nothing else decides a status or a colour.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta

from django.conf import settings
from django.db import models
from django.db.models import Case, Q, Value, When


class Status(models.TextChoices):
    NOT_STARTED = "not_started", "Not started"
    IN_PROGRESS = "in_progress", "In progress"
    COMPLETED = "completed", "Completed"
    VERIFIED = "verified", "Verified"


class Closure(models.TextChoices):
    """A manager takes an action out of the plan, with a reason: it stays, marked, in the
    status field, but counts, RAG ratings and the plan's statuses (``Status``) leave it out."""

    CANCELLED = "cancelled", "Cancelled"
    SUPERSEDED = "superseded", "Superseded"


ACTION_STATUS_CHOICES = [*Status.choices, *Closure.choices]
DONE_STATUSES = (Status.COMPLETED, Status.VERIFIED)
CLOSED_STATUSES = tuple(Closure)
ENDED_STATUSES = (*DONE_STATUSES, *CLOSED_STATUSES)


# Where each status may go next. Owners only ever move forward along
# not started → in progress → completed; every other move is a manager's.
OWNER_MOVES = {
    Status.NOT_STARTED: {Status.IN_PROGRESS},
    Status.IN_PROGRESS: {Status.COMPLETED},
}


class Rag(models.TextChoices):
    RED = "red", "Red"
    AMBER = "amber", "Amber"
    GREEN = "green", "Green"
    BLUE = "blue", "Blue"


# Worst first, so that sorting by rank puts the actions that need attention on top.
RAG_RANK = {Rag.RED: 0, Rag.AMBER: 1, Rag.GREEN: 2, Rag.BLUE: 3}
# Cancelled and superseded actions have no RAG and sort after every rated one.
CLOSED_RANK = len(RAG_RANK)


def amber_horizon(today: date) -> date:
    return today + timedelta(days=settings.RAG_AMBER_WITHIN_DAYS)


def derive_rag(
    *, status: str, deadline: date | None, at_risk: bool, owned: bool, today: date
) -> Rag | None:
    """Blue verified; red overdue and not finished; amber at risk, due soon, owned by
    nobody or awaiting sign-off (an action nobody owns is never on track); none for a
    cancelled or superseded action, which no RAG count includes."""
    if status in CLOSED_STATUSES:
        return None
    if status == Status.VERIFIED:
        return Rag.BLUE
    if status == Status.COMPLETED:
        return Rag.AMBER
    if deadline is not None and deadline < today:
        return Rag.RED
    if at_risk or not owned or (deadline is not None and deadline <= amber_horizon(today)):
        return Rag.AMBER
    return Rag.GREEN


def rag_reason(
    *, status: str, deadline: date | None, at_risk: bool, owned: bool, today: date
) -> str:
    rag = derive_rag(status=status, deadline=deadline, at_risk=at_risk, owned=owned, today=today)
    if rag is None:
        return f"{Closure(status).label}: not counted in the RAG ratings."
    if rag == Rag.BLUE:
        return "Verified by an improvement manager."
    if rag == Rag.RED:
        return "The deadline has passed and the action is not completed."
    if status == Status.COMPLETED:
        return "Completed, awaiting verification."
    if at_risk:
        return "The owner has said it is at risk."
    if not owned:
        return "Nobody owns it yet: assign an owner."
    if rag == Rag.AMBER:
        return f"Due within {settings.RAG_AMBER_WITHIN_DAYS} days."
    return "On track."


def _rag_rules(today: date, prefix: str) -> list[tuple[Q, Rag | None]]:
    """``derive_rag`` as database conditions, first match wins; green otherwise."""
    f = prefix
    return [
        (Q(**{f"{f}status__in": CLOSED_STATUSES}), None),
        (Q(**{f"{f}status": Status.VERIFIED}), Rag.BLUE),
        (Q(**{f"{f}status": Status.COMPLETED}), Rag.AMBER),
        (Q(**{f"{f}deadline__lt": today}), Rag.RED),
        (
            Q(**{f"{f}at_risk": True})
            | Q(**{f"{f}owner__isnull": True})
            | Q(**{f"{f}deadline__lte": amber_horizon(today)}),
            Rag.AMBER,
        ),
    ]


def rag_expression(today: date, prefix: str = "") -> Case:
    """The same rule as ``derive_rag`` as a database expression (``prefix`` for related actions)."""
    return Case(
        *[
            When(condition, then=Value(rag.value if rag else None))
            for condition, rag in _rag_rules(today, prefix)
        ],
        default=Value(Rag.GREEN.value),
        output_field=models.CharField(),
    )


def rag_rank_expression(today: date, prefix: str = "") -> Case:
    """``RAG_RANK`` of ``rag_expression`` in one CASE: lists sort every row by it, and a
    CASE over the RAG expression evaluated that expression up to four times a row."""
    rules = _rag_rules(today, prefix)
    return Case(
        *[When(condition, then=Value(RAG_RANK.get(rag, CLOSED_RANK))) for condition, rag in rules],
        default=Value(RAG_RANK[Rag.GREEN]),
        output_field=models.IntegerField(),
    )


def overdue_condition(today: date) -> Q:
    """Open and past its deadline: the one "overdue" rule, for filters and counts alike."""
    return Q(deadline__lt=today) & ~Q(status__in=ENDED_STATUSES)


class ReviewState(models.TextChoices):
    PENDING = "pending", "Awaiting review"
    ACCEPTED = "accepted", "Accepted"
    MORE_REQUESTED = "more_requested", "More requested"
    # The owner has added evidence since more was asked for; the new evidence is reviewed.
    ANSWERED = "answered", "More added since"
    # Its file erased; it counts for nothing, and who withdrew it, when and why stay.
    WITHDRAWN = "withdrawn", "Withdrawn"


def unsettled_evidence_problem(states: Iterable[str]) -> str:
    """Why an action with evidence in these review states cannot simply be verified.

    Evidence awaiting review or with more requested blocks verification unless
    the manager gives a reason for verifying anyway; empty when nothing blocks it.
    """
    states = list(states)
    pending = states.count(ReviewState.PENDING)
    more = states.count(ReviewState.MORE_REQUESTED)
    if not (pending or more):
        return ""
    parts = []
    if pending:
        parts.append(f"{pending} {'item' if pending == 1 else 'items'} of evidence awaiting review")
    if more:
        parts.append(f"{more} with more evidence requested")
    return (
        f"This action has {' and '.join(parts)}. Review the evidence first, "
        "or give a reason for verifying it anyway."
    )
