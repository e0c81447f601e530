"""Authority names that slug to nothing, or to another authority's slug, still import."""

import pytest
from django.core.management import call_command
from django.urls import reverse

from inspections.models import LocalAuthority
from inspections.names import authority_slug
from tests.conftest import SEEDS_DIR
from tests.factories import LocalAuthorityFactory, UserFactory
from tracker.roles import Role

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("name", "expected"),
    [("ÆØ", "aeo"), ("Łódź Østfold", "lodz-ostfold"), ("— · —", "authority"), ("Bath", "bath")],
)
def test_a_slug_is_never_empty(name, expected):
    assert authority_slug(name, taken=LocalAuthority.objects.all()) == expected


def test_a_name_that_slugs_like_another_gets_its_own_slug():
    LocalAuthority.objects.create(name="St Evilton")
    other = LocalAuthority.objects.create(name="St. Evilton")
    assert other.slug == "st-evilton-2"


def test_an_authority_named_with_letters_slugify_drops_has_working_pages(client):
    authority = LocalAuthorityFactory(name="ÆØ")
    viewer = UserFactory(roles=[Role.VIEWER], authorities=[authority])
    client.force_login(viewer)
    assert client.get(reverse("tracker:across-visits", args=[authority.slug])).status_code == 200
    assert client.get(reverse("tracker:document-list")).status_code == 200


def test_a_name_printed_with_other_punctuation_imports_to_the_same_authority(tmp_path, capsys):
    """ "St. Evilton" in a document is the authority "St Evilton", not a second one whose
    slug would clash."""
    LocalAuthority.objects.create(name="St Evilton")  # outside the register: added by an admin
    seed = next(SEEDS_DIR.glob("004_*.txt")).read_text()
    (tmp_path / "letter.txt").write_text(seed.replace("Gloucestershire", "St. Evilton"))
    call_command("import_reports", str(tmp_path))
    assert "1 imported, 0 already imported, 0 failed" in capsys.readouterr().out
    assert list(LocalAuthority.objects.values_list("slug", flat=True)) == ["st-evilton"]
