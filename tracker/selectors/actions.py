"""Actions: the list, the dashboard, one action's page and its evidence."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from django.db.models import Count, Prefetch, QuerySet
from django.utils import timezone

from tracker import references, scope
from tracker.models import Action, Evidence, ProgressUpdate
from tracker.selectors.findings import finding_queryset
from tracker.selectors.history import HistoryEntry, action_history
from tracker.statuses import RAG_RANK, Rag, Status

ACTION_LONG_TEXTS = (
    "description",
    "success_measure",
    "at_risk_reason",
    "deadline_reason",
    "verified_override_reason",
    "closed_reason",
)
RAG_BY_RANK = {rank: rag for rag, rank in RAG_RANK.items()}


def action_list(*, user, today: date | None = None) -> QuerySet[Action]:
    """Actions the user may see, with RAG, latest update and everything a table row shows.

    Paginate it with ``tracker.tables.KeysFirstPaginator``: sorting by RAG sorts
    every action the user may see, and only the keys should go through that sort.
    """
    return (
        references.with_position(Action.objects.for_user(user))
        .with_rag(today)
        .with_latest_update()
        .select_related("owner", "finding__document__authority")
        # Otherwise every row carries its document's whole text, which a deep page
        # sorts with the rows: seconds at national scale. No list shows an action's
        # long texts either; without them the rows to sort are a twentieth as wide.
        .defer("finding__document__text", *ACTION_LONG_TEXTS)
        .order_by("rag_rank", "deadline", "pk")
    )


@dataclass(frozen=True)
class Dashboard:
    total: int
    by_rag: list[tuple[Rag, int]]
    by_status: list[tuple[Status, int]]
    overdue: list[Action]
    mine: list[Action]
    next_deadlines: list[Action]
    overdue_count: int


def dashboard(*, user, today: date | None = None, limit: int = 10) -> Dashboard:
    today = today or timezone.localdate()
    # Counted by RAG and status in one pass; finding ids first keeps the join out of it.
    counted = (
        Action.objects.counted()
        .filter(finding__in=finding_queryset(user=user).values("pk"))
        .with_rag(today)
        .order_by()
        .values_list("rag", "status")
        .annotate(n=Count("pk"))
    )
    by_rag: dict[str, int] = defaultdict(int)
    by_status: dict[str, int] = defaultdict(int)
    for rag, status, n in counted:
        by_rag[rag] += n
        by_status[status] += n
    # The short lists show no latest update: rows without ``action_list``'s subqueries.
    actions = (
        references.with_position(Action.objects.for_user(user))
        .with_rag(today)
        .select_related("owner", "finding__document__authority")
        .defer("finding__document__text", *ACTION_LONG_TEXTS)
    )
    return Dashboard(
        total=sum(by_rag.values()),
        by_rag=[(r, by_rag[r]) for r in sorted(Rag, key=RAG_RANK.get)],
        by_status=[(s, by_status[s]) for s in Status],
        overdue=list(actions.overdue(today).order_by("deadline", "pk")[:limit]),
        overdue_count=by_rag[Rag.RED],  # red is open and past its deadline
        mine=list(actions.filter(owner=user).open().order_by("deadline", "pk")[: limit * 2])
        if user.is_authenticated
        else [],
        next_deadlines=list(
            actions.open().filter(deadline__gte=today).order_by("deadline", "pk")[:limit]
        ),
    )


def action_detail(*, user, pk: int, today: date | None = None) -> Action:
    """One action with everything its page shows; Action.DoesNotExist outside the user's scope."""
    return (
        action_list(user=user, today=today)
        .defer(None)  # the long texts are shown here
        .defer("finding__document__text")
        .select_related(
            "created_by", "finding__document", "superseded_by__finding__document__authority"
        )
        .prefetch_related(
            Prefetch("updates", queryset=ProgressUpdate.objects.select_related("author")),
            Prefetch(
                "evidence",
                queryset=Evidence.objects.select_related("added_by", "reviewed_by", "withdrawn_by"),
            ),
        )
        .get(pk=pk)
    )


@dataclass(frozen=True)
class ActionPage:
    """What an action's page reads besides the action: its timeline, evidence and updates."""

    history: list[HistoryEntry]
    evidence: list[Evidence]
    updates: list[ProgressUpdate]


def action_page(*, action: Action) -> ActionPage:
    """For an action read by ``action_detail``: four queries (``action_history``'s)."""
    return ActionPage(
        history=action_history(action=action),
        evidence=list(action.evidence.all()),
        updates=list(action.updates.all()),
    )


def evidence_for_download(*, user, pk: int) -> Evidence:
    evidence = scope.visible(
        Evidence.objects.select_related("action"), user, via="action__finding__document__authority"
    )
    return evidence.get(pk=pk)
