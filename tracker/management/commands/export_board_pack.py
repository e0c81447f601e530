"""Write the Excel board pack of one authority to a file, for scheduled board papers.

    python manage.py export_board_pack --authority "South Gloucestershire"
    python manage.py export_board_pack --authority SG --output /srv/packs/sg.xlsx --as-user chair

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
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandError
from django.db.models import Q
from django.utils import timezone

from inspections.models import LocalAuthority
from tracker import board_pack


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
            "--as-user",
            metavar="USERNAME",
            help="Export only what this user may see, and name them as the producer.",
        )

    def handle(self, *args, authority, output=None, as_user=None, **options):
        found = self._authority(authority)
        user = None
        if as_user:
            try:
                user = get_user_model().objects.get(username=as_user)
            except get_user_model().DoesNotExist:
                raise CommandError(f'There is no user called "{as_user}".') from None
        today = timezone.localdate()
        path = Path(output or board_pack.board_pack_filename(authority=found, today=today))
        if path.is_dir():
            raise CommandError(f"{path} is a folder; give a file name for --output.")
        if not path.parent.is_dir():
            raise CommandError(f"The folder {path.parent} does not exist.")
        with tempfile.NamedTemporaryFile(
            dir=path.parent, prefix=".board-pack-", suffix=".xlsx", delete=False
        ) as handle:
            temporary = handle.name
            try:
                pack = board_pack.write_board_pack(handle, user=user, authority=found, today=today)
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
