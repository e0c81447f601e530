"""Django permissions for the admin role, kept in step with the models on every migrate.

Groups themselves are created by a data migration; permissions only exist once
``post_migrate`` has created them, so they are granted here rather than there.
"""

from django.contrib.auth.models import Group, Permission

from tracker.models import Role


def grant_admin_permissions(**kwargs) -> None:
    # What the admin role does in the Django admin: import and correct
    # documents and findings, and manage people and their authorities.
    group, _ = Group.objects.get_or_create(name=Role.ADMIN)
    perms = (
        Permission.objects.filter(content_type__app_label="inspections")
        | Permission.objects.filter(
            content_type__app_label="tracker", content_type__model="membership"
        )
        | Permission.objects.filter(
            content_type__app_label="auth", content_type__model="user"
        ).exclude(codename="delete_user")
    )
    group.permissions.add(*perms)
