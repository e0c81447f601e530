"""People and access: managers manage their own authorities' people, and nothing beyond."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.urls import reverse

from tests.factories import UserFactory
from tracker.models import Membership
from tracker.roles import Role

pytestmark = pytest.mark.django_db


def roles_of(person) -> set[str]:
    return set(person.groups.values_list("name", flat=True))


def test_manager_sees_the_people_of_their_authorities_only(
    client, manager, owner, outsider_other_authority
):
    client.force_login(manager)
    response = client.get(reverse("tracker:people"))
    assert response.status_code == 200
    assert owner.email in response.text
    assert outsider_other_authority.email not in response.text


def test_owner_and_viewer_may_not_open_the_page(client, owner, viewer):
    for person in (owner, viewer):
        client.force_login(person)
        assert client.get(reverse("tracker:people")).status_code == 403


def test_manager_adds_an_existing_person_by_email(client, manager, authority):
    newcomer = UserFactory(username="new@example.gov.uk")
    client.force_login(manager)
    response = client.post(
        reverse("tracker:people"), {"email": "NEW@example.gov.uk", "authority": authority.pk}
    )
    assert response.status_code == 302
    assert Membership.objects.filter(user=newcomer, authority=authority).exists()


def test_an_unknown_email_is_explained_and_nothing_is_created(client, manager, authority):
    client.force_login(manager)
    response = client.post(
        reverse("tracker:people"), {"email": "nobody@example.gov.uk", "authority": authority.pk}
    )
    assert response.status_code == 400
    assert "Nobody with the email address nobody@example.gov.uk has an account" in response.text
    assert not get_user_model().objects.filter(email="nobody@example.gov.uk").exists()


def test_manager_cannot_add_anyone_to_another_authority(client, manager, other_authority):
    newcomer = UserFactory(username="new@example.gov.uk")
    client.force_login(manager)
    for value in (other_authority.pk, "9223372036854775808", "²"):
        response = client.post(
            reverse("tracker:people"), {"email": newcomer.email, "authority": value}
        )
        assert response.status_code == 400
        assert "Choose one of your authorities" in response.text
    assert not newcomer.memberships.exists()


def test_manager_sets_roles_of_their_people(client, manager, owner):
    client.force_login(manager)
    response = client.post(
        reverse("tracker:people-roles", args=[owner.pk]), {"roles": [Role.VIEWER]}
    )
    assert response.status_code == 302
    assert roles_of(owner) == {Role.VIEWER}


def test_manager_cannot_give_the_admin_role(client, manager, owner):
    client.force_login(manager)
    client.post(reverse("tracker:people-roles", args=[owner.pk]), {"roles": [Role.ADMIN]})
    assert roles_of(owner) == {Role.OWNER}


def test_roles_of_someone_who_also_belongs_elsewhere_are_left_to_a_superuser(
    client, manager, owner, other_authority
):
    Membership.objects.create(user=owner, authority=other_authority)
    client.force_login(manager)
    response = client.post(
        reverse("tracker:people-roles", args=[owner.pk]), {"roles": [Role.MANAGER]}, follow=True
    )
    assert "also belongs to an authority you do not manage" in response.text
    assert roles_of(owner) == {Role.OWNER}


def test_nobody_changes_their_own_or_an_administrators_access(client, manager, authority):
    staff = UserFactory(username="staff@example.gov.uk", is_staff=True, authorities=[authority])
    client.force_login(manager)
    for person in (manager, staff):
        client.post(reverse("tracker:people-roles", args=[person.pk]), {"roles": [Role.VIEWER]})
    assert roles_of(manager) == {Role.MANAGER}
    assert roles_of(staff) == set()


def test_manager_removes_a_membership_of_their_authority_only(
    client, manager, owner, outsider_other_authority
):
    client.force_login(manager)
    mine = owner.memberships.get()
    theirs = outsider_other_authority.memberships.get()
    assert (
        client.post(reverse("tracker:people-membership-remove", args=[theirs.pk])).status_code
        == 404
    )
    assert (
        client.post(reverse("tracker:people-membership-remove", args=[mine.pk])).status_code == 302
    )
    assert not Membership.objects.filter(pk=mine.pk).exists()
    assert Membership.objects.filter(pk=theirs.pk).exists()
    assert Group.objects.filter(name=Role.OWNER, user=owner).exists()
