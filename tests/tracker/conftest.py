"""The standard plan of tracker tests: a finding of the standard authority with one action.
The standard people are in ``tests/conftest.py``."""

import datetime

import pytest
from django.utils import timezone

from tests.factories import ActionFactory, FindingFactory


@pytest.fixture
def finding(authority):
    return FindingFactory(
        document__authority=authority,
        text="The take-up, timeliness and impact of return home interviews.",
    )


@pytest.fixture
def action(finding, owner, manager):
    return ActionFactory(
        finding=finding,
        owner=owner,
        created_by=manager,
        deadline=timezone.localdate() + datetime.timedelta(days=60),
    )


@pytest.fixture
def today():
    return timezone.localdate()
