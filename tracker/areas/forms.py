"""The judgement-area form of a finding's page."""

from __future__ import annotations

from django import forms

from config.forms import GovukRadios


class FindingAreaForm(forms.Form):
    judgement_area = forms.ModelChoiceField(
        queryset=None,
        empty_label=None,
        widget=GovukRadios,
        label="Judgement area",
        error_messages={
            "required": "Choose the judgement area this finding belongs to.",
            "invalid_choice": "Choose one of the judgement areas listed.",
        },
    )

    def __init__(self, *args, areas, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["judgement_area"].queryset = areas
