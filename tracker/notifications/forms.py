"""The email settings form: how often a person hears about their actions."""

from __future__ import annotations

from django import forms

from config.forms import GovukRadios
from tracker.notifications.models import Frequency


class PreferenceForm(forms.Form):
    frequency = forms.ChoiceField(
        label="When should we email you about changes to your actions?",
        choices=Frequency.choices,
        widget=GovukRadios,
        error_messages={"required": "Choose when to get emails"},
    )
