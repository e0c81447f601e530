"""Fill an empty database with synthetic authorities and plans: see ``bench.scale_data``."""

import time
from datetime import date

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.utils import timezone

from bench.scale_data.base import DEFAULT_PASSWORD, NATIONAL_MANAGER, SCALE_ADMIN, Options
from bench.scale_data.generator import Generator
from inspections.models import LocalAuthority


class Command(BaseCommand):
    help = "Fill an empty database with synthetic authorities, documents and plans for benchmarks."

    def add_arguments(self, parser):
        parser.add_argument("--authorities", type=int, default=150)
        parser.add_argument("--years", type=int, default=10)
        parser.add_argument(
            "--until",
            type=date.fromisoformat,
            default=None,
            help="The day the data runs up to (YYYY-MM-DD); today by default.",
        )
        parser.add_argument("--seed", type=int, default=2025)
        parser.add_argument("--findings-per-document", type=float, default=10)
        parser.add_argument("--paragraphs-per-document", type=float, default=30)
        parser.add_argument("--actions-per-finding", type=float, default=4)
        parser.add_argument("--history-per-action", type=float, default=5)
        parser.add_argument("--updates-per-action", type=float, default=2)
        parser.add_argument("--evidence-per-action", type=float, default=1)
        parser.add_argument("--owners-per-authority", type=int, default=6)
        parser.add_argument(
            "--password",
            default=DEFAULT_PASSWORD,
            help="The one password every generated person gets.",
        )
        parser.add_argument(
            "--force",
            action="store_true",
            help="Run with DEBUG and TESTING off (with DEV_TOOLS=1). Never on a real service.",
        )

    def handle(self, *args, **o):
        if not (settings.DEBUG or getattr(settings, "TESTING", False) or o["force"]):
            raise CommandError(
                "Scale data gives every generated person a published password; run it with "
                "DEBUG=1 or TESTING=1 on a throwaway database (or --force if you really mean to)."
            )
        existing = LocalAuthority.objects.count()
        if existing:
            raise CommandError(
                f"The database already holds {existing} local authorities. generate_scale_data "
                "only fills an empty database, so that invented records never mix with real "
                "ones: point DATABASE_URL (or VAR_DIR) at a fresh database and migrate it first."
            )
        if o["authorities"] < 1 or o["years"] < 1:
            raise CommandError("--authorities and --years must be at least 1.")
        options = Options(
            authorities=o["authorities"],
            years=o["years"],
            until=o["until"] or timezone.localdate(),
            seed=o["seed"],
            findings_per_document=o["findings_per_document"],
            paragraphs_per_document=o["paragraphs_per_document"],
            actions_per_finding=o["actions_per_finding"],
            history_per_action=o["history_per_action"],
            updates_per_action=o["updates_per_action"],
            evidence_per_action=o["evidence_per_action"],
            owners_per_authority=o["owners_per_authority"],
        )
        verbose = o["verbosity"] >= 2
        started = time.perf_counter()
        generator = Generator(options, self.stdout.write if verbose else lambda _: None)
        with transaction.atomic():
            counts = generator.run(o["password"])
            if connection.vendor == "postgresql":
                # Fresh planner statistics: until autovacuum gets to them, PostgreSQL
                # plans joins over these tables as if they were empty (minutes, not ms).
                with connection.cursor() as cursor:
                    cursor.execute("ANALYZE")
        elapsed = time.perf_counter() - started
        if o["verbosity"]:
            for name, n in counts.rows.items():
                self.stdout.write(f"{n:>9,} {name}")
            self.stdout.write(
                f"Generated in {elapsed:.0f}s (seed {options.seed}, up to {options.until}). "
                f"Sign in as {NATIONAL_MANAGER} (every authority) or {SCALE_ADMIN} (admin), "
                "or manager@<authority-slug>.example.gov.uk, with the --password given."
            )
