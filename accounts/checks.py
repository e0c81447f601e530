"""Deploy checks for settings that must never reach production."""

from django.conf import settings
from django.core import checks


@checks.register(checks.Tags.security, deploy=True)
def testing_is_off(app_configs, **kwargs):
    if getattr(settings, "TESTING", False) and not settings.DEBUG:
        return [
            checks.Error(
                "TESTING is on: sign-in throttling is off and passwords are hashed with MD5.",
                hint="Unset TESTING; it is for the test suite only.",
                id="accounts.E001",
            )
        ]
    return []
