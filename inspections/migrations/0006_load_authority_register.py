"""Load the authority register, and fill the new meaning and National Framework
fields of documents imported before they existed."""

from django.db import migrations


def load(apps, schema_editor):
    from inspections.parsing import framework, grade_meaning
    from inspections.services.authorities import register_load

    register_load(model=apps.get_model("inspections", "RegisteredAuthority"))
    Judgement = apps.get_model("inspections", "Judgement")
    for judgement in Judgement.objects.filter(meaning=""):
        judgement.meaning = grade_meaning(judgement.grade) or ""
        judgement.save(update_fields=["meaning"])
    Finding = apps.get_model("inspections", "Finding")
    for finding in Finding.objects.exclude(framework_reference=""):
        parts = framework.parts(finding.framework_reference)
        if parts:
            finding.framework_kind, finding.framework_number = parts
            finding.save(update_fields=["framework_kind", "framework_number"])


class Migration(migrations.Migration):
    dependencies = [("inspections", "0005_authority_register_and_printed_grades")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
