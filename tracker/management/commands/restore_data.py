"""Restore a folder written by ``backup_data`` into an empty database and file store.

Safe by refusal: it checks every file's checksum before writing anything,
refuses a database that already holds people, documents or actions, and
loads the data in one transaction, so a failed restore leaves no data.
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from tracker.backup import BackupError, backup_restore


class Command(BaseCommand):
    help = "Restore a backup_data folder into an empty database and file store."

    def add_arguments(self, parser):
        parser.add_argument("folder", type=Path, help="A folder written by backup_data.")

    def handle(self, *args, folder: Path, **options):
        try:
            summary = backup_restore(folder=folder)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            self.style.SUCCESS(f"Restored {summary.rows} rows and {summary.files} files.")
        )
