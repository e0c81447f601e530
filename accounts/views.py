"""Sign-in pages: single sign-on's start and return, "no access yet", password change."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse, reverse_lazy
from django.utils.decorators import method_decorator
from mozilla_django_oidc.views import OIDCAuthenticationCallbackView, OIDCAuthenticationRequestView

from accounts.backends import SESSION_UNKNOWN_EMAIL, oidc_setting
from config.forms import PasswordChangeForm


class SingleSignOnOnly:
    """Pages that exist only while single sign-on is set up."""

    get_settings = staticmethod(oidc_setting)

    def dispatch(self, request, *args, **kwargs):
        if not settings.SSO_ENABLED:
            raise Http404("Single sign-on is not set up.")
        return super().dispatch(request, *args, **kwargs)


@method_decorator(login_not_required, name="dispatch")
class SignInStart(SingleSignOnOnly, OIDCAuthenticationRequestView):
    """Sends the person to their council's identity provider."""

    def __init__(self, *args, **kwargs):
        if settings.SSO_ENABLED:
            super().__init__(*args, **kwargs)
        else:
            super(OIDCAuthenticationRequestView, self).__init__(*args, **kwargs)


@method_decorator(login_not_required, name="dispatch")
class SignInCallback(SingleSignOnOnly, OIDCAuthenticationCallbackView):
    """Where the identity provider sends the person back."""

    @property
    def failure_url(self):
        return reverse("accounts:no-access")


@login_not_required
def no_access(request):
    """An identity the provider vouched for but that has no account here."""
    email = request.session.pop(SESSION_UNKNOWN_EMAIL, "")
    return render(request, "registration/no_access.html", {"email": email}, status=403)


class LocalPasswordOnly:
    def dispatch(self, request, *args, **kwargs):
        if not settings.LOCAL_PASSWORDS or not request.user.has_usable_password():
            raise Http404("Passwords are managed by your council's sign-in.")
        return super().dispatch(request, *args, **kwargs)


class PasswordChange(LocalPasswordOnly, auth_views.PasswordChangeView):
    template_name = "registration/password_change.html"
    form_class = PasswordChangeForm
    success_url = reverse_lazy("password_change_done")


class PasswordChangeDone(LocalPasswordOnly, auth_views.PasswordChangeDoneView):
    template_name = "registration/password_change_done.html"
