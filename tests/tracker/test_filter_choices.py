"""The inspection and owner drop-downs stay short in a regional or national scope."""

import pytest
from django.test import RequestFactory

from tests.factories import DocumentFactory, LocalAuthorityFactory, UserFactory
from tracker.filters import ActionFilter, FindingFilter
from tracker.models import Role
from tracker.selectors import FILTER_CHOICES_MAX_AUTHORITIES


def _filterset(cls, user, **data):
    request = RequestFactory().get("/", data)
    request.user = user
    return cls(request.GET, request=request)


@pytest.fixture
def region(db):
    authorities = [
        LocalAuthorityFactory(name=f"Region {n}") for n in range(FILTER_CHOICES_MAX_AUTHORITIES + 1)
    ]
    for authority in authorities:
        DocumentFactory(authority=authority)
        UserFactory(roles=[Role.OWNER], authorities=[authority])
    return authorities


@pytest.mark.parametrize("cls", [ActionFilter, FindingFilter])
def test_a_regional_user_picks_an_authority_before_its_inspections_and_people(cls, region):
    regional = UserFactory(roles=[Role.MANAGER], authorities=region)
    unchosen = _filterset(cls, regional)
    assert list(unchosen.filters["document"].queryset) == []
    assert list(unchosen.filters["owner"].queryset) == []

    chosen = _filterset(cls, regional, authority=region[1].pk)
    assert [d.authority for d in chosen.filters["document"].queryset] == [region[1]]
    owners = list(chosen.filters["owner"].queryset)
    assert regional in owners and all(
        u.memberships.filter(authority=region[1]).exists() for u in owners
    )
    document = region[1].documents.get()
    assert _filterset(cls, regional, authority=region[1].pk, document=document.pk).is_valid()


@pytest.mark.parametrize("cls", [ActionFilter, FindingFilter])
def test_a_council_user_is_offered_every_inspection_and_owner_at_once(cls, region):
    local = UserFactory(roles=[Role.MANAGER], authorities=region[:2])
    filterset = _filterset(cls, local)
    assert {d.authority for d in filterset.filters["document"].queryset} == set(region[:2])
    assert local in filterset.filters["owner"].queryset
