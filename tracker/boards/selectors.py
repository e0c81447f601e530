"""Reads for board meetings: the meetings a person may see, and what changed since the last.

Nothing here writes. A meeting is visible only to people who may see every one of
its authorities (``tracker.scope``). *Since the last board* compares each action
as it stood at the end of the previous meeting's day with how it stands at the
end of this one's (or today, for a meeting still to come), from the actions'
history; the inspectors' verdicts likewise from the follow-ups' history.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from django.db.models import F, Max, Prefetch, Q, QuerySet
from django.db.models.functions import Coalesce
from django.utils import timezone

from inspections.models import Finding, FollowUp, LocalAuthority, ReviewState, Verdict
from tracker import as_at, scope
from tracker.board_pack import queries
from tracker.boards.models import BoardMeeting
from tracker.formats import govuk_date
from tracker.models import Action
from tracker.references import action_reference
from tracker.selectors.people import person_name
from tracker.statuses import DONE_STATUSES, RAG_RANK, Rag, Status, derive_rag

VERDICT_LABELS = dict(Verdict.choices)
STATUS_LABELS = dict(Status.choices)


def meeting_list(*, user) -> QuerySet[BoardMeeting]:
    """Meetings all of whose authorities the user may see, latest first, authorities by name."""
    meetings = BoardMeeting.objects.all()
    ids = scope.authority_ids(user)
    if ids is not None:
        meetings = meetings.exclude(authorities__in=LocalAuthority.objects.exclude(pk__in=ids))
    return meetings.prefetch_related(
        Prefetch("authorities", queryset=LocalAuthority.objects.order_by("name"))
    ).order_by("-held_on", "-pk")


def previous_meeting(
    authorities: Sequence[LocalAuthority], *, before: date, user=None
) -> BoardMeeting | None:
    """The latest meeting of exactly these authorities held before ``before``."""
    wanted = sorted(a.pk for a in authorities)
    candidates = (
        meeting_list(user=user)
        .filter(held_on__lt=before, authorities__in=wanted)
        .distinct()
        .order_by("-held_on", "-pk")
    )
    for meeting in candidates:
        if sorted(a.pk for a in meeting.authorities.all()) == wanted:
            return meeting
    return None


def meeting_day(meeting: BoardMeeting, today: date | None = None) -> date:
    """The day a meeting's pack is as at: the meeting's, or today while it is still to come."""
    return min(meeting.held_on, today or timezone.localdate())


# --- Re-dated since the last board ---------------------------------------------------------


@dataclass(frozen=True)
class RedatedSinceBoard:
    """How many actions had their deadline moved since their authority's last board."""

    count: int
    since: date | None  # the last board's day, when it is the same for every authority
    authorities: int  # how many of the authorities counted have had a board


def last_boards(*, user, authority_ids, before: date) -> dict[int, date]:
    """Each authority's last board: the day of the latest meeting the user may see that
    included it (alone or in a group), held before ``before``. One query."""
    rows = (
        meeting_list(user=user)
        .filter(held_on__lt=before, authorities__in=authority_ids)
        .order_by()
        .values_list("authorities")
        .annotate(last=Max("held_on"))
    )
    return dict(rows)


def redated_since_last_board(
    *, user, today: date, actions: QuerySet | None = None
) -> RedatedSinceBoard | None:
    """Of ``actions`` (actions or their history rows, with ``id``; by default those of the
    user's plan, cancelled and superseded ones left out), how many had their
    deadline moved after the end of their authority's last board day and by the end of
    ``today``; None when none of their authorities has had a board before ``today``.

    Two queries whatever the number of actions: the last boards, then the actions whose
    count of deadline moves by the end of ``today`` is more than at the end of that day,
    from the actions' history (the count only ever grows).
    """
    if actions is None:
        actions = Action.objects.for_user(user).counted()
    ids = Action.objects.filter(pk__in=actions.order_by().values("id"), deadline_revisions__gt=0)
    boards = last_boards(
        user=user,
        authority_ids=ids.order_by().values("finding__document__authority"),
        before=today,
    )
    if not boards:
        return None
    by_day: dict[date, list[int]] = defaultdict(list)
    for authority_id, day in boards.items():
        by_day[day].append(authority_id)
    at_board = Q()
    for day, authority_ids in by_day.items():
        at_board |= Q(
            finding__document__authority__in=authority_ids, history_date__lt=as_at.end_of_day(day)
        )
    moved = (
        Action.history.model.objects.filter(
            id__in=ids.filter(finding__document__authority__in=boards).values("pk"),
            history_date__lt=as_at.end_of_day(today),
        )
        .order_by()
        .values("id")
        .annotate(
            moves=Max("deadline_revisions"),
            moves_then=Coalesce(Max("deadline_revisions", filter=at_board), 0),
        )
        .filter(moves__gt=F("moves_then"))
    )
    days = set(by_day)
    return RedatedSinceBoard(
        count=moved.count(),
        since=days.pop() if len(days) == 1 else None,
        authorities=len(boards),
    )


# --- Since the last board -----------------------------------------------------------------

DIRECTIONS = {1: "↑ Better", -1: "↓ Worse", 0: "→ Same"}
NEW = "+ New since the last board"


@dataclass(frozen=True)
class ActionChange:
    """One action at the last board and now: its RAG both times and what happened between."""

    id: int
    reference: str
    title: str
    owner: str
    status_then: str | None  # None: the action did not exist at the last board
    status_now: str
    rag_then: Rag | None
    rag_now: Rag
    deadline_then: date | None
    deadline_now: date
    redatings: tuple[tuple[date, str], ...] = ()  # (new deadline, reason), in order

    @property
    def direction(self) -> str:
        """Better, worse or the same, in words with an arrow: never colour alone."""
        if self.rag_then is None:
            return NEW
        then, now = RAG_RANK[self.rag_then], RAG_RANK[self.rag_now]
        return DIRECTIONS[(now > then) - (now < then)]

    @property
    def newly_red(self) -> bool:
        return self.rag_now == Rag.RED and self.rag_then != Rag.RED

    @property
    def completed(self) -> bool:
        return self.status_now in DONE_STATUSES and self.status_then not in DONE_STATUSES

    @property
    def verified(self) -> bool:
        return self.status_now == Status.VERIFIED and self.status_then != Status.VERIFIED

    @property
    def redated(self) -> bool:
        return bool(self.redatings)

    @property
    def what_happened(self) -> str:
        """“In progress → Completed”, and “Re-dated to 15 January 2027: why” for each move."""
        lines = []
        if self.status_then is None:
            lines.append("Added since the last board")
        elif self.status_then != self.status_now:
            lines.append(f"{STATUS_LABELS[self.status_then]} → {STATUS_LABELS[self.status_now]}")
        lines.extend(f"Re-dated to {govuk_date(on)}: {reason}" for on, reason in self.redatings)
        return "\n".join(lines)


@dataclass(frozen=True)
class VerdictChange:
    """A finding whose inspectors' verdict (the latest visit's) is not what it was."""

    reference: str
    text: str
    then: str  # the verdict's words, or "No verdict yet"
    now: str


@dataclass
class SinceLastBoard:
    """What changed between the previous meeting and this one (``until``)."""

    authorities: list[LocalAuthority]
    until: date
    previous: BoardMeeting | None
    actions: list[ActionChange] = field(default_factory=list)
    verdicts: list[VerdictChange] = field(default_factory=list)

    @property
    def since(self) -> date | None:
        return self.previous.held_on if self.previous else None

    @property
    def newly_red(self) -> list[ActionChange]:
        return [a for a in self.actions if a.newly_red]

    @property
    def redated(self) -> list[ActionChange]:
        return [a for a in self.actions if a.redated]

    @property
    def completed(self) -> list[ActionChange]:
        return [a for a in self.actions if a.completed]

    @property
    def verified(self) -> list[ActionChange]:
        return [a for a in self.actions if a.verified]

    @property
    def sections(self) -> list[tuple[str, str, list[ActionChange]]]:
        """(title, what it means, actions) for each list the board reads."""
        return [
            (
                "Newly red (overdue)",
                "Red now and not at the last board. Red means overdue: the deadline has "
                "passed and the action is not completed.",
                self.newly_red,
            ),
            ("Re-dated", "The deadline was moved since the last board, with why.", self.redated),
            ("Completed", "Completed or verified since the last board.", self.completed),
            (
                "Verified",
                "Signed off by an improvement manager since the last board.",
                self.verified,
            ),
        ]


def since_last_board(
    *,
    user,
    authorities: Sequence[LocalAuthority],
    until: date,
    previous: BoardMeeting | None,
) -> SinceLastBoard:
    """Every action of ``authorities`` in the user's scope at the end of ``until``, set beside
    itself at the end of the previous meeting's day; findings whose verdict changed.

    Six queries whatever the number of actions (none without a previous meeting):
    the actions now and then, their re-datings between, the follow-ups then and now,
    and the findings whose verdict changed.
    """
    report = SinceLastBoard(authorities=list(authorities), until=until, previous=previous)
    if previous is None:
        return report
    since = previous.held_on
    now_rows = queries.pack_actions(user=user, authorities=authorities, as_at=until)
    then = {
        row["id"]: row
        for row in queries.scoped_actions(user=user, authorities=authorities, as_at=since).values(
            "id", "status", "deadline", "at_risk", "owner", "deadline_revisions"
        )
    }
    redatings = _redatings(now_rows, since=since, until=until, then=then)
    for action in now_rows.iterator(chunk_size=queries.CHUNK_SIZE):
        before = then.get(action.id)
        report.actions.append(
            ActionChange(
                id=action.id,
                reference=action_reference(action),
                title=action.title,
                owner=_owner_name(action),
                status_then=before["status"] if before else None,
                status_now=action.status,
                rag_then=derive_rag(
                    status=before["status"],
                    deadline=before["deadline"],
                    at_risk=before["at_risk"],
                    owned=before["owner"] is not None,
                    today=since,
                )
                if before
                else None,
                rag_now=Rag(action.rag),
                deadline_then=before["deadline"] if before else None,
                deadline_now=action.deadline,
                redatings=tuple(redatings.get(action.id, ())),
            )
        )
    report.verdicts = _verdict_changes(authorities=authorities, user=user, since=since, until=until)
    return report


def _owner_name(action) -> str:
    return person_name(action.owner) or "Unassigned"


def _redatings(rows, *, since: date, until: date, then: dict) -> dict[int, list[tuple[date, str]]]:
    """Each move of a deadline between the two days, with its reason, per action: one query."""
    history = (
        Action.history.model.objects.filter(
            id__in=rows.order_by().values("id"),
            history_date__gte=as_at.end_of_day(since),
            history_date__lt=as_at.end_of_day(until),
        )
        .order_by("id", "history_date", "history_id")
        .values_list("id", "deadline_revisions", "deadline", "deadline_reason")
    )
    found: dict[int, list[tuple[date, str]]] = defaultdict(list)
    counted: dict[int, int] = {}
    for action_id, revisions, deadline, reason in history.iterator(chunk_size=queries.CHUNK_SIZE):
        last = counted.get(
            action_id, then[action_id]["deadline_revisions"] if action_id in then else 0
        )
        if revisions > last:
            found[action_id].append((deadline, reason))
        counted[action_id] = max(last, revisions)
    return found


def _verdicts_on(*, authorities: Sequence[LocalAuthority], on: date) -> dict[int, str]:
    """Each finding's inspectors' verdict at the end of ``on``: that of the latest later
    document whose follow-up was not rejected, from the follow-ups' history."""
    rows = (
        as_at.history_rows_as_at(FollowUp, on)
        .filter(finding__document__authority__in=[a.pk for a in authorities])
        .exclude(state=ReviewState.REJECTED)
        .order_by("finding_id", "document__visit_start", "document_id")
        .values_list("finding_id", "verdict")
    )
    return dict(rows)  # later documents come last, so theirs is kept


def _verdict_changes(
    *, authorities: Sequence[LocalAuthority], user, since: date, until: date
) -> list[VerdictChange]:
    then = _verdicts_on(authorities=authorities, on=since)
    now = _verdicts_on(authorities=authorities, on=until)
    changed = {f: v for f, v in now.items() if then.get(f) != v}
    if not changed:
        return []
    findings = (
        scope.visible(Finding.objects.filter(pk__in=changed), user, via="document__authority")
        .select_related("document__authority")
        .order_by("document__authority__name", "document__visit_start", "order", "pk")
    )
    return [
        VerdictChange(
            reference=finding.reference,
            text=finding.text,
            then=VERDICT_LABELS.get(then.get(finding.pk), "No verdict yet"),
            now=VERDICT_LABELS[changed[finding.pk]],
        )
        for finding in findings
    ]
