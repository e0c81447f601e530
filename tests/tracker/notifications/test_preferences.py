"""The email settings page: every signed-in person chooses for themselves only."""

import pytest
from django.urls import reverse

from tests.factories import UserFactory
from tracker.notifications.models import Frequency, NotificationPreference
from tracker.notifications.selectors import frequency_of

URL = reverse("tracker:notification-preferences")


@pytest.fixture
def admin_user(authority):
    return UserFactory(username="admin@example.gov.uk", is_staff=True, is_superuser=True)


@pytest.mark.parametrize("person", ["owner", "manager", "viewer", "admin_user"])
def test_each_role_reads_and_saves_its_own_choice(client, request, person, other_owner):
    user = request.getfixturevalue(person)
    client.force_login(user)
    page = client.get(URL)
    assert page.status_code == 200
    assert 'value="immediate" checked' in page.content.decode()

    saved = client.post(URL, {"frequency": Frequency.DAILY}, follow=True)

    assert "Your email settings are saved." in saved.content.decode()
    assert 'value="daily" checked' in saved.content.decode()
    assert frequency_of(user) == Frequency.DAILY
    assert frequency_of(other_owner) == Frequency.IMMEDIATE


def test_a_choice_not_offered_is_refused_with_a_message(client, owner):
    client.force_login(owner)
    page = client.post(URL, {"frequency": "hourly"})
    assert page.status_code == 400
    assert 'href="#id_frequency_0"' in page.content.decode()
    assert not NotificationPreference.objects.exists()


def test_the_page_is_in_the_header_and_warns_without_an_email_address(client, authority):
    nobody = UserFactory(email="", authorities=[authority])
    client.force_login(nobody)
    page = client.get(reverse("tracker:dashboard")).content.decode()
    assert f'href="{URL}"' in page
    assert "no email address" in client.get(URL).content.decode()


def test_anonymous_is_sent_to_sign_in(client, db):
    assert client.get(URL).url.startswith(reverse("login"))
