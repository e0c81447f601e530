"""Add or update the authority register from inspections/data/local-authorities.csv.

Migrations load it on a new database; run this after the data file changes.
Safe to run again: aliases added in the admin are kept.
"""

from django.core.management.base import BaseCommand

from inspections.services import register_load


class Command(BaseCommand):
    help = "Load the register of English local authorities (safe to run again)."

    def handle(self, *args, **options):
        created, updated = register_load()
        self.stdout.write(f"Authority register: {created} added, {updated} updated.")
