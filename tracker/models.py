"""Improvement actions on Ofsted findings: who owns them, by when, how far along, with what proof.

Statuses, the RAG rule and "overdue" live in ``tracker.statuses``.
"""

from __future__ import annotations

import uuid
from datetime import date
from pathlib import PurePosixPath

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Exists, OuterRef, Q, Subquery
from django.utils import timezone
from simple_history import register
from simple_history.models import HistoricalRecords

from inspections.models import LocalAuthority
from tracker.formats import govuk_date, shorten
from tracker.statuses import (
    ACTION_STATUS_CHOICES,
    CLOSED_STATUSES,
    DONE_STATUSES,
    ENDED_STATUSES,
    OWNER_MOVES,
    Rag,
    ReviewState,
    Status,
    amber_horizon,
    derive_rag,
    overdue_condition,
    rag_expression,
    rag_rank_expression,
    rag_reason,
)


class Membership(models.Model):
    """A user may see the data of the authorities they belong to, and nothing else."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    authority = models.ForeignKey(
        LocalAuthority, on_delete=models.CASCADE, related_name="memberships"
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["authority__name"]
        constraints = [
            models.UniqueConstraint(fields=["user", "authority"], name="membership_unique")
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.authority}"


DEADLINE_BEFORE_START = "The deadline must be the same as or after the start date"
DEADLINE_REASON_REQUIRED = "Say why the deadline is changing"


class ActionQuerySet(models.QuerySet):
    def for_user(self, user):
        """Actions of the authorities the user belongs to (all of them for a superuser)."""
        from tracker import scope  # scope reads Membership, defined below

        return scope.visible(self, user, via="finding__document__authority")

    def open(self):
        return self.exclude(status__in=ENDED_STATUSES)

    def counted(self):
        """Actions that take part in RAG and status counts: not cancelled or superseded."""
        return self.exclude(status__in=CLOSED_STATUSES)

    def overdue(self, today: date | None = None):
        return self.filter(overdue_condition(today or timezone.localdate()))

    def due_soon(self, today: date | None = None):
        """Open, not overdue, and due within ``RAG_AMBER_WITHIN_DAYS``."""
        today = today or timezone.localdate()
        return self.open().filter(deadline__gte=today, deadline__lte=amber_horizon(today))

    def with_rag(self, today: date | None = None):
        today = today or timezone.localdate()
        return self.annotate(rag=rag_expression(today), rag_rank=rag_rank_expression(today))

    def with_latest_update(self):
        latest = ProgressUpdate.objects.filter(
            action=OuterRef("pk"), retracted_at__isnull=True
        ).order_by("-created_at", "-pk")
        return self.annotate(
            latest_update_text=Subquery(latest.values("text")[:1]),
            latest_update_at=Subquery(latest.values("created_at")[:1]),
        )


def has_counted_action() -> Exists:
    """For findings: whether one has an action that counts (``ActionQuerySet.counted``).

    A finding whose only actions were cancelled has none, as its action count says: it
    needs planning again.
    """
    return Exists(Action.objects.counted().filter(finding=OuterRef("pk")))


class Action(models.Model):
    finding = models.ForeignKey(
        "inspections.Finding", on_delete=models.PROTECT, related_name="actions"
    )
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="owned_actions",
    )
    lead_role = models.CharField(
        max_length=200, blank=True, help_text="For example, Head of Service, Care Leavers."
    )
    start_date = models.DateField(null=True, blank=True)
    deadline = models.DateField()
    # Kept as first set, so a board can tell a re-dated miss from honest progress;
    # every later move of ``deadline`` counts and keeps its reason (services only).
    original_deadline = models.DateField(editable=False)
    deadline_revisions = models.PositiveIntegerField(default=0, editable=False)
    deadline_reason = models.TextField("reason for moving the deadline", blank=True, editable=False)
    status = models.CharField(
        max_length=20, choices=ACTION_STATUS_CHOICES, default=Status.NOT_STARTED
    )
    # Why a manager verified the action although some evidence was not accepted.
    verified_override_reason = models.TextField(
        "reason for verifying before the evidence was accepted", blank=True, editable=False
    )
    at_risk = models.BooleanField(default=False)
    at_risk_reason = models.TextField(blank=True)
    closed_reason = models.TextField(
        "reason for cancelling or superseding", blank=True, editable=False
    )
    superseded_by = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="supersedes",
        editable=False,
    )
    success_measure = models.TextField(
        blank=True, help_text="How we will know it has worked: the impact, not just the activity."
    )
    # Optimistic locking: every write bumps it; a form carrying an older value is refused.
    version = models.PositiveIntegerField(default=1, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(default=timezone.now, editable=False)

    history = HistoricalRecords()
    objects = ActionQuerySet.as_manager()

    class Meta:
        ordering = ["deadline", "pk"]
        indexes = [
            models.Index(fields=["status", "deadline"]),
            # Open actions in deadline order: the dashboard's overdue and next-deadline
            # lists read ten rows from here instead of sorting every open action.
            models.Index(
                fields=["deadline", "id"],
                condition=~Q(status__in=ENDED_STATUSES),
                name="action_open_by_deadline",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(start_date__isnull=True) | Q(start_date__lte=models.F("deadline")),
                name="action_starts_before_deadline",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs):
        if self.original_deadline is None:
            self.original_deadline = self.deadline
        super().save(*args, **kwargs)

    @property
    def slipped(self) -> bool:
        return self.deadline_revisions > 0

    @property
    def deadline_revised_words(self) -> str:
        """E.g. "Deadline revised twice, originally 8 December 2026"; empty if never moved."""
        if not self.slipped:
            return ""
        times = {1: "once", 2: "twice"}.get(self.deadline_revisions)
        times = times or f"{self.deadline_revisions} times"
        return f"Deadline revised {times}, originally {govuk_date(self.original_deadline)}"

    def revise_deadline(self, new_deadline: date, reason: str) -> str:
        """Move the deadline, counting the move and keeping its reason.

        Returns the words for the history's change reason (who and when are the
        history row's own), or an empty string when the deadline does not move.
        Raises ``ValidationError`` when the deadline moves without a reason.
        """
        if new_deadline == self.deadline:
            return ""
        reason = reason.strip()
        if not reason:
            raise ValidationError({"deadline_reason": DEADLINE_REASON_REQUIRED})
        old = self.deadline
        self.deadline = new_deadline
        self.deadline_revisions += 1
        self.deadline_reason = reason
        return f"Deadline: {govuk_date(old)} → {govuk_date(new_deadline)}"

    def clean(self):
        if self.start_date and self.deadline and self.start_date > self.deadline:
            raise ValidationError({"deadline": DEADLINE_BEFORE_START})
        if self.at_risk and not self.at_risk_reason.strip():
            raise ValidationError({"at_risk_reason": "Say why the action is at risk."})

    @property
    def is_done(self) -> bool:
        return self.status in DONE_STATUSES

    @property
    def is_closed(self) -> bool:
        return self.status in CLOSED_STATUSES

    def get_rag(self, today: date | None = None) -> Rag:
        return derive_rag(
            status=self.status,
            deadline=self.deadline,
            at_risk=self.at_risk,
            owned=self.owner_id is not None,
            today=today or timezone.localdate(),
        )

    def get_rag_reason(self, today: date | None = None) -> str:
        return rag_reason(
            status=self.status,
            deadline=self.deadline,
            at_risk=self.at_risk,
            owned=self.owner_id is not None,
            today=today or timezone.localdate(),
        )

    def transition_problem(self, new_status: str, *, by_manager: bool, evidence_count: int) -> str:
        """Why this move is not allowed, or an empty string when it is."""
        labels = dict(ACTION_STATUS_CHOICES)
        if new_status not in labels:
            return "Choose a valid status."
        if new_status == self.status:
            return f"The action is already {labels[new_status].lower()}."
        if self.status in CLOSED_STATUSES:
            return f"A {labels[self.status].lower()} action cannot change status."
        if new_status in CLOSED_STATUSES and not by_manager:
            return "Only an improvement manager can cancel or supersede an action."
        if new_status == Status.VERIFIED:
            if not by_manager:
                return "Only an improvement manager can verify an action."
            if self.status != Status.COMPLETED:
                return "An action can only be verified once it has been completed."
        if new_status == Status.COMPLETED and evidence_count < 1:
            return "Add at least one piece of evidence before marking the action completed."
        if by_manager:
            return ""
        if new_status in OWNER_MOVES.get(self.status, set()):
            return ""
        if self.status in DONE_STATUSES:
            return "Only an improvement manager can reopen a completed or verified action."
        return (
            f"An action owner cannot move an action from {labels[self.status].lower()} "
            f"to {labels[new_status].lower()}; ask an improvement manager."
        )


class ProgressUpdate(models.Model):
    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="updates")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    text = models.TextField()
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    edited_at = models.DateTimeField(null=True, blank=True, editable=False)
    retracted_at = models.DateTimeField(null=True, blank=True, editable=False)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["action", "-created_at"])]

    def __str__(self) -> str:
        return shorten(self.text, 60)


class EvidenceKind(models.TextChoices):
    FILE = "file", "File"
    LINK = "link", "Link"
    NOTE = "note", "Note"


class EvidenceQuerySet(models.QuerySet):
    def current(self):
        """Evidence that counts towards sign-off and reviews: not withdrawn."""
        return self.exclude(review_state=ReviewState.WITHDRAWN)


def evidence_upload_to(instance: Evidence, filename: str) -> str:
    # The stored name never comes from the user: a random name keeps paths
    # unguessable and free of traversal; the extension only helps people
    # browsing the store.
    suffix = PurePosixPath(filename).suffix.lower()[:8]
    return f"evidence/{timezone.now():%Y/%m}/{uuid.uuid4().hex}{suffix}"


class Evidence(models.Model):
    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="evidence")
    kind = models.CharField(max_length=10, choices=EvidenceKind.choices)
    title = models.CharField(max_length=200, blank=True)
    file = models.FileField(upload_to=evidence_upload_to, blank=True, max_length=255)
    original_name = models.CharField(max_length=200, blank=True)
    content_type = models.CharField(max_length=120, blank=True)
    size = models.PositiveBigIntegerField(null=True, blank=True)
    url = models.URLField(max_length=500, blank=True)
    note = models.TextField(blank=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    added_at = models.DateTimeField(default=timezone.now, editable=False)
    review_state = models.CharField(
        max_length=20, choices=ReviewState.choices, default=ReviewState.PENDING
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    review_comment = models.TextField(blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    withdrawal_reason = models.TextField(blank=True)

    history = HistoricalRecords()
    objects = EvidenceQuerySet.as_manager()

    class Meta:
        ordering = ["-added_at", "-pk"]
        verbose_name_plural = "evidence"

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        if self.title:
            return self.title
        if self.kind == EvidenceKind.FILE:
            return self.original_name or "File"
        if self.kind == EvidenceKind.LINK:
            return self.url
        return shorten(self.note, 60)

    def clean(self):
        required = {
            EvidenceKind.FILE: ("file", "Choose a file to upload."),
            EvidenceKind.LINK: ("url", "Enter the link to the evidence."),
            EvidenceKind.NOTE: ("note", "Write the note."),
        }
        if self.kind in required and self.review_state != ReviewState.WITHDRAWN:
            field, message = required[self.kind]
            if not getattr(self, field):
                raise ValidationError({field: message})
        if self.review_state == ReviewState.MORE_REQUESTED and not self.review_comment.strip():
            raise ValidationError({"review_comment": "Say what more is needed."})
        if self.review_state == ReviewState.WITHDRAWN and not self.withdrawal_reason.strip():
            raise ValidationError({"withdrawal_reason": "Say why the evidence is withdrawn."})


class ReminderSent(models.Model):
    """One row per owner per day: running ``send_reminders`` twice in a day sends nothing twice."""

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reminders_sent"
    )
    sent_on = models.DateField()
    action_count = models.PositiveIntegerField()
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["-sent_on"]
        constraints = [
            models.UniqueConstraint(fields=["owner", "sent_on"], name="reminder_once_per_day")
        ]

    def __str__(self) -> str:
        return f"{self.owner} – {self.sent_on}"


class SettledStatus(models.Model):
    """How a finding's actions stood at the end of a day that is over, kept once worked out.

    Read from the actions' history, which only grows forward in time: nothing
    saved today changes how things stood on an earlier day, so the answer for a
    past day is worked out once and kept (``tracker.settled``, run after midnight).
    National views read these rows instead of walking every action's history.
    The RAG depends on settings too: ``rules`` records those it was worked out
    under, and rows kept under others are not read (``tracker.as_at.kept_now``).
    Commands that write history with past dates forget the rows they touch.
    """

    finding = models.ForeignKey(
        "inspections.Finding", on_delete=models.CASCADE, related_name="settled_statuses"
    )
    on = models.DateField()
    rag = models.CharField(
        max_length=10, choices=Rag.choices, blank=True, help_text="Blank: no actions yet."
    )
    counts = models.JSONField(default=dict, help_text='Actions by status, e.g. {"verified": 2}.')
    claims_progress = models.BooleanField()
    rules = models.CharField(
        max_length=100, blank=True, help_text="The settings it was worked out under."
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["finding", "on"], name="settled_status_once_a_day")
        ]

    def __str__(self) -> str:
        return f"{self.finding_id} on {self.on}"


# --- Audit of people ---------------------------------------------------------


class UserHistoricalRecords(HistoricalRecords):
    """User history without a row for every sign-in (Django saves only last_login then)."""

    def post_save(self, instance, created, using=None, **kwargs):
        update_fields = kwargs.get("update_fields")
        if not created and update_fields and set(update_fields) <= {"last_login"}:
            return
        super().post_save(instance, created, using=using, **kwargs)


# Who was given an account, made staff, deactivated or given a role, by whom
# and when. Password hashes are never copied into history.
register(
    get_user_model(),
    app="tracker",
    records_class=UserHistoricalRecords,
    table_name="tracker_historicaluser",
    excluded_fields=["password", "last_login"],
    m2m_fields=["groups"],
)


# Plan import, measures and board meetings keep their models beside their code; Django
# finds them here.
from tracker.boards.models import BoardMeeting  # noqa: E402, F401
from tracker.measures.models import Measure, MeasureValue  # noqa: E402, F401
from tracker.notifications.models import Notification, NotificationPreference  # noqa: E402, F401
from tracker.plans.models import PlanImport  # noqa: E402, F401
