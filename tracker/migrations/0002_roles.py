"""Create the four role groups; what each may do is decided in tracker.permissions."""

from django.db import migrations

ROLES = ("owner", "improvement manager", "board viewer", "admin")


def create_roles(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    for name in ROLES:
        Group.objects.get_or_create(name=name)


def remove_roles(apps, schema_editor):
    # Groups may have gained members and permissions since; leave them.
    pass


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("tracker", "0001_initial"),
    ]

    operations = [migrations.RunPython(create_roles, remove_roles)]
