from django.db import migrations


def fill_empty_slugs(apps, schema_editor):
    """Authorities whose name slugged to nothing get a usable URL name."""
    from inspections.names import authority_slug

    LocalAuthority = apps.get_model("inspections", "LocalAuthority")
    for authority in LocalAuthority.objects.filter(slug=""):
        authority.slug = authority_slug(
            authority.name, taken=LocalAuthority.objects.exclude(pk=authority.pk)
        )
        authority.save(update_fields=["slug"])


class Migration(migrations.Migration):
    dependencies = [("inspections", "0008_followup_decisive_sentence_and_not_enough_evidence")]

    operations = [migrations.RunPython(fill_empty_slugs, migrations.RunPython.noop)]
