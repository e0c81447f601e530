from django import forms
from django.core.exceptions import ValidationError

from config.forms import GovukDateField
from inspections.models import DocumentKind


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ".pdf,.txt"}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        files = data if isinstance(data, list | tuple) else [data]
        return [single(f, initial) for f in files if f] or [single(None, initial)]


class ReportUploadForm(forms.Form):
    files = MultipleFileField(
        label="Ofsted reports or letters",
        help_text="One or more PDF or text files, as published by Ofsted.",
    )
    received_date = GovukDateField(
        required=False,
        label="Date the council received the report",
        help_text="Action-plan deadlines count from this date. You can add it later.",
    )


class ReportPreviewForm(forms.Form):
    """One parsed file in the preview, with what a person may correct before confirming."""

    token = forms.RegexField(regex=r"^[0-9a-f]{32}$", widget=forms.HiddenInput)
    filename = forms.CharField(widget=forms.HiddenInput, max_length=255)
    include = forms.BooleanField(required=False, initial=True, label="Import this file")
    local_authority = forms.CharField(max_length=200)
    kind = forms.ChoiceField(choices=DocumentKind.choices)
    visit_start = GovukDateField(required=False, label="Visit start")
    visit_end = GovukDateField(required=False, label="Visit end")
    letter_date = GovukDateField(required=False, label="Letter date")
    published_date = GovukDateField(required=False, label="Published date")
    received_date = GovukDateField(required=False, label="Received date")
    visit_number = forms.IntegerField(required=False, min_value=1, max_value=50)
    improvement_items = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 6, "cols": 100}),
        help_text="One item per line, in printed order.",
    )

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("visit_start"), cleaned.get("visit_end")
        if start and end and end < start:
            raise ValidationError("The visit cannot end before it starts.")
        return cleaned

    def item_lines(self) -> tuple[str, ...]:
        return tuple(
            line.strip()
            for line in self.cleaned_data["improvement_items"].splitlines()
            if line.strip()
        )
