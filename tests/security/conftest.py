"""The standard people and plan of the tracker tests, for the security tests too."""

from tests.tracker.conftest import (  # noqa: F401
    action,
    authority,
    finding,
    manager,
    other_authority,
    other_owner,
    outsider_other_authority,
    owner,
    today,
    viewer,
)
