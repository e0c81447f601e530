"""Themes suggested before reasons were sentences are reworded by a data migration."""

import importlib

import pytest
from django.apps import apps

from inspections.matching.themes import reason_words
from inspections.models import Theme
from tests.factories import LocalAuthorityFactory

migration = importlib.import_module("inspections.migrations.0014_theme_reasons_in_plain_words")


@pytest.mark.django_db
def test_old_reasons_become_the_sentence_new_themes_get():
    authority = LocalAuthorityFactory()
    old = "shared: return home interviews, timeliness; average similarity 0.42 across 3 findings"
    bare = "shared: wording; average similarity 0.31 across 2 findings"
    written = "Both mention return home interviews"
    themes = [
        Theme.objects.create(authority=authority, title=r[:20], reason=r)
        for r in (old, bare, written)
    ]

    migration.forwards(apps, None)

    reasons = [Theme.objects.get(pk=t.pk).reason for t in themes]
    assert reasons == [
        reason_words(("return home interviews", "timeliness"), 3),
        reason_words((), 2),
        written,
    ]
