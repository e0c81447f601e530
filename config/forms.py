from django.contrib.auth import forms as auth_forms
from django.contrib.auth.forms import AuthenticationForm


class SignInForm(AuthenticationForm):
    """Django's sign-in form with GOV.UK input styles."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].label = "Email address or username"
        self.fields["username"].widget.attrs.update(
            {
                "class": "govuk-input govuk-!-width-two-thirds",
                "autocomplete": "username",
                "spellcheck": "false",
            }
        )
        # GOV.UK pages start at the top: autofocus would skip the heading, the
        # explanation and the skip link for screen reader and keyboard users.
        self.fields["username"].widget.attrs.pop("autofocus", None)
        self.fields["password"].widget.attrs.update(
            {"class": "govuk-input govuk-!-width-two-thirds", "autocomplete": "current-password"}
        )


class PasswordChangeForm(auth_forms.PasswordChangeForm):
    """Django's password change form with GOV.UK input styles."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            field.widget.attrs.pop("autofocus", None)
            field.widget.attrs["class"] = "govuk-input govuk-!-width-two-thirds"
            field.widget.attrs["autocomplete"] = (
                "current-password" if name == "old_password" else "new-password"
            )
