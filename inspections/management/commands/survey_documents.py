"""Parse every Ofsted document in the given folders and print, per document family,
how many were read fully, read with warnings, or refused, and why. A document
whose authority is not one entry of the authority register counts as refused,
as the importer would refuse it.

Reads only; saves nothing. With ``--strict`` the command fails unless every
document was read fully.
"""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from inspections.parsing import parse_text
from inspections.parsing.survey import FULL, summary, survey
from inspections.services import ReportImportError, authority_lookup


def register_problem(report) -> str | None:
    """Why the document's authority does not resolve to one register entry, or None."""
    try:
        authority_lookup(report.local_authority, context=report.title)
    except ReportImportError as error:
        return str(error)
    return None


class Command(BaseCommand):
    help = "Parse a folder of Ofsted PDFs and print how well each document family was read."

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", help="PDF or text files, or folders of them")
        parser.add_argument("--list", action="store_true", help="name every file not read fully")
        parser.add_argument(
            "--strict", action="store_true", help="fail unless every file was read fully"
        )

    def handle(self, *args, paths, list, strict, **options):
        files = []
        for name in paths:
            path = Path(name)
            if path.is_dir():
                files += sorted(p for p in path.rglob("*") if p.suffix.lower() in (".pdf", ".txt"))
            elif path.is_file():
                files.append(path)
            else:
                raise CommandError(f"{name}: no such file or folder.")
        if not files:
            raise CommandError("No PDF or text files were found.")
        outcomes = survey(files, parse_text, register_problem)
        for line in summary(outcomes):
            self.stdout.write(line)
        if list:
            self.stdout.write("")
            for outcome in outcomes:
                if outcome.status != FULL:
                    self.stdout.write(
                        f"{outcome.status}: {outcome.name}: {'; '.join(outcome.reasons)}"
                    )
        short = [o for o in outcomes if o.status != FULL]
        if strict and short:
            raise CommandError(f"{len(short)} of {len(outcomes)} files were not read fully.")
