"""Bulk changes from the lists: choose, see what will change, confirm, read the summary."""

import datetime

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from inspections.models import (
    AreaState,
    FindingArea,
    FindingState,
    FollowUp,
    JudgementArea,
    ReviewState,
)
from tests.factories import DocumentFactory, FindingFactory
from tests.forms import date_input
from tracker.models import Action

pytestmark = pytest.mark.django_db

FINDINGS = reverse("tracker:bulk-findings")
ACTIONS = reverse("tracker:bulk-actions")


def _messages(response):
    return [str(m) for m in get_messages(response.wsgi_request)]


def _confirm_page(client, url, data):
    response = client.post(url, data)
    assert response.status_code == 200, response.content.decode()[:500]
    return response


def _apply(client, url, page, extra=None):
    """Post the confirmation page's form as it stands, with what the person typed."""
    context = page.context
    data = {
        "operation": context["operation_key"],
        "query": context["selection"]["query"],
        "expected": context["expected"],
        "apply": "yes",
        **(extra or {}),
    }
    if context["selection"]["all_matching"]:
        data["all_matching"] = "on"
    else:
        data["selected"] = context["selection"]["selected"]
    return client.post(url, data)


def test_the_finding_list_offers_checkboxes_to_managers_only(client, manager, viewer, suggestions):
    client.force_login(manager)
    page = client.get(reverse("tracker:finding-list")).content.decode()
    assert f'id="select-{suggestions[0].pk}"' in page
    assert 'form="bulk-form"' in page
    assert "All 3 findings matching these filters" in page
    client.force_login(viewer)
    page = client.get(reverse("tracker:finding-list")).content.decode()
    assert "select-" not in page and "bulk-form" not in page


def test_confirming_chosen_suggestions_shows_what_will_change_then_does_it(
    client, manager, suggestions
):
    client.force_login(manager)
    chosen = [suggestions[0].pk, suggestions[2].pk]
    page = _confirm_page(
        client, FINDINGS, {"operation": "confirm", "selected": chosen, "query": "state=suggested"}
    )
    html = page.content.decode()
    assert "Confirm 2 findings?" in html
    assert suggestions[0].reference in html and suggestions[1].reference not in html
    # Nothing has changed yet.
    assert {f.state for f in type(suggestions[0]).objects.all()} == {FindingState.SUGGESTED}
    response = _apply(client, FINDINGS, page)
    assert response.status_code == 302
    assert response["Location"] == reverse("tracker:finding-list") + "?state=suggested"
    assert _messages(response) == ["2 findings confirmed: you can now add actions."]
    states = dict(type(suggestions[0]).objects.values_list("pk", "state"))
    assert [states[f.pk] for f in suggestions] == [
        FindingState.CONFIRMED,
        FindingState.SUGGESTED,
        FindingState.CONFIRMED,
    ]


def test_all_matching_the_filter_carries_the_filter_not_ids(client, manager, suggestions):
    confirmed = type(suggestions[0]).objects.create(
        document=suggestions[0].document, order=99, text="Already ours.", state="confirmed"
    )
    client.force_login(manager)
    page = _confirm_page(
        client,
        FINDINGS,
        {"operation": "reject", "all_matching": "on", "query": "state=suggested"},
    )
    assert page.context["count"] == 3
    assert 'name="selected"' not in page.content.decode()
    response = _apply(client, FINDINGS, page, {"reason": "Not a finding of ours"})
    assert _messages(response) == ["3 findings rejected: Not a finding of ours"]
    assert type(confirmed).objects.get(pk=confirmed.pk).state == FindingState.CONFIRMED


def test_rejecting_without_a_reason_asks_for_one(client, manager, suggestions):
    client.force_login(manager)
    page = _confirm_page(client, FINDINGS, {"operation": "reject", "selected": [suggestions[0].pk]})
    response = _apply(client, FINDINGS, page, {"reason": ""})
    assert response.status_code == 400
    assert "Say why the suggestions are rejected" in response.content.decode()
    assert type(suggestions[0]).objects.get(pk=suggestions[0].pk).state == FindingState.SUGGESTED


def test_a_refused_row_is_named_and_nothing_changes(client, manager, suggestions, finding):
    client.force_login(manager)
    page = _confirm_page(
        client,
        FINDINGS,
        {"operation": "confirm", "selected": [suggestions[0].pk, finding.pk]},
    )
    response = _apply(client, FINDINGS, page)
    assert response.status_code == 400
    html = response.content.decode()
    assert "Nothing was changed" in html
    assert f"{finding.reference}</strong>: This finding is already confirmed." in html
    assert type(finding).objects.get(pk=suggestions[0].pk).state == FindingState.SUGGESTED


def test_a_row_of_another_authority_is_refused_and_nothing_changes(
    client, manager, suggestions, foreign_suggestion
):
    client.force_login(manager)
    response = client.post(
        FINDINGS, {"operation": "confirm", "selected": [suggestions[0].pk, foreign_suggestion.pk]}
    )
    assert response.status_code == 302
    assert _messages(response) == [
        "1 of the 2 findings chosen is not in your authorities or no longer exist, "
        "so nothing was changed."
    ]
    assert {f.state for f in type(foreign_suggestion).objects.all()} == {FindingState.SUGGESTED}


def test_choosing_nothing_goes_back_with_a_message(client, manager, suggestions):
    client.force_login(manager)
    response = client.post(FINDINGS, {"operation": "confirm", "query": "state=suggested"})
    assert response["Location"] == reverse("tracker:finding-list") + "?state=suggested"
    assert _messages(response) == [
        "Nothing was changed: select at least one row, or all rows matching the filter."
    ]


@pytest.mark.parametrize("person", ["owner", "viewer"])
def test_only_managers_may_post_bulk_changes(client, request, person, suggestions):
    client.force_login(request.getfixturevalue(person))
    response = client.post(FINDINGS, {"operation": "confirm", "selected": [suggestions[0].pk]})
    assert response.status_code == 403
    assert {f.state for f in type(suggestions[0]).objects.all()} == {FindingState.SUGGESTED}


def test_reassigning_and_re_dating_actions_from_the_list(client, manager, plan, other_owner):
    client.force_login(manager)
    listed = client.get(reverse("tracker:action-list")).content.decode()
    assert f'id="select-{plan[0].pk}"' in listed
    page = _confirm_page(client, ACTIONS, {"operation": "change", "selected": [a.pk for a in plan]})
    assert "Reassign or re-date 3 actions?" in page.content.decode()
    response = _apply(
        client,
        ACTIONS,
        page,
        {
            "owner": other_owner.pk,
            **date_input(deadline="2027-05-01"),
            "reason": "Team restructure",
        },
    )
    assert _messages(response) == [
        "3 actions updated: 3 actions given to Oona Other; 3 actions moved to 1 May 2027."
    ]
    assert set(Action.objects.values_list("owner", "deadline_reason")) == {
        (other_owner.pk, "Team restructure")
    }


def test_a_new_deadline_without_a_reason_is_asked_for(client, manager, plan):
    client.force_login(manager)
    page = _confirm_page(client, ACTIONS, {"operation": "change", "selected": [plan[0].pk]})
    response = _apply(client, ACTIONS, page, date_input(deadline="2027-05-01"))
    assert response.status_code == 400
    assert "Say why the deadline is changing" in response.content.decode()


def test_an_action_edited_meanwhile_shows_the_page_again_with_the_rows_as_they_are(
    client, manager, plan, other_owner
):
    client.force_login(manager)
    page = _confirm_page(client, ACTIONS, {"operation": "change", "all_matching": "on"})
    Action.objects.filter(pk=plan[1].pk).update(version=5)
    response = _apply(client, ACTIONS, page, {"owner": other_owner.pk})
    assert response.status_code == 400
    assert "changed or went since you chose them" in response.content.decode()
    assert response.context["expected"] != page.context["expected"]
    assert not Action.objects.filter(owner=other_owner).exists()


def test_confirming_follow_up_verdicts_from_the_review_list(
    client, manager, authority, pending_followups
):
    client.force_login(manager)
    url = reverse("tracker:bulk-followups", args=[authority.slug])
    listed = client.get(reverse("tracker:followup-review-list", args=[authority.slug]))
    assert f'id="select-{pending_followups[0].pk}"' in listed.content.decode()
    page = _confirm_page(client, url, {"operation": "confirm", "all_matching": "on"})
    assert "Confirm as suggested 2 suggestions?" in page.content.decode()
    response = _apply(client, url, page)
    assert response["Location"] == reverse("tracker:followup-review-list", args=[authority.slug])
    assert _messages(response) == ["2 follow-up verdicts confirmed as suggested."]
    assert {f.state for f in FollowUp.objects.all()} == {ReviewState.CONFIRMED}


def test_another_authoritys_manager_cannot_reach_its_follow_ups(
    client, outsider_other_authority, authority, pending_followups
):
    client.force_login(outsider_other_authority)
    url = reverse("tracker:bulk-followups", args=[authority.slug])
    response = client.post(url, {"operation": "confirm", "all_matching": "on"})
    assert response.status_code == 404


LEAVERS = "The experiences and progress of care leavers"


def test_setting_the_judgement_area_of_chosen_findings(client, manager, suggestions):
    client.force_login(manager)
    listed = client.get(reverse("tracker:finding-list")).content.decode()
    assert "Set the judgement area of selected" in listed
    chosen = [suggestions[0].pk, suggestions[1].pk]
    page = _confirm_page(client, FINDINGS, {"operation": "area", "selected": chosen})
    html = page.content.decode()
    assert "Set the judgement area of 2 findings?" in html
    # The five judgements of the framework the letter was inspected under, by name alone.
    assert html.count('class="govuk-radios__input"') == 5
    assert f">{LEAVERS}</label>" in html
    assert not FindingArea.objects.exists()

    leavers = JudgementArea.objects.get(era__code="ilacs-2023", name=LEAVERS)
    response = _apply(client, FINDINGS, page, {"judgement_area": leavers.pk})
    assert response.status_code == 302
    assert _messages(response) == [f"2 findings now in the judgement area “{LEAVERS}”."]
    assert set(FindingArea.objects.values_list("finding", "judgement_area", "state")) == {
        (pk, leavers.pk, AreaState.CONFIRMED) for pk in chosen
    }


def test_no_judgement_area_chosen_is_asked_for_and_nothing_changes(client, manager, suggestions):
    client.force_login(manager)
    page = _confirm_page(client, FINDINGS, {"operation": "area", "all_matching": "on"})
    response = _apply(client, FINDINGS, page)
    assert response.status_code == 400
    html = response.content.decode()
    assert "There is a problem" in html
    assert 'href="#id_judgement_area_0">Choose the judgement area these findings belong to.' in html
    assert not FindingArea.objects.exists()


def test_findings_of_two_frameworks_are_offered_both_eras_areas_named_by_era(
    client, manager, suggestions, authority
):
    day = datetime.date(2019, 9, 5)
    from_2019 = FindingFactory(
        document=DocumentFactory(authority=authority, visit_start=day, visit_end=day)
    )
    client.force_login(manager)
    page = _confirm_page(
        client, FINDINGS, {"operation": "area", "selected": [suggestions[0].pk, from_2019.pk]}
    )
    html = page.content.decode()
    assert f">{LEAVERS} (ILACS from January 2023)</label>" in html
    leavers = JudgementArea.objects.get(era__code="ilacs-2023", name=LEAVERS)
    response = _apply(client, FINDINGS, page, {"judgement_area": leavers.pk})
    assert response.status_code == 400
    html = response.content.decode()
    assert "Nothing was changed" in html
    assert f"<strong>{from_2019.reference}</strong>: “{LEAVERS}” is an area of" in html
    assert not FindingArea.objects.exists()


def test_an_area_of_a_framework_none_was_inspected_under_is_not_a_choice(
    client, manager, suggestions
):
    client.force_login(manager)
    page = _confirm_page(client, FINDINGS, {"operation": "area", "selected": [suggestions[0].pk]})
    of_2018 = JudgementArea.objects.filter(era__code="ilacs-2018").first()
    response = _apply(client, FINDINGS, page, {"judgement_area": of_2018.pk})
    assert response.status_code == 400
    assert "Choose one of the judgement areas listed." in response.content.decode()
    assert not FindingArea.objects.exists()
