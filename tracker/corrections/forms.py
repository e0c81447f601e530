"""Forms of the corrections: they only parse; the services decide what is allowed."""

from django import forms

from config.forms import GovukRadios
from tracker.forms import VersionedForm
from tracker.statuses import Closure
from tracker.validation import IdChoiceField


def _reason(label: str, hint: str, required: str) -> forms.CharField:
    return forms.CharField(
        label=label,
        help_text=hint,
        widget=forms.Textarea(attrs={"class": "govuk-textarea", "rows": 3}),
        error_messages={"required": required},
    )


class EvidenceWithdrawForm(forms.Form):
    reason = _reason(
        "Why are you withdrawing it?",
        "For example, the wrong file was uploaded. The reason is kept with the record.",
        "Say why you are withdrawing this evidence",
    )


class ReplacementField(IdChoiceField):
    def label_from_instance(self, obj) -> str:
        return f"{obj.finding.reference}: {obj.title}"


class ActionCloseForm(VersionedForm):
    closure = forms.ChoiceField(
        label="What should happen to this action?",
        choices=[
            (Closure.CANCELLED.value, "Cancel it: it is no longer needed"),
            (Closure.SUPERSEDED.value, "Supersede it: another action replaces it"),
        ],
        widget=GovukRadios,
        error_messages={
            "required": "Choose whether to cancel or supersede the action",
            "invalid_choice": "Choose whether to cancel or supersede the action",
        },
    )
    replacement = ReplacementField(
        queryset=None,
        required=False,
        label="The action that replaces it (if superseding)",
        empty_label="Choose an action",
        widget=forms.Select(attrs={"class": "govuk-select"}),
        error_messages={"invalid_choice": "Choose an action of the same authority from the list"},
    )
    reason = _reason(
        "Why?",
        "The reason is shown on the action and kept in its history.",
        "Say why the action is cancelled or superseded",
    )

    def __init__(self, *args, replacements, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["replacement"].queryset = replacements


class ProgressUpdateEditForm(forms.Form):
    text = forms.CharField(
        label="Progress update",
        widget=forms.Textarea(attrs={"class": "govuk-textarea", "rows": 5}),
        error_messages={"required": "Enter the progress update"},
    )


class FindingConfirmForm(forms.Form):
    wording = forms.CharField(
        required=False,
        label="Wording of the finding",
        help_text="Reword it if you need to; Ofsted's own words are kept and shown beside it.",
        widget=forms.Textarea(attrs={"class": "govuk-textarea", "rows": 3}),
    )


class FindingRejectForm(forms.Form):
    reason = _reason(
        "Why is it not a finding?",
        "The reason is kept; a rejected suggestion can be restored.",
        "Say why the suggestion is rejected",
    )
