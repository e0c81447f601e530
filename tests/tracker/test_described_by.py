"""Every hint and error an input names in aria-describedby is on the page, so a screen
reader reads them with the input: on every form page, blank and after a refused submit."""

import re

import pytest
from django.urls import reverse

DESCRIBED_BY = re.compile(r'aria-describedby="([^"]*)"')
ID = re.compile(r'\sid="([^"]*)"')


def _missing_ids(html: str) -> set[str]:
    present = set(ID.findall(html))
    named = {name for value in DESCRIBED_BY.findall(html) for name in value.split()}
    return named - present


@pytest.fixture
def form_pages(action):
    finding, document = action.finding, action.finding.document
    slug = document.authority.slug
    return {
        "login": reverse("login"),
        "action create": reverse("tracker:action-create", args=[finding.pk]),
        "action edit": reverse("tracker:action-edit", args=[action.pk]),
        "action detail": reverse("tracker:action-detail", args=[action.pk]),
        "action list": reverse("tracker:action-list"),
        "finding list": reverse("tracker:finding-list"),
        "across visits": reverse("tracker:across-visits", args=[slug]),
        "themes": reverse("tracker:theme-list", args=[slug]),
        "plan import": reverse("tracker:plan-import-start"),
        "measure create": reverse("tracker:measure-create", args=[finding.pk]),
        "measure upload": reverse("tracker:measure-upload"),
    }


def test_every_form_page_has_the_ids_its_inputs_are_described_by(client, manager, form_pages):
    client.force_login(manager)
    for name, url in form_pages.items():
        response = client.get(url)
        assert response.status_code == 200, name
        assert _missing_ids(response.content.decode()) == set(), name


@pytest.mark.parametrize(
    ("page", "data"),
    [
        ("action create", {"title": "", "deadline_day": "31", "deadline_month": "2"}),
        ("action edit", {"title": "", "version": "1"}),
        ("measure create", {"name": ""}),
        ("plan import", {"authority": ""}),
        ("measure upload", {"file": ""}),
    ],
)
def test_a_refused_form_names_only_errors_and_hints_on_the_page(
    client, manager, form_pages, page, data
):
    client.force_login(manager)
    response = client.post(form_pages[page], data)
    html = response.content.decode()
    assert response.status_code == 400 and "govuk-error-summary" in html
    assert "_error" in "".join(DESCRIBED_BY.findall(html))
    assert _missing_ids(html) == set()


def test_the_action_page_names_only_ids_it_has_after_a_refused_update(client, owner, action):
    client.force_login(owner)
    response = client.post(
        reverse("tracker:action-add-update", args=[action.pk]), {"update-text": ""}
    )
    html = response.content.decode()
    assert "Enter a progress update" in html
    assert 'aria-describedby="id_update-text_error"' in html
    assert _missing_ids(html) == set()
