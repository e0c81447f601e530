from django.conf import settings


def sign_in(request) -> dict:
    """Whether pages offer single sign-on and local passwords (sign-in, password change)."""
    return {"sso_enabled": settings.SSO_ENABLED, "local_passwords": settings.LOCAL_PASSWORDS}
