"""Notifications in the Django admin: read only, and only those about the person's authorities."""

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from tests.factories import ActionFactory, UserFactory
from tracker.notifications.models import Kind, Notification

pytestmark = pytest.mark.django_db


@pytest.fixture
def told(authority, other_authority, owner):
    """One notification about an action of each authority, the first already emailed."""
    ours = Notification.objects.create(
        recipient=owner,
        kind=Kind.ASSIGNED,
        action=ActionFactory(finding__document__authority=authority, title="Our audit"),
    )
    Notification.objects.filter(pk=ours.pk).update(emailed_at="2025-06-02T09:00:00Z")
    theirs = Notification.objects.create(
        recipient=owner,
        kind=Kind.MORE_EVIDENCE,
        action=ActionFactory(finding__document__authority=other_authority, title="Their audit"),
        detail="Add the minutes",
    )
    return ours, theirs


@pytest.fixture
def staff_reader(authority):
    """Staff in the first authority who were given the permission to read notifications."""
    person = UserFactory(username="reader@example.gov.uk", is_staff=True, authorities=[authority])
    person.user_permissions.add(Permission.objects.get(codename="view_notification"))
    return person


def listed(client) -> str:
    response = client.get(reverse("admin:tracker_notification_changelist"))
    assert response.status_code == 200
    return response.content.decode()


def test_staff_read_only_their_authorities_notifications(client, told, staff_reader):
    ours, theirs = told
    client.force_login(staff_reader)

    page = listed(client)
    assert "Our audit" in page and "Their audit" not in page
    detail = client.get(reverse("admin:tracker_notification_change", args=[ours.pk]))
    assert detail.status_code == 200 and "Our audit" in detail.content.decode()
    elsewhere = client.get(reverse("admin:tracker_notification_change", args=[theirs.pk]))
    assert elsewhere.status_code == 302 and elsewhere["Location"] == reverse("admin:index")


def test_nobody_changes_or_deletes_a_notification_in_the_admin(admin_client, told):
    ours, _ = told
    change = reverse("admin:tracker_notification_change", args=[ours.pk])

    response = admin_client.post(change, {"detail": "Rewritten", "emailed_at": ""})

    assert response.status_code == 403
    assert admin_client.get(reverse("admin:tracker_notification_add")).status_code == 403
    delete = reverse("admin:tracker_notification_delete", args=[ours.pk])
    assert admin_client.post(delete, {"post": "yes"}).status_code == 403
    ours.refresh_from_db()
    assert ours.emailed_at is not None and ours.detail == ""


def test_a_superuser_finds_the_notifications_not_yet_emailed(admin_client, told):
    page = admin_client.get(
        reverse("admin:tracker_notification_changelist"), {"emailed_at__isempty": "1"}
    ).content.decode()

    assert "Their audit" in page and "Our audit" not in page
