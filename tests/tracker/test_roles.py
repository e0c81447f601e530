import pytest
from django.contrib.auth.models import Group

from tracker.models import Role

pytestmark = pytest.mark.django_db


def test_admin_role_can_import_documents_and_manage_people_after_migrate():
    perms = set(
        Group.objects.get(name=Role.ADMIN).permissions.values_list(
            "content_type__app_label", "codename"
        )
    )

    assert ("inspections", "add_document") in perms
    assert ("inspections", "change_finding") in perms
    assert ("tracker", "add_membership") in perms
    assert ("auth", "change_user") in perms
    assert ("auth", "delete_user") not in perms
    assert not any(app == "tracker" and "action" in code for app, code in perms)
