"""Import a council's improvement plan from a spreadsheet (.xlsx or .csv).

    python manage.py import_plan plan.xlsx --authority SG --as-user manager@example.gov.uk
    python manage.py import_plan plan.csv --authority SG --dry-run

Intent: the browser import's engine for an officer with shell access, or for a
large plan. It reads the sheet (``--sheet``; by default the one whose headings
look most like a plan's), finds the heading row (``--header-row`` to choose it),
guesses the columns, matches findings and owners, and prints what it would do.

Safety: nothing is written with ``--dry-run``, nor when any row cannot be read or
anything is left to decide; then it lists them and exits with an error. A person
decides in the browser; here ``--accept-suggested`` takes the best similar finding,
``--leave-out`` leaves out rows whose finding is not found, and ``--unassigned``
leaves actions of unknown owners unassigned. Nobody is ever created. The import is
one transaction, recorded in history as made by ``--as-user`` (a manager) or by
nobody; importing the same file again changes nothing.
"""

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db.models import Q

from inspections.models import LocalAuthority
from tracker.plans.service import (
    LEAVE_OUT,
    UNASSIGNED,
    Decisions,
    PlanImportError,
    plan_import,
    plan_preview,
)


class Command(BaseCommand):
    help = "Import an improvement plan from an .xlsx or .csv file."

    def add_arguments(self, parser):
        parser.add_argument("path", help="The plan spreadsheet.")
        parser.add_argument(
            "--authority", required=True, help="Name, code (e.g. SG) or slug of the authority."
        )
        parser.add_argument("--as-user", help="Username of the manager the import is recorded as.")
        parser.add_argument(
            "--sheet", help="The sheet to read (default: the one with a plan's headings)."
        )
        parser.add_argument("--header-row", type=int, help="The row with the column headings.")
        parser.add_argument("--accept-suggested", action="store_true")
        parser.add_argument("--leave-out", action="store_true")
        parser.add_argument("--unassigned", action="store_true")
        parser.add_argument("--dry-run", action="store_true", help="Show what would change.")

    def handle(self, *args, **options):
        path = Path(options["path"])
        if not path.is_file():
            raise CommandError(f"No such file: {path}")
        wanted = options["authority"]
        authority = LocalAuthority.objects.filter(
            Q(name__iexact=wanted) | Q(code__iexact=wanted) | Q(slug__iexact=wanted)
        ).first()
        if authority is None:
            raise CommandError(f"No authority called {wanted!r}.")
        user = None
        if options["as_user"]:
            user = get_user_model().objects.filter(username=options["as_user"]).first()
            if user is None:
                raise CommandError(f"No user called {options['as_user']!r}.")
        try:
            preview = plan_preview(
                data=path.read_bytes(),
                filename=path.name,
                authority=authority,
                user=user,
                sheet=options["sheet"],
                header_row=options["header_row"],
            )
        except PlanImportError as exc:
            raise CommandError(exc.message) from exc
        if preview.column_problem:
            raise CommandError(
                f"{preview.column_problem} Headings on row {preview.header_row}: "
                f"{', '.join(h for h in preview.headers if h)}."
            )
        self.stdout.write(
            f"{preview.filename}, sheet {preview.sheet!r}, headings on row {preview.header_row}: "
            f"{len(preview.rows)} action rows."
        )
        for label, heading in preview.mapped:
            self.stdout.write(f"  {label}: {heading}")
        for number, reason in preview.problems:
            self.stderr.write(f"Row {number}: {reason}")
        decisions = Decisions(
            findings={
                c.key: (c.suggested if options["accept_suggested"] and c.suggested else LEAVE_OUT)
                for c in preview.to_confirm
                if (options["accept_suggested"] and c.suggested) or options["leave_out"]
            },
            owners={c.key: UNASSIGNED for c in preview.unmatched_owners if options["unassigned"]},
        )
        for choice in preview.to_confirm:
            best = choice.candidates[0] if choice.candidates else None
            hint = f"best match {best[1]} ({best[2]:.2f})" if best else "no similar finding"
            self.stdout.write(f"Finding to confirm: {choice.text!r} (rows {choice.rows}): {hint}")
        for choice in preview.unmatched_owners:
            self.stdout.write(f"Owner not found: {choice.text!r} (rows {choice.rows})")
        for choice in preview.unknown_words:
            self.stdout.write(f"Unknown {choice.column} word: {choice.text!r} (rows {choice.rows})")
        if options["dry_run"]:
            self.stdout.write("Dry run: nothing was saved.")
            return
        try:
            result = plan_import(preview=preview, user=user, decisions=decisions)
        except PlanImportError as exc:
            raise CommandError(f"Nothing was saved. {exc.message}") from exc
        self.stdout.write(self.style.SUCCESS(result.message))
