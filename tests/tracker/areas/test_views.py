"""The judgement area on a finding's page, and the findings list's area filters."""

import datetime
import re

import pytest
import time_machine
from django.urls import reverse

from inspections.models import AreaState, FindingArea, JudgementArea
from tests.factories import FindingFactory

pytestmark = pytest.mark.django_db

LEADERS = "The impact of leaders on social work practice with children and families"
LEAVERS = "The experiences and progress of care leavers"


def area(name):
    return JudgementArea.objects.get(era__code="ilacs-2023", name=name)


@pytest.fixture
def suggested(finding):
    FindingArea.objects.create(
        finding=finding,
        judgement_area=area(LEADERS),
        reason="Suggested from its words “management oversight”.",
    )
    return finding


def page(client, finding):
    return client.get(reverse("tracker:finding-detail", args=[finding.pk])).content.decode()


def test_the_page_says_an_area_is_suggested_and_why_and_offers_the_eras_areas(
    client, manager, suggested
):
    client.force_login(manager)

    html = page(client, suggested)

    assert "Suggested</strong>" in html
    assert "Suggested from its words “management oversight”." in html
    assert "Confirm judgement area" in html
    # The five judgements of 2023 to March 2026, the suggested one chosen.
    assert html.count('class="govuk-radios__input"') == 5
    checked = re.findall(r'<input [^>]*type="radio"[^>]*value="(\d+)"[^>]*checked', html)
    assert checked == [str(area(LEADERS).pk)]


@time_machine.travel(datetime.datetime(2025, 3, 10, 9, tzinfo=datetime.UTC), tick=False)
def test_a_manager_changes_the_area_and_the_page_says_who_confirmed_it_and_when(
    client, manager, suggested
):
    client.force_login(manager)

    response = client.post(
        reverse("tracker:finding-set-area", args=[suggested.pk]),
        {"judgement_area": area(LEAVERS).pk},
        follow=True,
    )

    html = response.content.decode()
    assert f"Judgement area confirmed: {LEAVERS}." in html
    assert "Confirmed by Mina Manager on 10 March 2025" in html
    assert "Change judgement area" in html
    assert FindingArea.objects.get(finding=suggested).state == AreaState.CONFIRMED


def test_an_area_of_another_era_is_refused_with_the_error_beside_the_radios(
    client, manager, suggested
):
    sif = JudgementArea.objects.get(era__code="sif", name="Adoption performance")
    client.force_login(manager)

    response = client.post(
        reverse("tracker:finding-set-area", args=[suggested.pk]), {"judgement_area": sif.pk}
    )

    assert response.status_code == 400
    html = response.content.decode()
    assert "There is a problem" in html
    assert "Choose one of the judgement areas listed." in html
    assert FindingArea.objects.get(finding=suggested).judgement_area.name == LEADERS


def test_readers_see_the_area_but_no_form(client, viewer, owner, suggested):
    for person in (viewer, owner):
        client.force_login(person)
        html = page(client, suggested)
        assert LEADERS in html
        assert "govuk-radios__input" not in html


def test_the_findings_list_filters_by_area_and_by_suggested_or_confirmed(
    client, manager, suggested, authority
):
    confirmed = FindingFactory(document=suggested.document, order=8, text="Pathway plans.")
    FindingArea.objects.create(
        finding=confirmed, judgement_area=area(LEAVERS), state=AreaState.CONFIRMED
    )
    bare = FindingFactory(document=suggested.document, order=9, text="Nothing said.")
    client.force_login(manager)

    def listed(query):
        response = client.get(reverse("tracker:finding-list"), query)
        return {row.pk for row in response.context["table"].data}

    assert listed({"judgement_area": LEADERS}) == {suggested.pk}
    assert listed({"area_state": "confirmed"}) == {confirmed.pk}
    assert listed({"area_state": "suggested"}) == {suggested.pk}
    assert listed({"area_state": "none"}) == {bare.pk}
    html = client.get(reverse("tracker:finding-list")).content.decode()
    assert f'{LEADERS}<br><span class="govuk-hint govuk-!-font-size-16">Suggested</span>' in html
