"""A board meeting (of one authority or a group of them) and the pack kept for it."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from simple_history.models import HistoricalRecords


def kept_pack_upload_to(instance: BoardMeeting, filename: str) -> str:
    # A random stored name, never the download's: the file is served only through a view.
    return f"board-packs/{timezone.now():%Y/%m}/{uuid.uuid4().hex}.xlsx"


class BoardMeeting(models.Model):
    """One meeting of an improvement board, scrutiny committee or similar.

    A board of several authorities (a regional or trust board) is one meeting of
    all of them: only people who may see every one of them see the meeting.
    """

    title = models.CharField(max_length=200)
    held_on = models.DateField("date of the meeting")
    authorities = models.ManyToManyField(
        "inspections.LocalAuthority", related_name="board_meetings"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    # The pack produced for the meeting, once it has been held: kept so that the
    # same file can be downloaded again unchanged. Never replaced.
    pack = models.FileField(upload_to=kept_pack_upload_to, blank=True, max_length=255)
    pack_filename = models.CharField(max_length=200, blank=True)
    pack_sha256 = models.CharField(max_length=64, blank=True)
    pack_produced_at = models.DateTimeField(null=True, blank=True)
    pack_produced_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    history = HistoricalRecords(m2m_fields=[authorities])

    class Meta:
        ordering = ["-held_on", "-pk"]

    def __str__(self) -> str:
        return self.title
