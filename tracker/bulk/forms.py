"""The forms of a bulk change: which rows (chosen ones, or all matching a filter), and what to do.

They only parse input; ``tracker.bulk.services`` decides what is allowed.
"""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError

from config.forms import GovukDateField
from tracker import selectors
from tracker.areas.forms import FindingAreaForm
from tracker.forms import _area
from tracker.models import DEADLINE_REASON_REQUIRED
from tracker.validation import IdChoiceField, parse_id


class IdsField(forms.Field):
    """Any number of database ids, each from one value of the same name."""

    widget = forms.MultipleHiddenInput

    def to_python(self, value) -> list[int]:
        ids = [parse_id(v) for v in value or ()]
        if None in ids:
            raise ValidationError("Reload the page and choose again")
        return sorted(set(ids))


class SelectionForm(forms.Form):
    """Rows chosen one by one (``selected``), or every row matching the list's filter
    (``all_matching``, with the list's query string in ``query``)."""

    operation = forms.ChoiceField(choices=())
    selected = IdsField(required=False)
    all_matching = forms.BooleanField(required=False)
    query = forms.CharField(required=False, max_length=4000)
    expected = forms.CharField(required=False, max_length=64)

    def __init__(self, *args, operations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["operation"].choices = [(key, op.verb) for key, op in operations.items()]

    def clean(self):
        data = super().clean()
        if not data.get("all_matching") and not data.get("selected"):
            raise ValidationError("Select at least one row, or all rows matching the filter")
        return data


class NothingMoreForm(forms.Form):
    """An operation that needs nothing besides the rows."""


class RejectForm(forms.Form):
    reason = forms.CharField(
        widget=_area(3),
        max_length=2000,
        label="Why are these suggestions rejected?",
        help_text="One reason for all of them. It is kept with each finding.",
        error_messages={"required": "Say why the suggestions are rejected"},
    )


class AreaForm(FindingAreaForm):
    """One judgement area for every chosen finding, of the framework eras they were
    inspected under; each area names its era when the findings span more than one."""

    def __init__(self, *args, areas, **kwargs):
        super().__init__(*args, areas=areas, **kwargs)
        field = self.fields["judgement_area"]
        field.label = "Judgement area for all of them"
        field.help_text = "Each finding's own page can change its area later."
        field.error_messages["required"] = "Choose the judgement area these findings belong to."
        if len({area.era_id for area in areas}) > 1:
            field.label_from_instance = lambda area: f"{area.name} ({area.era.name})"

    def clean(self):
        data = super().clean()
        if not self.fields["judgement_area"].queryset.exists():
            self.errors.pop("judgement_area", None)  # there is nothing to choose from
            raise ValidationError(
                "These findings are from before every inspection framework the tracker "
                "knows, so there is no judgement area to choose."
            )
        return data


class ActionChangeForm(forms.Form):
    """A new owner, a new deadline, or both, for every chosen action."""

    owner = IdChoiceField(
        queryset=None,
        required=False,
        label="New owner",
        empty_label="Keep each action's owner",
        widget=forms.Select(attrs={"class": "govuk-select"}),
        help_text="Each owner must belong to the authority of every action given to them.",
        error_messages={"invalid_choice": "Choose an owner from the list"},
    )
    deadline = GovukDateField(
        required=False,
        label="New deadline",
        help_text="Leave empty to keep each action's deadline. For example, 27 3 2027",
    )
    reason = forms.CharField(
        required=False,
        widget=_area(2),
        max_length=2000,
        label="Reason for changing the deadline",
        help_text="One reason for all of them. The board pack shows how often and why a "
        "deadline moved.",
    )

    def __init__(self, *args, owners, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = owners
        self.fields["owner"].label_from_instance = selectors.person_name

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        if data.get("owner") is None and data.get("deadline") is None:
            raise ValidationError("Choose a new owner, a new deadline, or both")
        if data.get("deadline") is not None and not data.get("reason", "").strip():
            self.add_error("reason", DEADLINE_REASON_REQUIRED)
        return data
