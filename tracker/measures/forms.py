"""Forms for measures. Dates are typed into GOV.UK date inputs (day, month, year boxes)."""

from __future__ import annotations

from datetime import date

from django import forms

from tracker.measures.services import parse_number

DATE_PARTS = ("day", "month", "year")
MONTH_PARTS = ("month", "year")


class PartsWidget(forms.MultiWidget):
    """Day, month and year boxes named ``<field>_day`` and so on; the page draws them
    with ``tracker/measures/_date_input.html``."""

    def __init__(self, parts=DATE_PARTS):
        self.parts = parts
        super().__init__(widgets={p: forms.TextInput() for p in parts})

    def decompress(self, value):
        if isinstance(value, date):
            full = {"day": value.day, "month": value.month, "year": value.year}
            return [full[p] for p in self.parts]
        return [None] * len(self.parts)


class GovukDateField(forms.MultiValueField):
    """A date from GOV.UK date input boxes; ``month_only`` for a month and year."""

    def __init__(self, *, label: str, month_only: bool = False, **kwargs):
        self.parts = MONTH_PARTS if month_only else DATE_PARTS
        self.month_only = month_only
        fields = [forms.CharField(required=False) for _ in self.parts]
        super().__init__(
            fields=fields,
            widget=PartsWidget(self.parts),
            label=label,
            require_all_fields=False,
            **kwargs,
        )

    def compress(self, data_list):
        values = dict(zip(self.parts, data_list or [], strict=False))
        name = self.label[0].lower() + self.label[1:]
        if not any(values.values()):
            if self.required:
                raise forms.ValidationError(f"Enter the {name}")
            return None
        missing = [p for p in self.parts if not (values.get(p) or "").strip()]
        if missing:
            raise forms.ValidationError(f"The {name} must include a {missing[0]}")
        try:
            numbers = {p: int(values[p]) for p in self.parts}
            if numbers["year"] < 1000:
                raise ValueError
            return date(numbers["year"], numbers["month"], numbers.get("day", 1))
        except ValueError as exc:
            example = "3 2025" if self.month_only else "31 3 2025"
            raise forms.ValidationError(
                f"The {name} must be a real date, for example {example}"
            ) from exc

    def clean(self, value):
        # Every part may be blank on its own; the date as a whole decides.
        return self.compress(value)


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
        widget=forms.RadioSelect,
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
