"""Sign-in backends: the per-address limit on wrong passwords, and OpenID Connect sign-in."""

from __future__ import annotations

import functools
import logging

import requests
from axes.helpers import get_client_ip_address
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db.models import Sum
from django.utils import timezone
from mozilla_django_oidc.auth import OIDCAuthenticationBackend
from mozilla_django_oidc.utils import import_from_settings

logger = logging.getLogger(__name__)

SESSION_UNKNOWN_EMAIL = "sso_unknown_email"


class AddressLimitBackend:
    """Refuses every password sign-in from an address with too many recent failures.

    django-axes locks one username at one address; this stops one address trying one
    password against many usernames. It counts axes' own records, so it needs no table.
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None or not settings.AXES_ENABLED or password is None:
            return None
        address = get_client_ip_address(request)
        since = timezone.now() - settings.AXES_COOLOFF_TIME
        failures = (
            AccessAttempt.objects.filter(ip_address=address, attempt_time__gte=since).aggregate(
                total=Sum("failures_since_start")
            )["total"]
            or 0
        )
        if failures >= settings.SIGN_IN_ADDRESS_FAILURE_LIMIT:
            logger.warning("Sign-in refused: %s wrong passwords from %s", failures, address)
            raise PermissionDenied("Too many wrong passwords from this address.")
        # No get_user: sessions name the backend that signed the person in, never this one.
        return None


@functools.lru_cache(maxsize=4)
def discovery(issuer: str) -> dict:
    """The provider's published configuration (endpoints and keys), read once per process."""
    response = requests.get(
        f"{issuer.rstrip('/')}/.well-known/openid-configuration",
        timeout=import_from_settings("OIDC_TIMEOUT", 10),
    )
    response.raise_for_status()
    config = response.json()
    if config.get("issuer", "").rstrip("/") != issuer.rstrip("/"):
        raise PermissionDenied("The identity provider's issuer does not match OIDC_ISSUER.")
    return config


DISCOVERED = {
    "OIDC_OP_AUTHORIZATION_ENDPOINT": "authorization_endpoint",
    "OIDC_OP_TOKEN_ENDPOINT": "token_endpoint",
    "OIDC_OP_USER_ENDPOINT": "userinfo_endpoint",
    "OIDC_OP_JWKS_ENDPOINT": "jwks_uri",
}


def oidc_setting(attr, *args):
    """A mozilla-django-oidc setting; provider endpoints come from the issuer's discovery."""
    if attr in DISCOVERED and not getattr(settings, attr, None):
        if not settings.SSO_ENABLED:
            raise PermissionDenied("Single sign-on is not set up.")
        return discovery(settings.OIDC_ISSUER)[DISCOVERED[attr]]
    return import_from_settings(attr, *args)


class SingleSignOnBackend(OIDCAuthenticationBackend):
    """Signs in an existing, active person whose verified email the provider vouches for.

    Nobody is created: a person the tracker does not know is sent to a page telling them to
    ask their improvement manager for access.
    """

    get_settings = staticmethod(oidc_setting)

    def authenticate(self, request, **kwargs):
        if not settings.SSO_ENABLED:
            return None
        return super().authenticate(request, **kwargs)

    def verify_token(self, token, **kwargs):
        payload = super().verify_token(token, **kwargs)
        if str(payload.get("iss", "")).rstrip("/") != settings.OIDC_ISSUER.rstrip("/"):
            raise PermissionDenied("The sign-in came from another issuer.")
        return payload

    def verify_claims(self, claims):
        # Checked in filter_users_by_claims, so that a refusal reads as "no access".
        return True

    def filter_users_by_claims(self, claims):
        email = str(claims.get(settings.OIDC_EMAIL_CLAIM) or "").strip()
        verified = claims.get("email_verified") is True or not settings.OIDC_REQUIRE_EMAIL_VERIFIED
        if not email or not verified:
            users = get_user_model().objects.none()
        else:
            users = get_user_model().objects.filter(email__iexact=email, is_active=True)
        if not users.exists() and self.request is not None:
            self.request.session[SESSION_UNKNOWN_EMAIL] = email if verified else ""
        return users

    def create_user(self, claims):
        return None
