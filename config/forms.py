from datetime import date

from django import forms
from django.contrib.auth import forms as auth_forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.html import format_html, format_html_join

DATE_PARTS = ("day", "month", "year")
MONTH_PARTS = ("month", "year")


DATE_BOX = (
    '<div class="govuk-date-input__item"><div class="govuk-form-group">'
    '<label class="govuk-label govuk-date-input__label" for="{0}">{1}</label>'
    '<input class="govuk-input govuk-date-input__input govuk-input--width-{2}{3}" id="{0}" '
    'name="{4}" type="text" inputmode="numeric" value="{5}"></div></div>'
)


class PartsWidget(forms.MultiWidget):
    """Day, month and year boxes named ``<field>_day`` and so on, each labelled, as GOV.UK
    draws them. A page puts them in a fieldset whose legend names the date
    (``includes/_date_input.html``); the admin labels the first box."""

    def __init__(self, parts=DATE_PARTS):
        self.parts = parts
        super().__init__(widgets={p: forms.TextInput() for p in parts})

    def id_for_label(self, id_):
        # The error summary links to the first box, as GOV.UK asks.
        return f"{id_}_{self.parts[0]}" if id_ else id_

    def decompress(self, value):
        if isinstance(value, date):
            full = {"day": value.day, "month": value.month, "year": value.year}
            return [full[p] for p in self.parts]
        return [None] * len(self.parts)

    def render(self, name, value, attrs=None, renderer=None):
        attrs = attrs or {}
        base_id = attrs.get("id") or f"id_{name}"
        error = " govuk-input--error" if attrs.get("aria-invalid") == "true" else ""
        if not isinstance(value, list | tuple):
            value = self.decompress(value)
        boxes = format_html_join(
            "",
            DATE_BOX,
            (
                (
                    f"{base_id}_{part}",
                    part.capitalize(),
                    4 if part == "year" else 2,
                    error,
                    f"{name}_{part}",
                    "" if typed is None else typed,
                )
                for part, typed in zip(self.parts, value, strict=False)
            ),
        )
        return format_html('<div class="govuk-date-input" id="{}">{}</div>', base_id, boxes)


class GovukDateField(forms.MultiValueField):
    """A date typed into GOV.UK date input boxes (day, month, year); ``month_only`` for a
    month and year. The one date field of every form a person fills in; pages draw it with
    ``includes/_date_input.html``. ``error_messages`` may override ``required`` and
    ``invalid``; by default they, and a missing part, are worded from the label."""

    def __init__(self, *, label: str | None = None, month_only: bool = False, **kwargs):
        self.parts = MONTH_PARTS if month_only else DATE_PARTS
        self.month_only = month_only
        self.custom_messages = kwargs.pop("error_messages", {})
        fields = [forms.CharField(required=False) for _ in self.parts]
        super().__init__(
            fields=fields,
            widget=PartsWidget(self.parts),
            label=label,
            require_all_fields=False,
            **kwargs,
        )

    def _message(self, kind: str, default: str) -> forms.ValidationError:
        return forms.ValidationError(self.custom_messages.get(kind, default), code=kind)

    def compress(self, data_list):
        values = dict(zip(self.parts, data_list or [], strict=False))
        label = str(self.label or "Date").removesuffix(" (optional)")
        name = label[0].lower() + label[1:]
        if not any((v or "").strip() for v in values.values()):
            if self.required:
                raise self._message("required", f"Enter the {name}")
            return None
        example = "3 2025" if self.month_only else "31 3 2025"
        missing = [p for p in self.parts if not (values.get(p) or "").strip()]
        if missing:
            raise forms.ValidationError(
                f"{label} must include a {missing[0]}, for example {example}", code="incomplete"
            )
        try:
            numbers = {p: int(values[p]) for p in self.parts}
            if numbers["year"] < 1000:
                raise ValueError
            return date(numbers["year"], numbers["month"], numbers.get("day", 1))
        except ValueError as exc:
            raise self._message(
                "invalid", f"{label} must be a real date, for example {example}"
            ) from exc

    def clean(self, value):
        # Every part may be blank on its own; the date as a whole decides.
        return self.compress(value)


class GovukRadios(forms.RadioSelect):
    """Radios that ``includes/_choices.html`` draws in GOV.UK style: the field's label is
    the legend, its help text the hint, each choice a ``govuk-radios__item``."""

    govuk_class = "govuk-radios"


class GovukCheckboxes(forms.CheckboxSelectMultiple):
    """Checkboxes that ``includes/_choices.html`` draws in GOV.UK style."""

    govuk_class = "govuk-checkboxes"


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
