"""The corrections' pages: who may use them, what they show, and refusals shown in place."""

import datetime
from pathlib import Path

import pytest
from django.urls import reverse

from inspections.models import FindingState
from tests.factories import ActionFactory, FindingFactory
from tracker import services
from tracker.corrections import services as corrections
from tracker.statuses import Closure, ReviewState, Status


def _withdraw_url(evidence):
    return reverse("tracker:evidence-withdraw", args=[evidence.pk])


def test_the_owner_withdraws_their_file_from_its_page(
    client, owner, uploaded, action, private_media_root
):
    stored = Path(private_media_root) / uploaded.file.name
    client.force_login(owner)
    page = client.get(_withdraw_url(uploaded))
    assert page.status_code == 200
    assert "The file will be erased and cannot be recovered" in page.text

    response = client.post(_withdraw_url(uploaded), {"reason": "Uploaded the wrong chronology."})

    assert response.status_code == 302
    assert response["Location"].endswith(f"/actions/{action.pk}/#evidence")
    assert not stored.exists()
    detail = client.get(reverse("tracker:action-detail", args=[action.pk])).text
    assert "Withdrawn by Olu Owner" in detail
    assert "Reason: Uploaded the wrong chronology." in detail
    assert reverse("tracker:evidence-download", args=[uploaded.pk]) not in detail
    assert "Evidence withdrawn" in detail  # the history
    assert client.get(reverse("tracker:evidence-download", args=[uploaded.pk])).status_code == 404


def test_withdrawing_without_a_reason_shows_the_error_and_keeps_the_file(
    client, owner, uploaded, private_media_root
):
    client.force_login(owner)
    response = client.post(_withdraw_url(uploaded), {"reason": " "})
    assert response.status_code == 400
    assert "Say why you are withdrawing this evidence" in response.text
    assert "govuk-error-summary" in response.text
    uploaded.refresh_from_db()
    assert uploaded.review_state == ReviewState.PENDING
    assert (Path(private_media_root) / uploaded.file.name).exists()


@pytest.mark.parametrize(
    ("who", "status"),
    [("other_owner", 403), ("viewer", 403), ("outsider_other_authority", 404), ("manager", 200)],
)
def test_who_may_open_the_withdraw_page(client, uploaded, who, status, request):
    client.force_login(request.getfixturevalue(who))
    assert client.get(_withdraw_url(uploaded)).status_code == status


def test_the_withdraw_link_shows_only_to_those_who_may_withdraw(
    client, uploaded, action, owner, other_owner
):
    detail = reverse("tracker:action-detail", args=[action.pk])
    client.force_login(owner)
    assert _withdraw_url(uploaded) in client.get(detail).text
    client.force_login(other_owner)
    assert _withdraw_url(uploaded) not in client.get(detail).text


# --- Cancel or supersede ---------------------------------------------------------


def _close_url(action):
    return reverse("tracker:action-close", args=[action.pk])


def test_a_manager_cancels_an_action_and_it_is_marked_but_out_of_the_list(client, manager, action):
    client.force_login(manager)
    assert client.get(_close_url(action)).status_code == 200
    response = client.post(
        _close_url(action), {"closure": "cancelled", "reason": "Duplicate.", "version": 1}
    )
    assert response.status_code == 302
    detail = client.get(reverse("tracker:action-detail", args=[action.pk])).text
    assert "This action is no longer part of the plan" in detail
    assert "Reason: Duplicate." in detail
    listed = client.get(reverse("tracker:action-list")).text
    assert action.title not in listed
    chosen = client.get(reverse("tracker:action-list"), {"status": "cancelled"}).text
    assert action.title in chosen


def test_superseding_links_to_the_replacement(client, manager, action, finding):
    replacement = ActionFactory(finding=finding, title="Joined-up return home interviews")
    client.force_login(manager)
    response = client.post(
        _close_url(action),
        {
            "closure": "superseded",
            "replacement": replacement.pk,
            "reason": "Merged.",
            "version": 1,
        },
    )
    assert response.status_code == 302
    detail = client.get(reverse("tracker:action-detail", args=[action.pk])).text
    assert reverse("tracker:action-detail", args=[replacement.pk]) in detail
    assert "Joined-up return home interviews" in detail


def test_another_authoritys_action_is_not_offered_nor_accepted_as_replacement(
    client, manager, action, other_authority
):
    foreign = ActionFactory(
        finding=FindingFactory(document__authority=other_authority), title="Theirs"
    )
    client.force_login(manager)
    assert "Theirs" not in client.get(_close_url(action)).text
    response = client.post(
        _close_url(action),
        {"closure": "superseded", "replacement": foreign.pk, "reason": "Merged.", "version": 1},
    )
    assert response.status_code == 400
    assert "Choose an action of the same authority from the list" in response.text
    action.refresh_from_db()
    assert action.status == Status.NOT_STARTED


def test_a_stale_cancel_is_refused_with_what_changed(client, manager, action):
    services.action_update(action=action, user=manager, expected_version=1, title="Renamed")
    client.force_login(manager)
    response = client.post(
        _close_url(action), {"closure": "cancelled", "reason": "Duplicate.", "version": 1}
    )
    assert response.status_code == 400
    assert "Someone else changed this action (title)" in response.text


@pytest.mark.parametrize(
    ("who", "status"), [("owner", 403), ("viewer", 403), ("outsider_other_authority", 404)]
)
def test_only_managers_of_the_authority_reach_cancel(client, action, who, status, request):
    client.force_login(request.getfixturevalue(who))
    assert client.get(_close_url(action)).status_code == status
    assert client.post(_close_url(action), {"closure": "cancelled"}).status_code == status


# --- Progress updates ------------------------------------------------------------


@pytest.fixture
def update(action, owner):
    return services.progress_update_add(action=action, user=owner, text="Audit started.")


def test_the_author_corrects_and_retracts_from_the_action_page(client, owner, update, action):
    client.force_login(owner)
    detail = reverse("tracker:action-detail", args=[action.pk])
    edit = reverse("tracker:update-edit", args=[update.pk])
    assert edit in client.get(detail).text
    assert client.post(edit, {"text": "Audit of 40 cases started."}).status_code == 302
    assert "Audit of 40 cases started." in client.get(detail).text
    retract = reverse("tracker:update-retract", args=[update.pk])
    assert client.post(retract).status_code == 302
    page = client.get(detail).text
    assert "Retracted by its author" in page
    assert edit not in page


@pytest.mark.parametrize(
    ("who", "status"),
    [("manager", 403), ("other_owner", 403), ("viewer", 403), ("outsider_other_authority", 404)],
)
def test_only_the_author_reaches_the_update_pages(client, update, who, status, request):
    client.force_login(request.getfixturevalue(who))
    assert client.get(reverse("tracker:update-edit", args=[update.pk])).status_code == status
    assert client.post(reverse("tracker:update-retract", args=[update.pk])).status_code == status


def test_a_late_correction_is_refused_with_a_clear_message(client, owner, update, time_machine):
    time_machine.move_to(update.created_at + datetime.timedelta(days=2))
    client.force_login(owner)
    response = client.post(reverse("tracker:update-edit", args=[update.pk]), {"text": "New."})
    assert response.status_code == 400
    assert "only be changed within a day of posting" in response.text


# --- Suggested findings ------------------------------------------------------------


@pytest.fixture
def suggested(authority):
    return FindingFactory(
        document__authority=authority,
        state=FindingState.SUGGESTED,
        text="the quality of supervision is not consistently good",
    )


def test_a_manager_rewords_on_confirming_and_sees_ofsteds_words(client, manager, suggested):
    client.force_login(manager)
    response = client.post(
        reverse("tracker:finding-confirm", args=[suggested.pk]),
        {"wording": "Supervision is regular and reflective."},
    )
    assert response.status_code == 302
    page = client.get(reverse("tracker:finding-detail", args=[suggested.pk])).text
    assert "Supervision is regular and reflective." in page
    assert "Ofsted’s wording" in page
    assert "The quality of supervision is not consistently good" in page


def test_rejecting_asks_why_then_the_suggestion_can_be_restored(client, manager, suggested):
    client.force_login(manager)
    reject = reverse("tracker:finding-reject", args=[suggested.pk])
    page = client.post(reject, {"reason": ""}, follow=True).text
    assert "Say why the suggestion is rejected." in page
    suggested.refresh_from_db()
    assert suggested.state == FindingState.SUGGESTED

    page = client.post(reject, {"reason": "Praise, not a weakness."}, follow=True).text
    assert "Why it was rejected" in page and "Praise, not a weakness." in page
    restore = reverse("tracker:finding-restore", args=[suggested.pk])
    assert restore in page
    client.post(restore)
    suggested.refresh_from_db()
    assert suggested.state == FindingState.SUGGESTED


def test_closed_action_pages_offer_no_status_change(client, manager, action):
    corrections.action_cancel(action=action, user=manager, reason="Dropped.", expected_version=1)
    client.force_login(manager)
    page = client.get(reverse("tracker:action-detail", args=[action.pk])).text
    assert reverse("tracker:action-update-status", args=[action.pk]) not in page
    assert _close_url(action) not in page
    assert Closure.CANCELLED.label in page
