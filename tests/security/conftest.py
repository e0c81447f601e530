"""The standard plan of the tracker tests, for the security tests too."""

from tests.tracker.conftest import action, finding, today  # noqa: F401
