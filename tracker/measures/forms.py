"""Forms for measures. Dates are typed into GOV.UK date inputs (day, month, year boxes)."""

from __future__ import annotations

from django import forms

from config.forms import GovukDateField, GovukRadios
from tracker.measures.services import parse_number


def _number_field(label: str) -> forms.CharField:
    return forms.CharField(
        label=label,
        max_length=30,
        widget=forms.TextInput(
            attrs={"class": "govuk-input govuk-input--width-5", "inputmode": "decimal"}
        ),
        error_messages={"required": f"Enter the {label.lower()}"},
    )


class NumberMixin:
    number_fields: tuple[str, ...] = ()

    def _clean_number(self, name):
        try:
            return parse_number(self.cleaned_data[name])
        except ValueError as exc:
            raise forms.ValidationError(f"{exc}; enter a number such as 38 or 38.5") from exc


class MeasureForm(NumberMixin, forms.Form):
    name = forms.CharField(
        max_length=200,
        widget=forms.TextInput(attrs={"class": "govuk-input"}),
        help_text="For example, return home interviews offered within 72 hours.",
        error_messages={"required": "Enter the name of the measure"},
    )
    unit = forms.CharField(
        label="Unit (optional)",
        max_length=40,
        required=False,
        widget=forms.TextInput(attrs={"class": "govuk-input govuk-input--width-10"}),
        help_text="For example, %, days or children.",
    )
    higher_is_better = forms.TypedChoiceField(
        label="Which way is better?",
        choices=[("yes", "Higher is better"), ("no", "Lower is better")],
        coerce=lambda v: v == "yes",
        widget=GovukRadios,
        error_messages={"required": "Choose whether higher or lower is better"},
    )
    baseline_value = _number_field("Baseline value")
    baseline_date = GovukDateField(label="Baseline date", help_text="For example, 31 3 2025")
    target_value = _number_field("Target value")
    target_date = GovukDateField(label="Target date", help_text="For example, 31 12 2025")
    source = forms.CharField(
        label="Source (optional)",
        max_length=200,
        required=False,
        widget=forms.TextInput(attrs={"class": "govuk-input"}),
        help_text="Where the figure comes from, for example the monthly performance report.",
    )
    action = forms.ModelChoiceField(
        queryset=None,
        required=False,
        label="Action (optional)",
        empty_label="The whole finding",
        widget=forms.Select(attrs={"class": "govuk-select"}),
        error_messages={"invalid_choice": "Choose an action from the list"},
    )

    def __init__(self, *args, finding, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["action"].queryset = finding.actions.order_by("deadline", "pk")

    def clean_baseline_value(self):
        return self._clean_number("baseline_value")

    def clean_target_value(self):
        return self._clean_number("target_value")


class ValueForm(NumberMixin, forms.Form):
    month = GovukDateField(label="Month", month_only=True, help_text="For example, 3 2025")
    value = _number_field("Value")

    def clean_value(self):
        return self._clean_number("value")


class UploadForm(forms.Form):
    file = forms.FileField(
        label="Upload a CSV file",
        help_text="Columns measure, month and value: one row per measure and month.",
        error_messages={"required": "Choose a CSV file", "empty": "The file is empty"},
        widget=forms.ClearableFileInput(attrs={"class": "govuk-file-upload", "accept": ".csv"}),
    )
