import os

from django.core.exceptions import ImproperlyConfigured
from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
application = get_wsgi_application()


def refuse_test_settings() -> None:
    """A served app never runs with TESTING on (no sign-in throttling, MD5 passwords)."""
    from django.conf import settings

    if settings.TESTING and not settings.DEBUG:
        raise ImproperlyConfigured(
            "TESTING is on while DEBUG is off: refusing to serve. TESTING is for the test "
            "suite only; unset it."
        )


refuse_test_settings()
