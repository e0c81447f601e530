"""Rewrite themes' stored reasons from the grouping's own notation ("shared: x, y; average
similarity 0.42 across 3 findings") into the sentence new themes are given."""

import re

from django.db import migrations

# Plain Python without Django or models: the one wording of a theme's reason.
from inspections.matching.themes import reason_words

OLD = re.compile(r"^shared: (?P<words>.*); average similarity [\d.]+ across (?P<count>\d+) findings$")


def forwards(apps, schema_editor):
    Theme = apps.get_model("inspections", "Theme")
    changed = []
    for theme in Theme.objects.filter(reason__startswith="shared: ").only("pk", "reason"):
        match = OLD.match(theme.reason)
        if match:
            words = [w for w in match["words"].split(", ") if w and w != "wording"]
            theme.reason = reason_words(words, int(match["count"]))
            changed.append(theme)
    Theme.objects.bulk_update(changed, ["reason"], batch_size=500)


class Migration(migrations.Migration):
    dependencies = [("inspections", "0013_finding_ofsted_wording_and_rejection_reason")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
