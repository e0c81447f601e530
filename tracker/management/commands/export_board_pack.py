"""Write the Excel board pack of one authority to a file, for scheduled board papers.

    python manage.py export_board_pack --authority "South Gloucestershire"
    python manage.py export_board_pack --authority SG --output /srv/packs/sg.xlsx --as-user chair
    python manage.py export_board_pack --authority SG --as-at 2026-12-01 --since-meeting

Intent: the same workbook as the download button, produced by cron or by an
officer before a board meeting, without a browser.

Safety: it only reads the database. It writes one file, first under a
temporary name in the same folder and then renamed into place, so a reader
never sees half a workbook and a failed run leaves the previous file intact.
Without ``--as-user`` the pack holds the whole authority (whoever can run
this command can read the database anyway); with it, only what that person
may see, and the command refuses if they may not see the authority.
"""

import os
import tempfile
from datetime import date
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandError
from django.db.models import Q
from django.utils import timezone

from inspections.models import LocalAuthority
from tracker import board_pack
from tracker.boards import selectors as board_selectors


class Command(BaseCommand):
    help = "Write the Excel board pack of one authority to a file."

    def add_arguments(self, parser):
        parser.add_argument(
            "--authority", required=True, help="Name, code (e.g. SG) or slug of the authority."
        )
        parser.add_argument(
            "--output",
            help="Where to write the workbook (default: board-pack-<authority>-<date>.xlsx "
            "in the current folder). An existing file is replaced.",
        )
        parser.add_argument(
            "--as-at",
            metavar="YYYY-MM-DD",
            help="The plan as it stood at the end of this day (today or earlier), from history.",
        )
        parser.add_argument(
            "--since-meeting",
            nargs="?",
            const="latest",
            metavar="MEETING_ID",
            help="Add the 'Since the last board' sheet, from this board meeting (by default "
            "the latest recorded meeting of the authority before the as-at day).",
        )
        parser.add_argument(
            "--as-user",
            metavar="USERNAME",
            help="Export only what this user may see, and name them as the producer.",
        )

    def handle(
        self,
        *args,
        authority,
        output=None,
        as_user=None,
        as_at=None,
        since_meeting=None,
        **options,
    ):
        found = self._authority(authority)
        user = None
        if as_user:
            try:
                user = get_user_model().objects.get(username=as_user)
            except get_user_model().DoesNotExist:
                raise CommandError(f'There is no user called "{as_user}".') from None
        today = timezone.localdate()
        day = self._as_at(as_at, today)
        since = self._since(since_meeting, found, day, user) if since_meeting else None
        path = Path(
            output
            or board_pack.board_pack_filename(
                authority=found, today=day, since=since.since if since else None
            )
        )
        if path.is_dir():
            raise CommandError(f"{path} is a folder; give a file name for --output.")
        if not path.parent.is_dir():
            raise CommandError(f"The folder {path.parent} does not exist.")
        with tempfile.NamedTemporaryFile(
            dir=path.parent, prefix=".board-pack-", suffix=".xlsx", delete=False
        ) as handle:
            temporary = handle.name
            try:
                pack = board_pack.write_board_pack(
                    handle,
                    user=user,
                    authority=found,
                    today=today,
                    as_at=day if as_at else None,
                    since=since,
                )
            except PermissionDenied:
                os.unlink(temporary)
                raise CommandError(f"{as_user} may not see {found.name}.") from None
            except BaseException:
                os.unlink(temporary)
                raise
        os.replace(temporary, path)
        self.stdout.write(
            f"Wrote {path}: {pack.action_count} actions ({pack.overdue_count} overdue), "
            f"{pack.finding_count} findings."
        )

    def _as_at(self, text: str | None, today: date) -> date:
        if not text:
            return today
        try:
            day = date.fromisoformat(text.strip())
        except ValueError:
            raise CommandError(f'"{text}" is not a date: give it as YYYY-MM-DD.') from None
        if day > today:
            raise CommandError(f"{text} is after today: a pack can only be as at a past day.")
        return day

    def _since(self, meeting_id: str, authority: LocalAuthority, day: date, user):
        if meeting_id == "latest":
            previous = board_selectors.previous_meeting([authority], before=day, user=user)
            if previous is None:
                raise CommandError(
                    f"No board meeting of {authority.name} before {day} is recorded."
                )
        else:
            previous = (
                board_selectors.meeting_list(user=user)
                .filter(pk=meeting_id if meeting_id.isdigit() else None)
                .first()
            )
            if previous is None:
                raise CommandError(f'There is no board meeting with id "{meeting_id}".')
            if previous.held_on > day:
                raise CommandError(f"That meeting was held after {day}; choose an earlier one.")
        return board_selectors.since_last_board(
            user=user, authorities=[authority], until=day, previous=previous
        )

    def _authority(self, text: str) -> LocalAuthority:
        text = text.strip()
        matches = list(
            LocalAuthority.objects.filter(
                Q(name__iexact=text) | Q(slug__iexact=text) | Q(code__iexact=text)
            )
        )
        if len(matches) == 1:
            return matches[0]
        exact = [a for a in matches if a.name.lower() == text.lower()]
        if len(exact) == 1:
            return exact[0]
        if matches:
            names = ", ".join(a.name for a in matches)
            raise CommandError(f'"{text}" matches several authorities ({names}); give the name.')
        known = ", ".join(LocalAuthority.objects.values_list("name", flat=True)) or "none yet"
        raise CommandError(f'No authority called "{text}". Known authorities: {known}.')
