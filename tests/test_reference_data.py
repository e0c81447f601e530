"""The reference data that migrations load, and the permissions a migrate makes, come back
after a transactional test empties the tables, so the tests after it work as usual."""

import pytest
from django.contrib.auth.models import Group, Permission

from inspections.models import FrameworkEra, JudgementArea, RegisteredAuthority
from tests.conftest import restore_reference_data
from tracker.roles import Role


# Inside a transaction rolled back at the end: emptying the tables for real (a transactional
# test) would change what the tests after this one find.
@pytest.mark.django_db
def test_reference_data_and_permissions_come_back_after_the_tables_are_emptied():
    def counts():
        return (
            RegisteredAuthority.objects.count(),
            FrameworkEra.objects.count(),
            JudgementArea.objects.count(),
            Permission.objects.count(),
            Group.objects.get(name=Role.ADMIN).permissions.count(),
        )

    loaded = counts()
    assert all(loaded), loaded
    for model in (JudgementArea, FrameworkEra, RegisteredAuthority, Permission):
        model.objects.all().delete()

    restore_reference_data()

    assert counts() == loaded
