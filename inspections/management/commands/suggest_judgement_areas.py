"""Suggest a judgement area for every finding that has none: findings of documents
imported before judgement areas were records, or whose area a migration could not read.

    python manage.py suggest_judgement_areas
    python manage.py suggest_judgement_areas --authority "South Gloucestershire"

Safe to run again: a finding that already has an area, suggested or confirmed, is left
alone, so a person's decision is never overwritten. Each document is one transaction.
"""

from __future__ import annotations

from django.core.management.base import BaseCommand

from inspections.areas.services import areas_suggest
from inspections.management.commands.suggest_followups import authority_named
from inspections.models import Document, Finding


class Command(BaseCommand):
    help = "Suggest a judgement area for every finding that has none."

    def add_arguments(self, parser):
        parser.add_argument("--authority", help="Only this authority (name, code or alias).")

    def handle(self, *args, authority=None, **options):
        documents = Document.objects.filter(findings__area__isnull=True).distinct()
        if authority:
            documents = documents.filter(authority=authority_named(authority))
        total = 0
        for document in documents.select_related("authority").defer("text").order_by("pk"):
            suggested = len(areas_suggest(document=document))
            total += suggested
            if suggested and options["verbosity"] > 1:
                self.stdout.write(f"{document}: {suggested}")
        left = Finding.objects.filter(document__in=documents.values("pk"), area__isnull=True)
        left = left.count()
        self.stdout.write(
            f"Suggested a judgement area for {total} findings; {left} still have none "
            "(their document's date is before every framework era, or nothing in them "
            "points to an area)."
        )
