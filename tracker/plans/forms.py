"""Forms for the plan import: the upload, the columns, and a person's decisions."""

from __future__ import annotations

from django import forms

from tracker.plans.columns import FIELDS
from tracker.plans.service import LEAVE_OUT, UNASSIGNED, Decisions, PlanPreview
from tracker.plans.similar import match_words
from tracker.statuses import Rag, Status

NOT_IN_FILE = ""
MAX_UPLOAD_BYTES = 10 * 1024 * 1024
_SELECT = {"class": "govuk-select"}


class PlanUploadForm(forms.Form):
    authority = forms.ModelChoiceField(
        queryset=None,
        label="Authority",
        widget=forms.Select(attrs=_SELECT),
        error_messages={
            "required": "Choose the authority",
            "invalid_choice": "Choose the authority",
        },
    )
    file = forms.FileField(
        label="Upload the plan",
        help_text="An Excel workbook (.xlsx) or a CSV file, up to 10 MB.",
        widget=forms.ClearableFileInput(
            attrs={"class": "govuk-file-upload", "accept": ".xlsx,.csv"}
        ),
        error_messages={"required": "Choose the plan's file", "empty": "The file is empty"},
    )

    def __init__(self, *args, authorities, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["authority"].queryset = authorities

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError("The file must be no larger than 10 MB")
        if not upload.name.lower().endswith((".xlsx", ".csv")):
            raise forms.ValidationError("The file must be an Excel workbook (.xlsx) or a CSV file")
        return upload


class PlanColumnsForm(forms.Form):
    """Which sheet, which row holds the headings, and which column holds each field.
    Read from the query string, so each step is a plain link or GET form."""

    sheet = forms.ChoiceField(label="Sheet", widget=forms.Select(attrs=_SELECT), required=False)
    header_row = forms.IntegerField(
        label="Row with the column headings",
        min_value=1,
        required=False,
        widget=forms.TextInput(
            attrs={"class": "govuk-input govuk-input--width-3", "inputmode": "numeric"}
        ),
        error_messages={
            "invalid": "Enter the row number, such as 3",
            "min_value": "Enter the row number, such as 3",
        },
    )

    def __init__(self, data, *, sheets: list[str], headers: list[str] | None = None):
        super().__init__(data)
        self.fields["sheet"].choices = [(s, s) for s in sheets]
        choices = [(NOT_IN_FILE, "Not in the file")] + [
            (str(i), f"Column {i + 1}: {h or '(no heading)'}") for i, h in enumerate(headers or [])
        ]
        for name, label, _ in FIELDS:
            self.fields[f"col_{name}"] = forms.ChoiceField(
                label=label, choices=choices, required=False, widget=forms.Select(attrs=_SELECT)
            )

    def column_fields(self):
        return [self[f"col_{name}"] for name, _, _ in FIELDS]


STATUS_CHOICES = [("", "Choose a status")] + list(Status.choices)
RAG_CHOICES = (
    [("", "Choose a rating")] + [(r.label, r.label) for r in Rag] + [("none", "No rating")]
)


class DecisionsForm(forms.Form):
    """One choice per finding to confirm, unmatched owner and unknown word."""

    def __init__(self, data, *, preview: PlanPreview):
        super().__init__(data)
        self.preview = preview
        self.keys: dict[str, tuple[str, str]] = {}
        for i, choice in enumerate(preview.to_confirm):
            options = [("", "Choose a finding")]
            options += [
                (str(pk), f"{label} ({match_words(score)})")
                for pk, label, score in choice.candidates
            ]
            shown = {pk for pk, _, _ in choice.candidates}
            options += [
                (str(pk), label) for pk, label in preview.finding_labels.items() if pk not in shown
            ]
            options.append((LEAVE_OUT, "Not in the product yet: leave these rows out"))
            suggested = choice.suggested
            self._add(f"finding_{i}", ("findings", choice.key), options, suggested, choice)
        for i, choice in enumerate(preview.unmatched_owners):
            options = [("", "Choose a person")]
            options += [(str(pk), name) for pk, name in preview.owner_labels.items()]
            options.append((UNASSIGNED, "Leave the actions unassigned for now"))
            self._add(f"owner_{i}", ("owners", choice.key), options, None, choice)
        for i, choice in enumerate(preview.unknown_words):
            options = STATUS_CHOICES if choice.column == "status" else RAG_CHOICES
            self._add(f"word_{i}", ("words", choice.key), options, None, choice)

    def _add(self, name, key, options, initial, choice):
        self.fields[name] = forms.ChoiceField(
            choices=options,
            required=False,
            initial=str(initial) if initial else "",
            widget=forms.Select(attrs=_SELECT),
        )
        self.fields[name].choice = choice
        self.keys[name] = key

    def rows(self, prefix: str):
        return [
            (self[name], self.fields[name].choice)
            for name in self.fields
            if name.startswith(prefix)
        ]

    def decisions(self) -> Decisions:
        found: dict[str, dict] = {"findings": {}, "owners": {}, "words": {}}
        for name, (kind, key) in self.keys.items():
            value = self.cleaned_data.get(name) or ""
            if not value:
                continue
            if kind in ("findings", "owners") and value.isdigit():
                value = int(value)
            if kind == "words" and value == "none":
                value = ""
            found[kind][key] = value
        return Decisions(**found)
