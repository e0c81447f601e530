"""The daily email: each person's overdue and due-soon actions and what happened since
their last email, in one email a day.

Safe to run as often as you like: a person gets at most one daily email a day,
recorded in ReminderSent before the email goes, in the same transaction, so a
second run that day sends nothing and a failed email is retried by the next run.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from tracker.formats import govuk_date
from tracker.models import Action, ReminderSent
from tracker.notifications import emails, selectors
from tracker.notifications.services import mark_emailed

logger = logging.getLogger(__name__)


@dataclass
class DailyRun:
    sent: list[str] = field(default_factory=list)
    already_sent: list[str] = field(default_factory=list)
    skipped_no_email: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)


@dataclass
class _Day:
    person: object
    reminders: list[Action] = field(default_factory=list)
    notification_ids: list[int] = field(default_factory=list)


def daily_send(
    *, today: date | None = None, within_days: int | None = None, base_url: str = ""
) -> DailyRun:
    """One email per person: their actions overdue or due within ``within_days`` days, and
    every notification not yet emailed (all of a daily-email reader's; an immediate
    reader's only if their email failed)."""
    today = today or timezone.localdate()
    within_days = settings.REMINDER_WITHIN_DAYS if within_days is None else within_days
    horizon = today + timedelta(days=within_days)
    days: dict[int, _Day] = {}
    for action in (
        Action.objects.open()
        .filter(owner__isnull=False, owner__is_active=True, deadline__lte=horizon)
        .select_related("owner", "finding__document__authority")
        .order_by("owner_id", "deadline", "pk")
    ):
        days.setdefault(action.owner_id, _Day(action.owner)).reminders.append(action)
    for pk, recipient_id in selectors.unsent().values_list("pk", "recipient_id"):
        if recipient_id not in days:
            days[recipient_id] = _Day(None)
        days[recipient_id].notification_ids.append(pk)
    _people_without_actions(days)
    run = DailyRun()
    for day in days.values():
        name = day.person.get_username()
        if not day.person.email:
            run.skipped_no_email.append(name)
            continue
        try:
            if not _send_one(day, today=today, horizon=horizon, base_url=base_url.rstrip("/")):
                continue
        except IntegrityError:
            run.already_sent.append(name)
            continue
        except Exception:
            # One bad address or a mail-server hiccup must not stop everyone
            # else's email; nothing was recorded, so the next run retries.
            logger.exception("Daily email to %s failed", name)
            run.failed.append(name)
            continue
        run.sent.append(name)
    return run


def _people_without_actions(days: dict[int, _Day]) -> None:
    missing = [pk for pk, day in days.items() if day.person is None]
    for person in get_user_model().objects.filter(pk__in=missing):
        days[person.pk].person = person


@transaction.atomic
def _send_one(day: _Day, *, today: date, horizon: date, base_url: str) -> bool:
    # The row goes in first: a second run the same day fails on the unique
    # constraint, and a failed send rolls the row back so a re-run retries.
    with transaction.atomic():
        ReminderSent.objects.create(
            owner=day.person, sent_on=today, action_count=len(day.reminders)
        )
    rows = list(
        selectors.unsent(recipient_ids=[day.person.pk])
        .filter(pk__in=day.notification_ids)
        .select_for_update(of=("self",))
    )
    shown = emails.items(rows, base_url=base_url)
    references = selectors.action_references(day.reminders)

    def listed(actions):
        return [
            (a, references[a.pk], base_url + reverse("tracker:action-detail", args=[a.pk]))
            for a in actions
        ]

    overdue = listed(a for a in day.reminders if a.deadline < today)
    due_soon = listed(a for a in day.reminders if a.deadline >= today)
    if day.reminders:
        subject = (
            f"Improvement actions: {len(overdue)} overdue, "
            f"{len(due_soon)} due by {govuk_date(horizon)}"
        )
        if shown:
            subject += f", {len(shown)} update{'s' if len(shown) != 1 else ''}"
    elif shown:
        subject = emails.subject(shown)
    else:
        # Everything was emailed at once after this run began: nothing to say today.
        transaction.set_rollback(True)
        return False
    message = emails.message(
        recipient=day.person,
        subject=subject,
        template="daily",
        context={
            "items": shown,
            "overdue": overdue,
            "due_soon": due_soon,
            "today": today,
            "horizon": horizon,
        },
        base_url=base_url,
    )
    message.extra_headers["X-Tracker-Action-Count"] = str(len(day.reminders))
    message.send()
    mark_emailed(rows)
    return True
