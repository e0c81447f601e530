"""Reads for notifications: the emails' rows and each person's choice."""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import QuerySet

from tracker.models import Action
from tracker.notifications.models import Frequency, Notification, NotificationPreference


def frequency_of(user) -> str:
    """How the person wants to hear: at once unless they chose the daily email."""
    chosen = (
        NotificationPreference.objects.filter(user=user).values_list("frequency", flat=True).first()
    )
    return chosen or Frequency.IMMEDIATE


def daily_readers(user_ids: Iterable[int]) -> set[int]:
    return set(
        NotificationPreference.objects.filter(
            user_id__in=set(user_ids), frequency=Frequency.DAILY
        ).values_list("user_id", flat=True)
    )


def unsent(*, recipient_ids: Iterable[int] | None = None) -> QuerySet[Notification]:
    """Notifications not yet emailed, oldest first, with everything an email shows."""
    rows = Notification.objects.filter(emailed_at__isnull=True, recipient__is_active=True)
    if recipient_ids is not None:
        rows = rows.filter(recipient_id__in=set(recipient_ids))
    return rows.select_related(
        "recipient", "actor", "evidence", "action__owner", "action__finding__document__authority"
    ).order_by("created_at", "pk")


def action_references(actions: Iterable[Action]) -> dict[int, str]:
    """Each action's reference, e.g. SG-2024-03.2: its finding's reference and its place
    among the finding's actions by creation (the board pack's numbering)."""
    actions = list(actions)
    places: dict[int, int] = {}
    counts: dict[int, int] = {}
    for pk, finding_id in (
        Action.objects.filter(finding_id__in={a.finding_id for a in actions})
        .order_by("finding_id", "created_at", "pk")
        .values_list("pk", "finding_id")
    ):
        counts[finding_id] = counts.get(finding_id, 0) + 1
        places[pk] = counts[finding_id]
    return {a.pk: f"{a.finding.reference}.{places[a.pk]}" for a in actions}
