"""Every action keeps its original deadline and counts the moves of its deadline.

Existing actions take their original deadline and count of moves from their
history (the first recorded deadline, and each later row whose deadline differs
from the row before); an action without history keeps its current deadline.
Earlier history rows get the action's original deadline and no count.
"""

from django.db import migrations, models
from django.db.models import OuterRef, Subquery
from django.db.models.functions import Coalesce


def fill_original_deadlines(apps, schema_editor):
    Action = apps.get_model("tracker", "Action")
    HistoricalAction = apps.get_model("tracker", "HistoricalAction")
    first, revisions = {}, {}
    previous = {}
    rows = HistoricalAction.objects.order_by("id", "history_date", "history_id").values_list(
        "id", "deadline"
    )
    for action_id, deadline in rows.iterator(chunk_size=2000):
        if action_id not in first:
            first[action_id] = deadline
            revisions[action_id] = 0
        elif deadline != previous[action_id]:
            revisions[action_id] += 1
        previous[action_id] = deadline
    actions = []
    for action in Action.objects.only("pk", "deadline").iterator(chunk_size=2000):
        action.original_deadline = first.get(action.pk, action.deadline)
        action.deadline_revisions = revisions.get(action.pk, 0)
        actions.append(action)
    Action.objects.bulk_update(
        actions, ["original_deadline", "deadline_revisions"], batch_size=1000
    )
    HistoricalAction.objects.update(
        original_deadline=Coalesce(
            Subquery(Action.objects.filter(pk=OuterRef("id")).values("original_deadline")[:1]),
            "deadline",
        )
    )


class Migration(migrations.Migration):
    dependencies = [
        ("tracker", "0006_plan_import_and_measures"),
    ]

    operations = [
        migrations.AddField(
            model_name="action",
            name="deadline_reason",
            field=models.TextField(
                blank=True, editable=False, verbose_name="reason for moving the deadline"
            ),
        ),
        migrations.AddField(
            model_name="action",
            name="deadline_revisions",
            field=models.PositiveIntegerField(default=0, editable=False),
        ),
        migrations.AddField(
            model_name="action",
            name="original_deadline",
            field=models.DateField(editable=False, null=True),
        ),
        migrations.AddField(
            model_name="action",
            name="verified_override_reason",
            field=models.TextField(
                blank=True,
                editable=False,
                verbose_name="reason for verifying before the evidence was accepted",
            ),
        ),
        migrations.AddField(
            model_name="historicalaction",
            name="deadline_reason",
            field=models.TextField(
                blank=True, editable=False, verbose_name="reason for moving the deadline"
            ),
        ),
        migrations.AddField(
            model_name="historicalaction",
            name="deadline_revisions",
            field=models.PositiveIntegerField(default=0, editable=False),
        ),
        migrations.AddField(
            model_name="historicalaction",
            name="original_deadline",
            field=models.DateField(editable=False, null=True),
        ),
        migrations.AddField(
            model_name="historicalaction",
            name="verified_override_reason",
            field=models.TextField(
                blank=True,
                editable=False,
                verbose_name="reason for verifying before the evidence was accepted",
            ),
        ),
        migrations.RunPython(fill_original_deadlines, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="action",
            name="original_deadline",
            field=models.DateField(editable=False),
        ),
        migrations.AlterField(
            model_name="historicalaction",
            name="original_deadline",
            field=models.DateField(editable=False),
        ),
    ]
