"""The inspection and owner drop-downs stay short in a regional or national scope."""

import re
from html import unescape

import pytest
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import DocumentFactory, LocalAuthorityFactory, UserFactory
from tracker.filters import ActionFilter, FindingFilter, Select
from tracker.roles import Role
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


def _owner_options(html: str) -> list[str]:
    select = re.search(r'<select name="owner".*?</select>', html, re.S).group(0)
    return [unescape(label) for label in re.findall(r"<option[^>]*>([^<]*)</option>", select)]


@pytest.mark.parametrize("page", ["tracker:action-list", "tracker:finding-list"])
def test_the_owner_filter_names_people_as_the_table_does_sorted_by_name(
    client, authority, manager, page
):
    for username, first, last in [
        ("zed@example.gov.uk", "Adam", "Zed"),
        ("bo@example.gov.uk", "", ""),
        ("a.carr@example.gov.uk", "carla", "Carr"),
    ]:
        UserFactory(
            username=username,
            first_name=first,
            last_name=last,
            roles=[Role.OWNER],
            authorities=[authority],
        )
    client.force_login(manager)
    response = client.get(reverse(page))
    options = _owner_options(response.content.decode())
    people = [o for o in options if o not in {"Any", "Nobody (unassigned)"}]
    assert people == [
        "Adam Zed",
        "bo@example.gov.uk",  # no name: the username, in its place in the alphabet
        "carla Carr",
        "Mina Manager",
    ]


def test_naming_the_owners_costs_no_query_per_person(client, authority, manager):
    client.force_login(manager)
    url = reverse("tracker:action-list")
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    for _ in range(5):
        UserFactory(roles=[Role.OWNER], authorities=[authority])
    with CaptureQueriesContext(connection) as many:
        assert client.get(url).status_code == 200
    assert len(many) == len(few)


def test_the_select_writes_escaped_options_and_marks_the_chosen_one():
    widget = Select(
        attrs={"class": "govuk-select"},
        choices=[("", "Any"), ("a&b", "<b>A & B</b>"), ("Group", [("c", "C")])],
    )

    html = widget.render("area", "a&b", attrs={"id": "filter-area"})

    assert html == (
        '<select name="area" class="govuk-select" id="filter-area">'
        '<option value="">Any</option>'
        '<option value="a&amp;b" selected>&lt;b&gt;A &amp; B&lt;/b&gt;</option>'
        '<optgroup label="Group"><option value="c">C</option></optgroup>'
        "</select>"
    )
