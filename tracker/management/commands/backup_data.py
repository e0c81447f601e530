"""Back up the whole database (with history) and every stored file into a new folder.

Read-only for the app: safe to run while people use it (one consistent
snapshot on PostgreSQL). The folder holds password hashes and evidence about
children: move it to encrypted storage. Restore with ``restore_data``.
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from tracker.backup import BackupError, backup_create


class Command(BaseCommand):
    help = "Back up the database and the evidence and document files into a new folder."

    def add_arguments(self, parser):
        parser.add_argument("--output", required=True, type=Path, help="A new or empty folder.")

    def handle(self, *args, output: Path, **options):
        try:
            summary = backup_create(folder=output)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            self.style.SUCCESS(
                f"Backed up {summary.rows} rows and {summary.files} files to {summary.folder}."
            )
        )
