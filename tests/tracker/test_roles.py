import pytest
from django.contrib.auth.models import Group

from tracker.roles import Role

pytestmark = pytest.mark.django_db


def test_admin_role_can_import_documents_but_not_manage_people_after_migrate():
    perms = set(
        Group.objects.get(name=Role.ADMIN).permissions.values_list(
            "content_type__app_label", "codename"
        )
    )

    assert ("inspections", "add_document") in perms
    assert ("inspections", "change_finding") in perms
    # People, roles and passwords are for superusers (and managers, in the app).
    assert ("tracker", "add_membership") not in perms
    assert not any(app == "auth" for app, _ in perms)
    assert not any(app == "tracker" and "action" in code for app, code in perms)


def test_migrate_takes_away_what_earlier_versions_gave_the_admin_role():
    from django.contrib.auth.models import Permission

    from tracker.roles import grant_admin_permissions

    group = Group.objects.get(name=Role.ADMIN)
    group.permissions.add(Permission.objects.get(codename="change_user"))
    grant_admin_permissions()
    assert not group.permissions.filter(codename="change_user").exists()
