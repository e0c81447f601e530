"""Show what the importer reads from one Ofsted document, without saving anything."""

from __future__ import annotations

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from inspections.parsing import report_to_dict
from inspections.services import ReportImportError, authority_lookup, report_parse


class Command(BaseCommand):
    help = "Parse one Ofsted report or letter and print the result (nothing is saved)."

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--format", choices=["json", "text"], default="text")

    def handle(self, *args, file, format, **options):
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"{file}: no such file.")
        try:
            report = report_parse(data=path.read_bytes(), filename=path.name)
        except ReportImportError as error:
            raise CommandError(str(error)) from error
        parsed = report_to_dict(report)
        try:
            found = authority_lookup(report.local_authority, context=report.title)
        except ReportImportError as error:
            parsed["authority_code"] = None
            parsed["warnings"].append(str(error))
        else:
            parsed["authority_code"] = found.la_code or None
            parsed["delivered_by"] = found.provider or None
        if format == "json":
            self.stdout.write(json.dumps(parsed, indent=2, ensure_ascii=False))
            return
        for key in (
            "local_authority",
            "kind",
            "title",
            "visit_start",
            "visit_end",
            "letter_date",
            "published_date",
            "visit_number",
            "lead_inspector",
            "authority_code",
        ):
            self.stdout.write(f"{key.replace('_', ' ').capitalize()}: {parsed.get(key) or '–'}")
        self.stdout.write(f"Inspectors: {', '.join(parsed['inspectors']) or '–'}")
        for area, grade in parsed["grades"].items():
            self.stdout.write(f"Judgement: {area}: {grade}")
        for section in parsed["improvement_sections"]:
            self.stdout.write(f"\n{section['heading']}")
            for item in section["items"]:
                self.stdout.write(f"  - {item}")
        if parsed["areas_covered"]:
            self.stdout.write("\nAreas covered by the visit")
            for item in parsed["areas_covered"]:
                self.stdout.write(f"  - {item}")
        if parsed["suggested_findings"]:
            self.stdout.write("\nSuggested findings (to confirm)")
            for item in parsed["suggested_findings"]:
                self.stdout.write(f"  - {item}")
        self.stdout.write(f"\nParagraphs: {parsed['paragraphs']}")
        for warning in parsed["warnings"]:
            self.stdout.write(self.style.WARNING(f"Warning: {warning}"))
