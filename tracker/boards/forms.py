"""The board meeting form: title, date (GOV.UK date input) and the authorities it covers."""

from __future__ import annotations

from django import forms

from config.forms import GovukCheckboxes, GovukDateField
from tracker import selectors


class MeetingForm(forms.Form):
    title = forms.CharField(
        label="Title",
        max_length=200,
        help_text="For example, Improvement board, or Scrutiny committee.",
        error_messages={"required": "Enter a title for the meeting"},
    )
    held_on = GovukDateField(label="Date of the meeting", help_text="For example, 27 3 2026")
    authorities = forms.ModelMultipleChoiceField(
        label="Authorities the board covers",
        queryset=None,
        widget=GovukCheckboxes,
        help_text="Choose more than one for a board of several authorities.",
        error_messages={"required": "Choose at least one authority"},
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["authorities"].queryset = selectors.authority_list(user=user).order_by("name")
