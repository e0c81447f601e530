"""The 403, 404 and 500 pages say what happened and link home, in GOV.UK style."""

from django.test import Client, RequestFactory
from django.urls import reverse
from django.views.defaults import server_error


def _links_home(html: str) -> bool:
    return f'href="{reverse("tracker:dashboard")}"' in html and "Go to the dashboard" in html


def test_a_refused_page_explains_and_links_home(client, settings, owner):
    settings.DEBUG = False
    client.force_login(owner)
    response = client.get(reverse("tracker:audit-log"))  # the audit log is for managers
    html = response.content.decode()
    assert response.status_code == 403
    assert '<h1 class="govuk-heading-l">You do not have access to this page</h1>' in html
    assert "ask an improvement manager" in html
    assert _links_home(html)


def test_a_missing_page_explains_and_links_home(client, settings, owner):
    settings.DEBUG = False
    client.force_login(owner)
    response = client.get(reverse("tracker:action-detail", args=[999999]))
    html = response.content.decode()
    assert response.status_code == 404
    assert '<h1 class="govuk-heading-l">Page not found</h1>' in html
    assert _links_home(html)


def test_the_server_error_page_renders_without_a_request_context_or_database(settings):
    # No database fixture: any query while drawing the page would fail the test.
    settings.DEBUG = False
    response = server_error(RequestFactory().get("/"))
    html = response.content.decode()
    assert response.status_code == 500
    assert "Sorry, there is a problem with the service" in html
    assert "govuk-template__body" in html
    assert _links_home(html)


def test_a_refused_form_explains_and_links_home(owner, action):
    client = Client(enforce_csrf_checks=True)
    client.force_login(owner)
    response = client.post(
        reverse("tracker:action-add-update", args=[action.pk]), {"update-text": "Done"}
    )
    html = response.content.decode()
    assert response.status_code == 403
    assert '<h1 class="govuk-heading-l">Your form could not be sent</h1>' in html
    assert "Nothing was saved" in html and "govuk-template__body" in html
    assert _links_home(html)
    assert not action.updates.exists()
