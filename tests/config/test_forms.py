"""GovukDateField: a date typed into GOV.UK day, month and year boxes."""

from datetime import date

import pytest
from django import forms

from config.forms import GovukDateField


class DatesForm(forms.Form):
    deadline = GovukDateField(label="Deadline")
    start = GovukDateField(required=False, label="Start date (optional)")
    month = GovukDateField(required=False, label="Month", month_only=True)


def _form(**boxes) -> DatesForm:
    data = {"deadline_day": "31", "deadline_month": "3", "deadline_year": "2026"}
    return DatesForm({**data, **boxes})


def test_boxes_make_a_date_and_blank_optional_dates_are_none():
    form = _form(deadline_day=" 1 ", deadline_month="04", month_month="7", month_year="2025")
    assert form.is_valid(), form.errors
    assert form.cleaned_data == {
        "deadline": date(2026, 4, 1),
        "start": None,
        "month": date(2025, 7, 1),
    }


@pytest.mark.parametrize(
    ("boxes", "field", "message"),
    [
        (
            {"deadline_day": "", "deadline_month": "", "deadline_year": ""},
            "deadline",
            "Enter the deadline",
        ),
        (
            {"deadline_month": ""},
            "deadline",
            "Deadline must include a month, for example 31 3 2025",
        ),
        (
            {"deadline_day": "30", "deadline_month": "2"},
            "deadline",
            "Deadline must be a real date, for example 31 3 2025",
        ),
        (
            {"deadline_year": "26"},
            "deadline",
            "Deadline must be a real date, for example 31 3 2025",
        ),
        (
            {"start_day": "next", "start_month": "week", "start_year": "2026"},
            "start",
            "Start date must be a real date, for example 31 3 2025",
        ),
        (
            {"month_month": "13", "month_year": "2025"},
            "month",
            "Month must be a real date, for example 3 2025",
        ),
        ({"month_year": "2025"}, "month", "Month must include a month, for example 3 2025"),
    ],
)
def test_wrong_or_missing_parts_are_explained_in_govuk_words(boxes, field, message):
    form = _form(**boxes)
    assert not form.is_valid()
    assert form.errors == {field: [message]}


def test_the_boxes_are_labelled_keep_what_was_typed_and_show_an_error():
    form = _form(deadline_day="12", deadline_month="", deadline_year="2030")
    form.is_valid()
    html = str(form["deadline"])
    assert (
        '<label class="govuk-label govuk-date-input__label" for="id_deadline_day">Day</label>'
        in html
    )
    assert (
        'id="id_deadline_day" name="deadline_day" type="text" inputmode="numeric" value="12"'
        in html
    )
    assert 'name="deadline_month" type="text" inputmode="numeric" value=""' in html
    assert html.count("govuk-input--error") == 3
    assert "govuk-input--width-4" in html and 'id="id_deadline_year"' in html
    # The error summary links to the first box.
    assert form["deadline"].id_for_label == "id_deadline_day"


def test_a_set_date_is_shown_in_its_boxes():
    html = str(DatesForm(initial={"deadline": date(2026, 3, 9)})["deadline"])
    assert 'name="deadline_day" type="text" inputmode="numeric" value="9"' in html
    assert 'name="deadline_month" type="text" inputmode="numeric" value="3"' in html
    assert "govuk-input--error" not in html
