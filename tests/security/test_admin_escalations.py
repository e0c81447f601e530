"""Each way a security review took over the system through the admin, now refused.

The admin role (staff, "admin" group, member of authority A) tried these against a running
copy; before the admin was scoped every one of them worked.
"""

import pytest
from django.contrib.auth.hashers import check_password
from django.urls import reverse

from inspections.models import Document, Finding
from tests.factories import DocumentFactory, FindingFactory, LocalAuthorityFactory, UserFactory
from tracker.models import Membership
from tracker.roles import Role

pytestmark = pytest.mark.django_db


@pytest.fixture
def setting():
    a = LocalAuthorityFactory(name="Authority A")
    b = LocalAuthorityFactory(name="Authority B")
    admin = UserFactory(username="admin@a.example", roles=[Role.ADMIN], is_staff=True)
    Membership.objects.create(user=admin, authority=a)
    manager = UserFactory(username="manager@a.example", roles=[Role.MANAGER], authorities=[a])
    root = UserFactory(username="root@example.gov.uk", is_staff=True)
    root.is_superuser = True
    root.save()
    doc_a, doc_b = DocumentFactory(authority=a), DocumentFactory(authority=b)
    finding_b = FindingFactory(document=doc_b)
    return {
        "a": a,
        "b": b,
        "admin": admin,
        "manager": manager,
        "root": root,
        "doc_a": doc_a,
        "doc_b": doc_b,
        "finding_b": finding_b,
    }


@pytest.fixture
def as_admin(client, setting):
    client.force_login(setting["admin"])
    return client


def test_admin_cannot_make_themselves_superuser(as_admin, setting):
    admin = setting["admin"]
    url = reverse("admin:auth_user_change", args=[admin.pk])
    response = as_admin.post(
        url, {"username": admin.username, "is_superuser": "on", "is_staff": "on", "is_active": "on"}
    )
    assert response.status_code == 403
    admin.refresh_from_db()
    assert not admin.is_superuser


@pytest.mark.parametrize("target", ["root", "manager"])
def test_admin_cannot_reset_anyones_password(as_admin, setting, target):
    person = setting[target]
    url = reverse("admin:auth_user_password_change", args=[person.pk])
    new = "taken-over-account-2026"
    response = as_admin.post(url, {"password1": new, "password2": new, "usable_password": "true"})
    assert response.status_code == 403
    person.refresh_from_db()
    assert not check_password(new, person.password)


def test_admin_cannot_give_anyone_another_authority(as_admin, setting):
    response = as_admin.post(
        reverse("admin:tracker_membership_add"),
        {"user": setting["manager"].pk, "authority": setting["b"].pk},
    )
    assert response.status_code == 403
    assert not Membership.objects.filter(authority=setting["b"]).exists()


def test_admin_cannot_move_another_authoritys_document_into_their_own(as_admin, setting):
    doc_b = setting["doc_b"]
    response = as_admin.post(
        reverse("admin:inspections_document_change", args=[doc_b.pk]),
        {"authority": setting["a"].pk, "kind": doc_b.kind},
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:index")
    doc_b.refresh_from_db()
    assert doc_b.authority == setting["b"]


def test_admin_is_offered_only_their_authorities_for_a_document(as_admin, setting):
    response = as_admin.get(
        reverse("admin:inspections_document_change", args=[setting["doc_a"].pk])
    )
    field = response.context["adminform"].form.fields["authority"]
    assert list(field.queryset) == [setting["a"]]


def test_admin_neither_lists_nor_deletes_another_authoritys_findings_and_documents(
    as_admin, setting
):
    listed = as_admin.get(reverse("admin:inspections_finding_changelist"))
    assert setting["finding_b"] not in listed.context["cl"].result_list
    documents = as_admin.get(reverse("admin:inspections_document_changelist"))
    assert list(documents.context["cl"].result_list) == [setting["doc_a"]]
    for name, obj in (
        ("admin:inspections_finding_delete", setting["finding_b"]),
        ("admin:inspections_document_delete", setting["doc_b"]),
    ):
        as_admin.post(reverse(name, args=[obj.pk]), {"post": "yes"})
    assert Finding.objects.filter(pk=setting["finding_b"].pk).exists()
    assert Document.objects.filter(pk=setting["doc_b"].pk).exists()


def test_history_of_another_authoritys_document_is_refused(as_admin, setting):
    url = reverse("admin:inspections_document_history", args=[setting["doc_b"].pk])
    assert as_admin.get(url).status_code == 403


def test_nobody_edits_actions_in_the_admin(client, setting):
    from tests.factories import ActionFactory

    action = ActionFactory(finding=FindingFactory(document=setting["doc_a"]))
    client.force_login(setting["root"])
    url = reverse("admin:tracker_action_change", args=[action.pk])
    assert client.get(url).status_code == 200  # shown, read only
    response = client.post(url, {"title": "Changed behind the workflow", "status": "verified"})
    assert response.status_code == 403
    action.refresh_from_db()
    assert action.title != "Changed behind the workflow"
