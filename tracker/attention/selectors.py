"""How many things wait for a person, per authority, in a fixed number of queries.

Each count is defined beside the filtered list that shows the same rows
(``LINES``), so following a line's link lists exactly the rows it counted; a
test checks that for every line. Only reads.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from urllib.parse import urlencode

from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone

from inspections.models import Finding, FindingState, FollowUp, LocalAuthority
from inspections.models import ReviewState as FollowUpState
from tracker import permissions, scope
from tracker.models import Action, Evidence, has_counted_action
from tracker.roles import Role
from tracker.statuses import (
    CLOSED_STATUSES,
    ENDED_STATUSES,
    ReviewState,
    Status,
    amber_horizon,
    overdue_condition,
)

MANAGER, WATCHER, OWNER = "manager", "watcher", "owner"
# Past this many authorities with work waiting, the rest are summed up in one sentence.
MAX_AUTHORITIES = 10


@dataclass(frozen=True)
class Line:
    """One kind of thing waiting: who sees it, its words, its tag, and the list that shows it."""

    key: str
    who: str
    one: str
    many: str
    tag: str
    colour: str  # of the GOV.UK tag; the tag's words say the same
    page: str  # the list's URL name
    query: tuple[tuple[str, str], ...] = ()

    def words(self, count: int) -> str:
        return self.one if count == 1 else self.many


ACTIONS, FINDINGS = "tracker:action-list", "tracker:finding-list"
MINE = ("mine", "on")
LINES = (
    Line("suggested", MANAGER, "suggested finding to confirm or reject",
         "suggested findings to confirm or reject", "To review", "blue", FINDINGS,
         (("state", FindingState.SUGGESTED),)),
    Line("followups", MANAGER, "follow-up verdict to review", "follow-up verdicts to review",
         "To review", "blue", "tracker:followup-review-list"),
    Line("no_actions", MANAGER, "confirmed finding with no action yet",
         "confirmed findings with no action yet", "To plan", "blue", FINDINGS,
         (("state", FindingState.CONFIRMED), ("no_actions", "on"))),
    Line("unowned", MANAGER, "open action with no owner", "open actions with no owner",
         "To assign", "blue", ACTIONS, (("owner", "null"), ("open", "on"))),
    Line("evidence", MANAGER, "action with evidence awaiting review",
         "actions with evidence awaiting review", "To review", "blue", ACTIONS,
         (("evidence", ReviewState.PENDING),)),
    Line("overdue", WATCHER, "action overdue", "actions overdue", "Overdue", "red", ACTIONS,
         (("overdue", "on"),)),
    Line("due_soon", WATCHER, "action due soon", "actions due soon", "Due soon", "yellow",
         ACTIONS, (("due_soon", "on"),)),
    Line("redated", WATCHER, "open action re-dated", "open actions re-dated", "Re-dated",
         "orange", ACTIONS, (("slipped", "on"), ("open", "on"))),
    Line("at_risk", WATCHER, "open action flagged at risk", "open actions flagged at risk",
         "At risk", "orange", ACTIONS, (("at_risk", "on"), ("open", "on"))),
    Line("mine_new", OWNER, "action of yours not started yet",
         "actions of yours not started yet", "Not started", "blue", ACTIONS,
         (MINE, ("status", Status.NOT_STARTED))),
    Line("mine_more", OWNER, "action of yours with more evidence asked for",
         "actions of yours with more evidence asked for", "More asked for", "yellow", ACTIONS,
         (MINE, ("evidence", ReviewState.MORE_REQUESTED))),
    Line("mine_overdue", OWNER, "action of yours overdue", "actions of yours overdue", "Overdue",
         "red", ACTIONS, (MINE, ("overdue", "on"))),
)  # fmt: skip


@dataclass(frozen=True)
class Waiting:
    line: Line
    count: int
    url: str

    @property
    def words(self) -> str:
        return self.line.words(self.count)


@dataclass(frozen=True)
class AuthorityWaiting:
    authority: LocalAuthority
    items: list[Waiting]


@dataclass(frozen=True)
class Attention:
    roles: frozenset[str]  # which kinds of line this person is shown
    authorities: list[AuthorityWaiting]  # those with something waiting, at most MAX_AUTHORITIES
    more_authorities: int  # how many others also have something waiting

    @property
    def nothing(self) -> bool:
        return not self.authorities


def attention_roles(user) -> frozenset[str]:
    roles = set()
    if permissions.can_manage(user):
        roles |= {MANAGER, WATCHER}
    if Role.VIEWER in permissions.roles(user):
        roles.add(WATCHER)
    if permissions.can_own_actions(user):
        roles.add(OWNER)
    return frozenset(roles)


def line_url(line: Line, authority: LocalAuthority) -> str:
    if line.page == "tracker:followup-review-list":
        return reverse(line.page, args=[authority.slug])
    return f"{reverse(line.page)}?{urlencode((('authority', authority.pk), *line.query))}"


def _finding_counts(user) -> dict[int, dict[str, int]]:
    rows = (
        scope.visible(Finding.objects.all(), user, via="document__authority")
        .order_by()
        .values("document__authority")
        .annotate(
            suggested=Count("pk", filter=Q(state=FindingState.SUGGESTED)),
            no_actions=Count(
                "pk",
                filter=Q(state=FindingState.CONFIRMED) & ~Q(has_counted_action()),
            ),
        )
    )
    return {r.pop("document__authority"): r for r in rows}


def _followup_counts(user) -> dict[int, dict[str, int]]:
    rows = (
        scope.visible(
            FollowUp.objects.filter(state=FollowUpState.SUGGESTED),
            user,
            via="finding__document__authority",
        )
        .order_by()
        .values("finding__document__authority")
        .annotate(followups=Count("pk"))
    )
    return {r.pop("finding__document__authority"): r for r in rows}


def _action_counts(user, today: date) -> dict[int, dict[str, int]]:
    # Cancelled and superseded actions are out of the plan, as they are out of every list.
    is_open = ~Q(status__in=ENDED_STATUSES)
    overdue = overdue_condition(today)
    mine = Q(owner=user)
    rows = (
        Action.objects.for_user(user)
        .counted()
        .order_by()
        .values("finding__document__authority")
        .annotate(
            unowned=Count("pk", filter=is_open & Q(owner__isnull=True)),
            overdue=Count("pk", filter=overdue),
            due_soon=Count(
                "pk",
                filter=is_open & Q(deadline__gte=today, deadline__lte=amber_horizon(today)),
            ),
            redated=Count("pk", filter=is_open & Q(deadline_revisions__gt=0)),
            at_risk=Count("pk", filter=is_open & Q(at_risk=True)),
            mine_new=Count("pk", filter=mine & Q(status=Status.NOT_STARTED)),
            mine_overdue=Count("pk", filter=mine & overdue),
        )
    )
    return {r.pop("finding__document__authority"): r for r in rows}


def _evidence_counts(user) -> dict[int, dict[str, int]]:
    # Read from the few evidence rows waiting on someone, not by asking of every action
    # whether it has one: at national scale that is the dashboard's slowest query.
    rows = (
        scope.visible(
            Evidence.objects.filter(
                review_state__in=[ReviewState.PENDING, ReviewState.MORE_REQUESTED]
            ).exclude(action__status__in=CLOSED_STATUSES),
            user,
            via="action__finding__document__authority",
        )
        .order_by()
        .values("action__finding__document__authority")
        .annotate(
            evidence=Count("action", distinct=True, filter=Q(review_state=ReviewState.PENDING)),
            mine_more=Count(
                "action",
                distinct=True,
                filter=Q(review_state=ReviewState.MORE_REQUESTED, action__owner=user),
            ),
        )
    )
    return {r.pop("action__finding__document__authority"): r for r in rows}


def needs_attention(*, user, today: date | None = None) -> Attention:
    """What waits for ``user``, per authority: five queries at most, whatever the data."""
    today = today or timezone.localdate()
    roles = attention_roles(user)
    lines = [line for line in LINES if line.who in roles]
    if not lines:
        return Attention(roles, [], 0)
    counts: dict[int, dict[str, int]] = defaultdict(dict)
    sources = [_action_counts(user, today), _evidence_counts(user)]
    if MANAGER in roles:
        sources += [_finding_counts(user), _followup_counts(user)]
    for source in sources:
        for authority_id, row in source.items():
            counts[authority_id].update(row)
    waiting = {
        authority_id: [(line, row.get(line.key, 0)) for line in lines]
        for authority_id, row in counts.items()
        if any(row.get(line.key, 0) for line in lines)
    }
    shown = LocalAuthority.objects.filter(pk__in=list(waiting)).order_by("name")
    shown = list(shown[:MAX_AUTHORITIES]) if waiting else []
    return Attention(
        roles,
        [
            AuthorityWaiting(
                authority,
                [
                    Waiting(line, count, line_url(line, authority))
                    for line, count in waiting[authority.pk]
                    if count
                ],
            )
            for authority in shown
        ],
        max(len(waiting) - MAX_AUTHORITIES, 0),
    )
