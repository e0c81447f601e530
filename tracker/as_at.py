"""How our own plan stood on a past day, read from the actions' history.

Inspectors' verdicts at a visit are set beside what we ourselves said that day
(the across-visits view, a finding's page, the dashboard's self-assessment
gaps). Every answer here comes from ``Action.history``, or from the
``SettledStatus`` rows that ``tracker.settled.settled_statuses_keep`` writes for
days that are over, so that national views read one row a finding and day
instead of the whole history. Nothing here writes: pages only read.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from itertools import groupby
from operator import itemgetter

from django.conf import settings
from django.db.models import OuterRef, QuerySet, Subquery
from django.utils import timezone

from inspections.models import Verdict
from tracker.models import Action, SettledStatus
from tracker.statuses import (
    ACTION_STATUS_CHOICES,
    CLOSED_STATUSES,
    RAG_RANK,
    Rag,
    Status,
    derive_rag,
)

# Findings per history read when many statuses are worked out at once: keeps the
# IN list well inside SQLite's limit on query parameters.
BATCH = 2000


@dataclass(frozen=True)
class StateAsAt:
    """What an action looked like at the end of a given day, from its history."""

    action_id: int
    on: date
    status: str
    deadline: date | None
    at_risk: bool
    owner_id: int | None

    @property
    def rag(self) -> Rag:
        return derive_rag(
            status=self.status,
            deadline=self.deadline,
            at_risk=self.at_risk,
            owned=self.owner_id is not None,
            today=self.on,
        )

    def get_status_display(self) -> str:
        return dict(ACTION_STATUS_CHOICES)[self.status]


def end_of_day(on: date) -> datetime:
    return timezone.make_aware(datetime.combine(on + timedelta(days=1), time.min))


def history_as_at(
    *, action_ids, dates, days_by_finding: dict[int, set[date]] | None = None
) -> dict[date, list[tuple[StateAsAt, int]]]:
    """For each day, every action's state at the end of it with its finding then: one query.

    With ``days_by_finding``, each action only on the days its finding needs: across a
    national scope, every action on every visit day is millions of states.
    """
    days = sorted(set(dates))
    result: dict[date, list[tuple[StateAsAt, int]]] = {on: [] for on in days}
    if not days:
        return result
    cutoffs = [(on, end_of_day(on)) for on in days]
    cutoff_of = dict(cutoffs)
    rows = (
        Action.history.model.objects.filter(id__in=action_ids, history_date__lt=cutoffs[-1][1])
        .order_by("id", "history_date", "history_id")
        .values_list(
            "id",
            "history_date",
            "history_type",
            "status",
            "deadline",
            "at_risk",
            "owner_id",
            "finding_id",
        )
    )
    for action_id, records in groupby(rows, key=itemgetter(0)):
        records = list(records)
        position, latest = 0, None
        wanted = cutoffs
        if days_by_finding is not None:
            needed = days_by_finding.get(records[-1][7], ())
            wanted = [(on, cutoff_of[on]) for on in sorted(needed) if on in cutoff_of]
        for on, cutoff in wanted:
            while position < len(records) and records[position][1] < cutoff:
                latest = records[position]
                position += 1
            if latest is None or latest[2] == "-":
                continue
            _, _, _, status, deadline, at_risk, owner_id, finding_id = latest
            state = StateAsAt(
                action_id=action_id,
                on=on,
                status=status,
                deadline=deadline,
                at_risk=at_risk,
                owner_id=owner_id,
            )
            result[on].append((state, finding_id))
    return result


@dataclass(frozen=True)
class OurStatusThen:
    """A finding's actions at the end of a visit's first day, from their history."""

    on: date
    rag: Rag | None  # the worst RAG among them; None when there were no actions yet
    counts: tuple[tuple[Status, int], ...]  # statuses with at least one action

    @property
    def total(self) -> int:
        return sum(n for _, n in self.counts)

    @property
    def summary(self) -> str:
        """“2 in progress, 1 verified”, or “No actions yet”."""
        if not self.counts:
            return "No actions yet"
        return ", ".join(f"{n} {status.label.lower()}" for status, n in self.counts)

    @property
    def claims_progress(self) -> bool:
        """We said it was in hand: on track or verified, or every action finished."""
        if not self.counts:
            return False
        done = sum(n for status, n in self.counts if status in (Status.COMPLETED, Status.VERIFIED))
        return self.rag in (Rag.GREEN, Rag.BLUE) or done == self.total


def our_status(on: date, states: list[StateAsAt]) -> OurStatusThen:
    # A cancelled or superseded action no longer speaks for the finding.
    states = [s for s in states if s.status not in CLOSED_STATUSES]
    counts = {status: 0 for status in Status}
    for state in states:
        counts[Status(state.status)] += 1
    return OurStatusThen(
        on=on,
        rag=min((s.rag for s in states), key=RAG_RANK.get, default=None),
        counts=tuple((status, n) for status, n in counts.items() if n),
    )


def is_self_assessment_gap(verdict: str | None, ours: OurStatusThen | None) -> bool:
    """Our own status said the work was in hand, the inspectors saw no progress."""
    return verdict == Verdict.NO_PROGRESS and ours is not None and ours.claims_progress


def rules_now() -> str:
    """The settings a past day's status is worked out under (the RAG rule's).

    Kept with each ``SettledStatus``; a row kept under other settings is not read.
    """
    # "unowned=amber": rows kept before actions owned by nobody stopped counting as green.
    return f"amber_within_days={settings.RAG_AMBER_WITHIN_DAYS};unowned=amber"


def kept_now(kept: QuerySet[SettledStatus]) -> QuerySet[SettledStatus]:
    """The rows of ``kept`` that still hold: kept under today's settings."""
    return kept.filter(rules=rules_now())


# Statuses in their own order, as a tuple: iterating the enum costs nearly twice as much,
# and a page reads thousands of kept rows.
STATUS_ORDER = tuple(Status)


def from_settled(on: date, rag: str, counts: dict[str, int]) -> OurStatusThen:
    """The status a ``SettledStatus`` row keeps, from its fields."""
    return OurStatusThen(
        on=on,
        rag=Rag(rag) if rag else None,
        counts=tuple((s, counts[s.value]) for s in STATUS_ORDER if counts.get(s.value)),
    )


def our_statuses_then(
    pairs: Iterable[tuple[int, date]],
) -> dict[tuple[int, date], OurStatusThen]:
    """Our status for each (finding id, day), worked out from the actions' history.

    One history query per ``BATCH`` findings.
    """
    days_by_finding: dict[int, set[date]] = defaultdict(set)
    for finding_id, on in pairs:
        days_by_finding[finding_id].add(on)
    found: dict[tuple[int, date], OurStatusThen] = {}
    finding_ids = sorted(days_by_finding)
    for start in range(0, len(finding_ids), BATCH):
        batch = {f: days_by_finding[f] for f in finding_ids[start : start + BATCH]}
        states: dict[tuple[int, date], list[StateAsAt]] = defaultdict(list)
        history = history_as_at(
            action_ids=Action.objects.filter(finding_id__in=batch).values("pk"),
            dates={on for days in batch.values() for on in days},
            days_by_finding=batch,
        )
        for on, rows in history.items():
            for state, finding_id in rows:
                states[(finding_id, on)].append(state)
        for finding_id, days in batch.items():
            for on in days:
                found[(finding_id, on)] = our_status(on, states.get((finding_id, on), []))
    return found


def statuses_at_visits(
    pairs: Iterable[tuple[int, date]], *, kept: QuerySet[SettledStatus], today: date | None = None
) -> dict[tuple[int, date], OurStatusThen]:
    """``our_statuses_then`` that first reads the answers already kept among ``kept``
    (say, an authority's) under today's settings: one query, and the history only for
    what is not kept."""
    today = today or timezone.localdate()
    wanted = set(pairs)
    if not wanted:
        return {}
    rows = (
        kept_now(kept)
        .filter(
            on__lt=today,
            finding_id__in={finding_id for finding_id, _ in wanted},
            on__in={on for _, on in wanted},
        )
        .values_list("finding_id", "on", "rag", "counts")
    )
    found = {
        (finding_id, on): from_settled(on, rag, counts)
        for finding_id, on, rag, counts in rows
        if (finding_id, on) in wanted
    }
    missing = wanted - found.keys()
    if missing:
        found |= our_statuses_then(missing)
    return found


def history_rows_as_at(model, on: date) -> QuerySet:
    """Each object of ``model`` as it stood at the end of ``on``: its latest history row then.

    One query, usable as a queryset: the rows have the object's fields and its
    ``id`` (their own primary key is ``history_id``). An object deleted by then,
    or not yet created, is not among them.
    """
    historical = model.history.model
    latest = (
        historical.objects.filter(id=OuterRef("id"), history_date__lt=end_of_day(on))
        .order_by("-history_date", "-history_id")
        .values("history_id")[:1]
    )
    return historical.objects.filter(history_id=Subquery(latest)).exclude(history_type="-")
