"""What each person was told about their actions, and how often they want to be told."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone


class Frequency(models.TextChoices):
    IMMEDIATE = "immediate", "As it happens"
    DAILY = "daily", "Once a day, in the daily email"


class Kind(models.TextChoices):
    ASSIGNED = "assigned", "Assigned to you"
    MOVED_AWAY = "moved_away", "Moved to someone else"
    MORE_EVIDENCE = "more_evidence", "More evidence asked for"
    EVIDENCE_ACCEPTED = "evidence_accepted", "Evidence accepted"
    VERIFIED = "verified", "Verified"
    REOPENED = "reopened", "Reopened"


class NotificationPreference(models.Model):
    """How a person wants to hear; someone without a row hears at once."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_preference"
    )
    frequency = models.CharField(
        max_length=20, choices=Frequency.choices, default=Frequency.IMMEDIATE
    )
    updated_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"{self.user}: {self.get_frequency_display()}"


class Notification(models.Model):
    """One person told of one event on one action; ``emailed_at`` is set once it is sent.

    A notification not yet emailed (a daily-email reader's, or one whose immediate
    email failed) goes into the recipient's next daily email.
    """

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField(max_length=30, choices=Kind.choices)
    action = models.ForeignKey(
        "tracker.Action", on_delete=models.CASCADE, related_name="notifications"
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    evidence = models.ForeignKey(
        "tracker.Evidence", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # What the person is asked or told beyond the event: the reviewer's comment,
    # the evidence's name, the new owner's name.
    detail = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    emailed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "pk"]
        indexes = [
            models.Index(
                fields=["recipient", "created_at"],
                condition=models.Q(emailed_at__isnull=True),
                name="notification_unsent",
            )
        ]

    def __str__(self) -> str:
        return f"{self.recipient} – {self.get_kind_display()} – {self.action_id}"
