"""The reference data that migrations load comes back after a transactional test empties
the tables, so the tests after it import documents and suggest judgement areas as usual."""

import pytest

from inspections.models import FrameworkEra, JudgementArea, RegisteredAuthority
from tests.conftest import restore_reference_data


# serialized_rollback: the tables are emptied afterwards without re-adding the roles, so
# later tests that restore the database's first contents find no copy already there.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_register_and_the_framework_eras_come_back_after_the_tables_are_emptied():
    loaded = (
        RegisteredAuthority.objects.count(),
        FrameworkEra.objects.count(),
        JudgementArea.objects.count(),
    )
    assert all(loaded), loaded
    JudgementArea.objects.all().delete()
    FrameworkEra.objects.all().delete()
    RegisteredAuthority.objects.all().delete()

    restore_reference_data()

    assert (
        RegisteredAuthority.objects.count(),
        FrameworkEra.objects.count(),
        JudgementArea.objects.count(),
    ) == loaded
