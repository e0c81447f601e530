"""Every required field on the action page and the action form says what to do, GOV.UK style."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from tests.forms import date_input
from tracker.forms import (
    ActionForm,
    AtRiskForm,
    EvidenceFileForm,
    EvidenceLinkForm,
    EvidenceNoteForm,
    EvidenceReviewForm,
    ProgressUpdateForm,
    StatusForm,
)
from tracker.models import Action

DJANGO_DEFAULTS = (
    "This field is required.",
    "Enter a valid date.",
    "Enter a whole number.",
    "Select a valid choice.",
    "No file was submitted.",
    "Ensure this value has at most",
)


def _errors(form) -> dict[str, list[str]]:
    assert not form.is_valid()
    return {name: list(errors) for name, errors in form.errors.items()}


def test_empty_forms_say_what_each_required_field_needs(db):
    action = Action(status="not_started", version=3)
    owners = get_user_model().objects.none()
    assert _errors(ActionForm({}, owners=owners)) == {
        "title": ["Enter a title"],
        "deadline": ["Enter a deadline"],
    }
    assert _errors(StatusForm({}, action=action, by_manager=True)) == {
        "version": ["Reload the page and try again"],
        "status": ["Choose the new status"],
    }
    assert _errors(AtRiskForm({}, prefix="risk")) == {
        "version": ["Reload the page and try again"],
        "at_risk": ["Reload the page and try again"],
    }
    assert _errors(ProgressUpdateForm({}, prefix="update")) == {"text": ["Enter a progress update"]}
    assert _errors(EvidenceFileForm({}, {}, prefix="file")) == {"file": ["Select a file to upload"]}
    assert _errors(EvidenceLinkForm({}, prefix="link")) == {"url": ["Enter a link to the evidence"]}
    assert _errors(EvidenceNoteForm({}, prefix="note")) == {"note": ["Enter a note"]}
    assert _errors(EvidenceReviewForm({}, prefix="review-1")) == {
        "state": ["Choose whether to accept the evidence or ask for more"]
    }


def test_dates_and_lengths_are_explained_in_words(db):
    owners = get_user_model().objects.none()
    form = ActionForm(
        {
            "title": "x" * 201,
            **{"deadline_day": "30", "deadline_month": "2", "deadline_year": "2030"},
            **{"start_date_day": "next", "start_date_month": "week", "start_date_year": "2030"},
            "owner": "999",
        },
        owners=owners,
    )
    assert _errors(form) == {
        "title": ["Title must be 200 characters or fewer"],
        "owner": ["Choose an owner from the list"],
        "start_date": ["Start date must be a real date, for example 1 4 2025"],
        "deadline": ["Deadline must be a real date, for example 31 3 2026"],
    }
    form = ActionForm(
        {"title": "Audit", **date_input(deadline="2030-01-31", start_date="2030-02-01")},
        owners=owners,
    )
    assert _errors(form) == {
        "deadline": ["The deadline must be the same as or after the start date"]
    }
    assert ActionForm(
        {"title": "Audit", **date_input(deadline="2030-01-31", start_date="2030-01-31")},
        owners=owners,
    ).is_valid()


@pytest.mark.parametrize(
    "name, data, message",
    [
        ("tracker:action-add-update", {}, "Enter a progress update"),
        ("tracker:action-update-status", {}, "Choose the new status"),
        ("evidence:file", {}, "Select a file to upload"),
        ("evidence:link", {}, "Enter a link to the evidence"),
        ("evidence:note", {}, "Enter a note"),
        ("evidence:link", {"link-url": "https://example.org/" + "a" * 500}, "Link must be 500"),
    ],
)
def test_the_action_page_shows_the_specific_message(client, owner, action, name, data, message):
    client.force_login(owner)
    if name.startswith("evidence:"):
        url = reverse("tracker:evidence-add", args=[action.pk, name.split(":")[1]])
    else:
        url = reverse(name, args=[action.pk])
        data = {"version": action.version, **data}
    response = client.post(url, data)
    assert response.status_code == 400
    body = response.content.decode()
    assert message in body
    assert not any(default in body for default in DJANGO_DEFAULTS)


def test_the_action_form_shows_the_specific_messages(client, manager, finding):
    client.force_login(manager)
    blank = {"title": "", "description": "", **date_input(deadline="", start_date="")}
    response = client.post(reverse("tracker:action-create", args=[finding.pk]), blank)
    assert response.status_code == 400
    body = response.content.decode()
    assert "Enter a title" in body and "Enter a deadline" in body
    assert not any(default in body for default in DJANGO_DEFAULTS)


def test_action_dates_are_typed_as_day_month_and_year(client, manager, finding):
    client.force_login(manager)
    url = reverse("tracker:action-create", args=[finding.pk])
    page = client.get(url).content.decode()
    assert 'type="date"' not in page
    for part in ("day", "month", "year"):
        assert (
            f'id="id_deadline_{part}" name="deadline_{part}" type="text" inputmode="numeric"'
            in page
        )

    typed = {"title": "Audit", "deadline_day": "12", "deadline_month": "", "deadline_year": "2030"}
    response = client.post(url, typed)
    body = response.content.decode()
    assert response.status_code == 400
    assert "Deadline must include a month, for example 31 3 2025" in body
    assert '<a href="#id_deadline_day">Deadline must include a month' in body  # error summary
    assert 'name="deadline_day" type="text" inputmode="numeric" value="12"' in body  # kept
    assert not Action.objects.exists()

    response = client.post(url, {"title": "Audit", **date_input(deadline="2030-12-31")})
    assert response.status_code == 302
    assert Action.objects.get().deadline.isoformat() == "2030-12-31"
