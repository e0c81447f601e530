"""An authority nobody can see: the rule, importing says so, and a superuser adds themselves."""

import pytest
from django.core.management import call_command
from django.urls import reverse

from inspections.models import Document
from tests.conftest import SEEDS_DIR
from tests.factories import LocalAuthorityFactory, UserFactory
from tests.inspections.test_admin import IMPORT_URL, confirm_data, seed_upload
from tracker import access
from tracker.models import Membership
from tracker.roles import Role

pytestmark = pytest.mark.django_db


def people_url(authority) -> str:
    return f"{reverse('tracker:people')}?authority={authority.pk}"


# The rule


def test_an_authority_with_an_active_member_is_seen(authority, owner):
    assert access.anybody_sees(authority)


def test_nobody_sees_an_authority_with_only_superusers_or_inactive_people():
    authority = LocalAuthorityFactory(name="Rutland")
    assert not access.anybody_sees(authority)
    UserFactory(is_superuser=True, authorities=[authority])
    UserFactory(is_active=False, roles=[Role.MANAGER], authorities=[authority])
    assert not access.anybody_sees(authority)
    UserFactory(roles=[Role.VIEWER], authorities=[authority])
    assert access.anybody_sees(authority)


def test_with_seen_agrees_with_the_rule_for_every_authority(authority, owner):
    unseen = LocalAuthorityFactory(name="Rutland")
    seen = {a.pk: a.seen for a in access.with_seen(type(authority).objects.all())}
    assert seen == {authority.pk: True, unseen.pk: False}


# The service


def test_a_superuser_adds_themselves_once_and_again_changes_nothing(admin_user):
    authority = LocalAuthorityFactory(name="Rutland")
    first = access.self_add(user=admin_user, authority=authority)
    second = access.self_add(user=admin_user, authority=authority)
    assert first == second
    assert Membership.objects.filter(user=admin_user).count() == 1
    assert not admin_user.groups.exists()  # a superuser needs no role


def test_a_manager_of_the_authority_changes_nothing(manager, authority):
    groups = set(manager.groups.all())
    membership = access.self_add(user=manager, authority=authority)
    assert membership.authority == authority
    assert Membership.objects.filter(user=manager).count() == 1
    assert set(manager.groups.all()) == groups


@pytest.mark.parametrize("who", ["owner", "viewer", "manager"])
def test_anybody_else_is_refused_and_nothing_changes(request, who, other_authority):
    person = request.getfixturevalue(who)
    with pytest.raises(access.AccessError, match="Only a superuser adds themselves"):
        access.self_add(user=person, authority=other_authority)
    assert not Membership.objects.filter(user=person, authority=other_authority).exists()


def test_a_manager_who_does_not_belong_is_refused(authority):
    staff = UserFactory(roles=[Role.MANAGER, Role.ADMIN], is_staff=True)
    with pytest.raises(access.AccessError):
        access.self_add(user=staff, authority=authority)
    assert not Membership.objects.filter(user=staff).exists()


# Importing says what to do


def test_admin_import_for_an_authority_nobody_sees_says_so_with_a_link(admin_client):
    response = admin_client.post(IMPORT_URL, {"files": [seed_upload("004")], "upload": "1"})
    response = admin_client.post(IMPORT_URL, confirm_data(response), follow=True)

    authority = Document.objects.get().authority
    assert f"Nobody but superusers can see {authority} yet." in response.text
    assert f'<a href="{people_url(authority)}">Give people access to {authority}' in (
        response.text.replace("&amp;", "&")
    )


def test_admin_import_for_an_authority_somebody_sees_says_nothing_more(admin_client):
    response = admin_client.post(IMPORT_URL, {"files": [seed_upload("004")], "upload": "1"})
    admin_client.post(IMPORT_URL, confirm_data(response))
    authority = Document.objects.get().authority
    UserFactory(roles=[Role.OWNER], authorities=[authority])
    Document.objects.all().delete()

    response = admin_client.post(IMPORT_URL, {"files": [seed_upload("004")], "upload": "1"})
    response = admin_client.post(IMPORT_URL, confirm_data(response), follow=True)

    assert "Imported" in response.text
    assert "Nobody but superusers" not in response.text


def test_import_command_prints_what_to_do_until_somebody_sees_the_authority(capsys):
    seed = next(SEEDS_DIR.glob("004_*.txt"))
    call_command("import_reports", str(seed))
    first = capsys.readouterr().out
    authority = Document.objects.get().authority

    assert f"Nobody but superusers can see {authority} yet." in first
    assert f"on the People and access page: {people_url(authority)}\n" in first

    UserFactory(roles=[Role.MANAGER], authorities=[authority])
    call_command("import_reports", str(seed))
    assert "Nobody but superusers" not in capsys.readouterr().out


# The page


def test_the_page_says_plainly_who_sees_an_authority_nobody_sees(admin_client, authority, owner):
    unseen = LocalAuthorityFactory(name="Rutland")
    response = admin_client.get(reverse("tracker:people"))
    assert response.status_code == 200
    assert "Nobody but superusers can see Rutland yet." in response.text
    assert f"Nobody but superusers can see {authority} yet." not in response.text
    add_me = reverse("tracker:people-self-add", args=[unseen.pk])
    assert add_me in response.text
    assert "Add me to Rutland as improvement manager" in response.text


def test_a_superuser_adds_themselves_from_the_page(admin_client, admin_user):
    unseen = LocalAuthorityFactory(name="Rutland")
    response = admin_client.post(reverse("tracker:people-self-add", args=[unseen.pk]))
    assert response.status_code == 302
    assert response["Location"] == people_url(unseen)
    assert Membership.objects.filter(user=admin_user, authority=unseen).exists()

    page = admin_client.get(response["Location"])
    assert "You belong to Rutland." in page.text
    assert admin_user.email in page.text
    assert "Add me to Rutland" not in page.text


def test_a_manager_is_told_they_already_manage_the_authority(client, manager, authority):
    client.force_login(manager)
    response = client.post(reverse("tracker:people-self-add", args=[authority.pk]), follow=True)
    assert f"You already manage the people of {authority}." in response.text
    assert Membership.objects.filter(user=manager).count() == 1


def test_a_manager_never_sees_an_add_me_button(client, manager, authority):
    client.force_login(manager)
    assert "Add me to" not in client.get(reverse("tracker:people")).text


@pytest.mark.parametrize("who", ["owner", "viewer"])
def test_owners_and_viewers_may_not_add_themselves(client, request, who, authority):
    person = request.getfixturevalue(who)
    client.force_login(person)
    response = client.post(reverse("tracker:people-self-add", args=[authority.pk]))
    assert response.status_code == 403


def test_another_authority_does_not_exist_for_a_manager(client, manager, other_authority):
    client.force_login(manager)
    response = client.post(reverse("tracker:people-self-add", args=[other_authority.pk]))
    assert response.status_code == 404
    assert not Membership.objects.filter(user=manager, authority=other_authority).exists()


def test_the_page_at_one_authority_shows_only_that_one(admin_client, authority, other_authority):
    response = admin_client.get(people_url(other_authority))
    assert response.status_code == 200
    headings = [a.name for a, _people in response.context["authorities"]]
    assert headings == [other_authority.name]
    assert f'<option value="{other_authority.pk}" selected>' in response.text


@pytest.mark.parametrize("value", ["abc", "²", "9223372036854775808"])
def test_a_bad_authority_in_the_address_is_not_found(admin_client, value):
    response = admin_client.get(reverse("tracker:people"), {"authority": value})
    assert response.status_code == 404


def test_a_manager_cannot_open_the_page_at_another_authority(client, manager, other_authority):
    client.force_login(manager)
    assert client.get(people_url(other_authority)).status_code == 404
