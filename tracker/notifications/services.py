"""Who is told what about an action; the one place the rest of the tracker calls.

Each event records a Notification per recipient, never the person who acted,
in the caller's transaction. A recipient who hears at once is emailed after the
transaction commits (nothing is sent for a change that was rolled back), one
email per person per call, listing every action of a bulk change. A daily-email
reader's notifications, and any whose email failed, wait for the daily email
(``tracker.notifications.daily``).
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass
from functools import partial

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from tracker.models import Action, Evidence
from tracker.notifications import emails, selectors
from tracker.notifications.models import Frequency, Kind, Notification, NotificationPreference
from tracker.selectors.people import person_name
from tracker.statuses import DONE_STATUSES, ReviewState, Status

User = get_user_model()
logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class _Event:
    recipient_id: int
    kind: str
    action: Action
    detail: str = ""
    evidence: Evidence | None = None


def actions_assigned(
    *, actions: Iterable[Action], by, previous_owner_ids: dict[int, int | None] | None = None
) -> None:
    """Tell each action's owner it is theirs, and its previous owner that it moved.

    Call it with the actions as saved (each with its new owner), in the transaction
    that saved them. ``previous_owner_ids`` maps an action's id to its owner before
    the change; an action missing from it is new. However many actions, each person
    gets one email listing theirs: a bulk reassignment or plan import calls this once.
    """
    previous = previous_owner_ids or {}
    moves = [(a, previous.get(a.pk), a.owner_id) for a in actions]
    _record(_assignment_events(moves), by=by)


def owner_changing(*, action: Action, new_owner, by) -> None:
    """An edit is about to give ``action`` (still with its old owner) to ``new_owner``."""
    new_id = new_owner.pk if new_owner is not None else None
    _record(_assignment_events([(action, action.owner_id, new_id)]), by=by)


def _assignment_events(moves: list[tuple[Action, int | None, int | None]]) -> list[_Event]:
    moves = [(a, old, new) for a, old, new in moves if old != new]
    names = {
        u.pk: person_name(u)
        for u in User.objects.filter(pk__in={new for _, old, new in moves if old and new})
    }
    events = []
    for action, old, new in moves:
        if new:
            events.append(_Event(new, Kind.ASSIGNED, action))
        if old:
            moved_to = names.get(new, "nobody (it has no owner now)")
            events.append(_Event(old, Kind.MOVED_AWAY, action, moved_to))
    return events


def evidence_reviewed(*, evidence: Evidence, by) -> None:
    """Tell the action's owner and whoever added the evidence that it was accepted or
    that more is needed."""
    kind = {
        ReviewState.ACCEPTED: Kind.EVIDENCE_ACCEPTED,
        ReviewState.MORE_REQUESTED: Kind.MORE_EVIDENCE,
    }.get(evidence.review_state)
    if kind is None:
        return
    action = evidence.action
    recipients = {evidence.added_by_id, action.owner_id} - {None}
    _record([_Event(r, kind, action, evidence.review_comment, evidence) for r in recipients], by=by)


def status_changing(*, action: Action, new_status: str, by) -> None:
    """``action`` (still at its old status) is about to move to ``new_status``: its owner
    hears when it is verified, or reopened after being completed or verified."""
    if action.owner_id is None:
        return
    if new_status == Status.VERIFIED:
        _record([_Event(action.owner_id, Kind.VERIFIED, action)], by=by)
    elif action.status in DONE_STATUSES and new_status not in DONE_STATUSES:
        label = Status(new_status).label
        _record([_Event(action.owner_id, Kind.REOPENED, action, label)], by=by)


def _record(events: list[_Event], *, by) -> None:
    actor_id = by.pk if by is not None else None
    events = [e for e in events if e.recipient_id != actor_id]
    if not events:
        return
    active = set(
        User.objects.filter(pk__in={e.recipient_id for e in events}, is_active=True).values_list(
            "pk", flat=True
        )
    )
    created = Notification.objects.bulk_create(
        Notification(
            recipient_id=e.recipient_id,
            kind=e.kind,
            action=e.action,
            actor_id=actor_id,
            detail=e.detail,
            evidence=e.evidence,
        )
        for e in events
        if e.recipient_id in active
    )
    now_readers = {n.recipient_id for n in created} - selectors.daily_readers(active)
    if now_readers:
        ids = [n.pk for n in created if n.recipient_id in now_readers]
        transaction.on_commit(partial(send_now, ids))


def send_now(notification_ids: list[int], *, base_url: str | None = None) -> int:
    """Email the recipients of these notifications everything not yet sent to them, one
    email each; returns the emails sent.

    A failed email is logged and its notifications stay unsent, for the daily email.
    """
    base_url = (settings.SITE_URL if base_url is None else base_url).rstrip("/")
    recipients = set(
        Notification.objects.filter(pk__in=notification_ids).values_list("recipient_id", flat=True)
    )
    sent = 0
    for recipient_id in sorted(recipients):
        try:
            sent += _send_to(recipient_id, base_url=base_url)
        except Exception:
            logger.exception("Notification email to user %s failed", recipient_id)
    return sent


@transaction.atomic
def _send_to(recipient_id: int, *, base_url: str) -> int:
    # Locked and marked in the same transaction as the send: the daily email,
    # running at the same moment, cannot send them again; a failed send leaves
    # them unsent. Everything the person has not been sent goes in one email: a bulk
    # change records a notification per row, and the first row's send takes them all.
    rows = list(selectors.unsent(recipient_ids=[recipient_id]).select_for_update(of=("self",)))
    if not rows or not rows[0].recipient.email:
        return 0
    shown = emails.items(rows, base_url=base_url)
    emails.message(
        recipient=rows[0].recipient,
        subject=emails.subject(shown),
        template="notifications",
        context={"items": shown},
        base_url=base_url,
    ).send()
    mark_emailed(rows)
    return 1


def mark_emailed(rows: list[Notification]) -> None:
    Notification.objects.filter(pk__in=[n.pk for n in rows]).update(emailed_at=timezone.now())


def preference_set(*, user, frequency: str) -> NotificationPreference:
    """A person chooses, for themselves only, to hear at once or in the daily email."""
    if frequency not in Frequency.values:
        raise ValueError(f"Unknown email frequency {frequency!r}")
    preference, _ = NotificationPreference.objects.update_or_create(
        user=user, defaults={"frequency": frequency, "updated_at": timezone.now()}
    )
    return preference
