"""Standard people for tracker tests: one authority with an owner, another owner, a manager and a
board viewer, plus an owner of another authority who must never see this one's plan."""

import datetime

import pytest
from django.utils import timezone

from tests.factories import ActionFactory, FindingFactory, LocalAuthorityFactory, UserFactory
from tracker.models import Role


@pytest.fixture
def authority(db):
    return LocalAuthorityFactory(name="South Gloucestershire")


@pytest.fixture
def other_authority(db):
    return LocalAuthorityFactory(name="Gloucestershire")


@pytest.fixture
def owner(authority):
    return UserFactory(
        username="owner@example.gov.uk",
        first_name="Olu",
        last_name="Owner",
        roles=[Role.OWNER],
        authorities=[authority],
    )


@pytest.fixture
def other_owner(authority):
    return UserFactory(
        username="other.owner@example.gov.uk",
        first_name="Oona",
        last_name="Other",
        roles=[Role.OWNER],
        authorities=[authority],
    )


@pytest.fixture
def manager(authority):
    return UserFactory(
        username="manager@example.gov.uk",
        first_name="Mina",
        last_name="Manager",
        roles=[Role.MANAGER],
        authorities=[authority],
    )


@pytest.fixture
def viewer(authority):
    return UserFactory(
        username="viewer@example.gov.uk",
        first_name="Vic",
        last_name="Viewer",
        roles=[Role.VIEWER],
        authorities=[authority],
    )


@pytest.fixture
def outsider_other_authority(other_authority):
    return UserFactory(
        username="outsider@example.gov.uk",
        first_name="Ola",
        last_name="Outsider",
        roles=[Role.OWNER, Role.MANAGER],
        authorities=[other_authority],
    )


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
