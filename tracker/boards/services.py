"""Writes for board meetings: record or change a meeting, keep the pack produced for it.

Only improvement managers record meetings, and only of authorities they may see.
The pack of a meeting that has been held is written once, as at the meeting's
day, and kept: every later download is that same file. A meeting whose pack is
kept keeps its date and authorities, since the pack says what they were.
"""

from __future__ import annotations

import hashlib
import tempfile
from collections.abc import Sequence
from datetime import date

from django.core.exceptions import PermissionDenied
from django.core.files import File
from django.db import transaction
from django.utils import timezone

from inspections.models import LocalAuthority
from tracker import permissions, scope, selectors
from tracker.board_pack import write_board_pack
from tracker.boards import selectors as board_selectors
from tracker.boards.models import BoardMeeting
from tracker.services import TrackerError

KEPT_PACK_CHANGE = (
    "The pack of this meeting has been kept, so its date and authorities cannot change. "
    "Record a new meeting instead."
)


def meeting_save(
    *,
    user,
    title: str,
    held_on: date,
    authorities: Sequence[LocalAuthority],
    meeting: BoardMeeting | None = None,
) -> BoardMeeting:
    """Record a new meeting, or change ``meeting``; ``TrackerError`` says what is wrong."""
    if not permissions.can_manage(user):
        raise PermissionDenied("Only improvement managers record board meetings.")
    if not authorities:
        raise TrackerError("Choose at least one authority", field="authorities")
    if not all(scope.can_see_authority(user, a.pk) for a in authorities):
        raise PermissionDenied("You do not have access to this authority.")
    if not title.strip():
        raise TrackerError("Enter a title for the meeting", field="title")
    with transaction.atomic():
        if meeting is None:
            meeting = BoardMeeting(created_by=user)
        else:
            meeting = BoardMeeting.objects.select_for_update().get(pk=meeting.pk)
            same = {a.pk for a in meeting.authorities.all()} == {a.pk for a in authorities}
            if meeting.pack and (meeting.held_on != held_on or not same):
                raise TrackerError(KEPT_PACK_CHANGE, field="held_on")
        meeting.title = title.strip()
        meeting.held_on = held_on
        meeting.save()
        meeting.authorities.set(authorities)
    return meeting


def meeting_since(meeting: BoardMeeting, *, user, today: date | None = None):
    """*Since the last board* for a meeting: from the previous meeting of the same
    authorities to the meeting's day (today while it is still to come)."""
    authorities = list(meeting.authorities.all())
    until = board_selectors.meeting_day(meeting, today)
    previous = board_selectors.previous_meeting(authorities, before=meeting.held_on)
    return board_selectors.since_last_board(
        user=user, authorities=authorities, until=until, previous=previous
    )


def meeting_pack_write(target, meeting: BoardMeeting, *, user, today: date | None = None):
    """The meeting's pack, with *Since the last board*, as at its day; the ``BoardPack``."""
    today = today or timezone.localdate()
    authorities = list(meeting.authorities.all())
    if not all(scope.can_see_authority(user, a.pk) for a in authorities):
        raise PermissionDenied("You do not have access to this authority.")
    day = board_selectors.meeting_day(meeting, today)
    # Written with the whole of its authorities, whoever asks: a kept pack is the board's.
    return write_board_pack(
        target,
        user=None,
        authorities=authorities,
        produced_by=selectors.person_name(user) or "Scheduled export",
        note=f"{meeting.title}, {day:%d/%m/%Y}",
        as_at=day,
        since=meeting_since(meeting, user=None, today=today),
    )


def meeting_pack_keep(meeting: BoardMeeting, *, user, today: date | None = None) -> BoardMeeting:
    """Keep the pack of a meeting that has been held, once; the meeting with its pack.

    A meeting still to come has no kept pack (``TrackerError``): its pack is
    produced afresh on each download until the day.
    """
    today = today or timezone.localdate()
    if meeting.held_on > today:
        raise TrackerError("The meeting has not been held yet, so its pack is not kept.")
    with transaction.atomic():
        meeting = BoardMeeting.objects.select_for_update().get(pk=meeting.pk)
        if meeting.pack:
            return meeting
        with tempfile.TemporaryFile(suffix=".xlsx") as handle:
            pack = meeting_pack_write(handle, meeting, user=user, today=today)
            handle.seek(0)
            meeting.pack_sha256 = hashlib.file_digest(handle, "sha256").hexdigest()
            handle.seek(0)
            meeting.pack.save("pack.xlsx", File(handle), save=False)
        meeting.pack_filename = pack.filename
        meeting.pack_produced_at = timezone.now()
        meeting.pack_produced_by = user
        meeting.save()
    return meeting
