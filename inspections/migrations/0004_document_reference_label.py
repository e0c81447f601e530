from django.db import migrations, models


def label_existing_documents(apps, schema_editor):
    Document = apps.get_model("inspections", "Document")
    taken: dict[tuple[int, str], int] = {}
    for doc in Document.objects.order_by("authority_id", "visit_start", "pk"):
        when = doc.visit_end or doc.visit_start or doc.letter_date or doc.published_date
        if when is None:
            continue
        key = (doc.authority_id, str(when.year))
        count = taken.get(key, 0)
        taken[key] = count + 1
        doc.reference_label = key[1] + ("" if count == 0 else "bcdefghijklmnopqrstuvwxyz"[count - 1])
        doc.save(update_fields=["reference_label"])


class Migration(migrations.Migration):
    dependencies = [("inspections", "0003_audit_history")]

    operations = [
        migrations.AddField(
            model_name="document",
            name="reference_label",
            field=models.CharField(
                blank=True,
                editable=False,
                help_text="Year of the visit, with a letter for a second document that year (2018b); fixed at import so finding references never change.",
                max_length=12,
            ),
        ),
        migrations.AddField(
            model_name="historicaldocument",
            name="reference_label",
            field=models.CharField(
                blank=True,
                editable=False,
                help_text="Year of the visit, with a letter for a second document that year (2018b); fixed at import so finding references never change.",
                max_length=12,
            ),
        ),
        migrations.RunPython(label_existing_documents, migrations.RunPython.noop),
    ]
