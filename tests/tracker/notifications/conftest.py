"""Notification tests: links start with a real site address, and emails are sent as the
service's transaction commits (``send`` runs the callbacks a commit would)."""

import pytest

SITE = "https://tracker.example.gov.uk"


@pytest.fixture(autouse=True)
def site_url(settings):
    settings.SITE_URL = SITE
    return SITE


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Use as ``with committed():`` around a service call to run what a commit would."""

    def _committed():
        return django_capture_on_commit_callbacks(execute=True)

    return _committed


@pytest.fixture
def mailoutbox(db, mailoutbox):
    """pytest-django's outbox, taken after the test database exists: creating it (in the
    session's first database test) gives Django a new outbox list."""
    return mailoutbox
