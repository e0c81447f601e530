"""Fixtures for every test: a fresh media folder, repeatable fake data, and the standard
people: one authority with an owner, another owner, a manager and a board viewer, plus an
owner and manager of another authority who must never see this one's plan."""

import importlib
from pathlib import Path

import factory.random
import pytest

from tests.factories import LocalAuthorityFactory, UserFactory
from tracker.roles import Role

PROJECT_DIR = Path(__file__).resolve().parent.parent
SEEDS_DIR = PROJECT_DIR / "seeds"
CORPUS_DIR = PROJECT_DIR.parent / "shared" / "corpus"


@pytest.fixture(autouse=True)
def private_media_root(settings, tmp_path):
    """Uploaded documents and evidence go to a fresh folder for every test."""
    settings.MEDIA_ROOT = tmp_path / "private-media"
    return settings.MEDIA_ROOT


@pytest.fixture(autouse=True)
def repeatable_fake_data():
    """Factories draw the same fake words in every run, so a failure can be replayed."""
    factory.random.reseed_random(2026)


@pytest.fixture(autouse=True)
def reference_data(request):
    """A transactional test empties every table when it ends, the reference data that
    migrations load included (the authority register, Ofsted's framework eras and their
    judgement areas), and one with ``serialized_rollback`` leaves even the content types
    and permissions out; the tests after it find all of that again, made by the same code."""
    marker = request.node.get_closest_marker("django_db")
    if not (marker and marker.kwargs.get("transaction")):
        return
    request.getfixturevalue("transactional_db")
    restore_reference_data()


def restore_reference_data() -> None:
    from django.apps import apps
    from django.contrib.auth.models import Permission
    from django.core.management.sql import emit_post_migrate_signal
    from django.db import DEFAULT_DB_ALIAS

    from inspections.models import FrameworkEra, RegisteredAuthority
    from inspections.services import register_load

    if not Permission.objects.exists():
        emit_post_migrate_signal(verbosity=0, interactive=False, db=DEFAULT_DB_ALIAS)
    if not RegisteredAuthority.objects.exists():
        register_load()
    if not FrameworkEra.objects.exists():
        eras = importlib.import_module(
            "inspections.migrations.0011_load_framework_eras_and_move_typed_areas"
        )
        eras.load(apps, schema_editor=None)


@pytest.fixture
def seed_path():
    def _seed(prefix: str) -> Path:
        (path,) = SEEDS_DIR.glob(f"{prefix}_*.txt")
        return path

    return _seed


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
