"""Django permissions for the admin role, kept in step with the models on every migrate.

Groups themselves are created by a data migration; permissions only exist once
``post_migrate`` has created them, so they are granted here rather than there.
"""

from django.contrib.auth.models import Group, Permission


class Role:
    """Django group names; a data migration creates the groups."""

    OWNER = "owner"
    MANAGER = "improvement manager"
    VIEWER = "board viewer"
    ADMIN = "admin"

    ALL = (OWNER, MANAGER, VIEWER, ADMIN)


def grant_admin_permissions(**kwargs) -> None:
    # What the admin role does in the Django admin: import and correct the documents and
    # findings of its own authorities (tracker.admin_scope limits every page). People, roles
    # and passwords are for superusers, and for managers in the app; ``set`` takes away what
    # earlier versions granted.
    group, _ = Group.objects.get_or_create(name=Role.ADMIN)
    group.permissions.set(Permission.objects.filter(content_type__app_label="inspections"))
