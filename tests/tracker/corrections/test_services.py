"""Corrections with a trace: each rule, each refusal, and nothing saved when refused."""

import datetime
from pathlib import Path

import pytest
import time_machine
from django.utils import timezone

from inspections.models import FindingState
from tests.factories import (
    ActionFactory,
    EvidenceFactory,
    FindingFactory,
    ProgressUpdateFactory,
)
from tracker import selectors, services
from tracker.as_at import our_statuses_then
from tracker.board_pack.queries import area_counts, scoped_actions
from tracker.corrections import services as corrections
from tracker.models import Action, Evidence
from tracker.services import TrackerError
from tracker.statuses import Closure, ReviewState, Status

# --- Withdrawing evidence ------------------------------------------------------


def test_the_uploader_withdraws_a_file_and_it_is_erased_from_the_store(
    uploaded, owner, private_media_root
):
    stored = Path(private_media_root) / uploaded.file.name
    assert stored.exists()

    corrections.evidence_withdraw(evidence=uploaded, user=owner, reason="  Wrong child's file. ")

    assert not stored.exists()
    uploaded.refresh_from_db()
    assert uploaded.review_state == ReviewState.WITHDRAWN
    assert not uploaded.file
    assert (uploaded.withdrawn_by, uploaded.withdrawal_reason) == (owner, "Wrong child's file.")
    assert uploaded.withdrawn_at is not None
    # What was withdrawn stays named.
    assert (uploaded.label, uploaded.original_name) == ("Child's chronology", "chronology.pdf")
    assert uploaded.history.first().history_user == owner


def test_a_manager_of_the_authority_may_withdraw_anyones_evidence(uploaded, manager):
    corrections.evidence_withdraw(evidence=uploaded, user=manager, reason="Personal data.")
    uploaded.refresh_from_db()
    assert uploaded.withdrawn_by == manager


@pytest.mark.parametrize("who", ["other_owner", "viewer", "outsider_other_authority"])
def test_nobody_else_may_withdraw_evidence(uploaded, who, request, private_media_root):
    user = request.getfixturevalue(who)
    with pytest.raises(TrackerError):
        corrections.evidence_withdraw(evidence=uploaded, user=user, reason="Mine now.")
    uploaded.refresh_from_db()
    assert uploaded.review_state == ReviewState.PENDING
    assert (Path(private_media_root) / uploaded.file.name).exists()


@pytest.mark.parametrize("reason", ["", "   \n "])
def test_withdrawing_needs_a_reason_and_keeps_the_file_without_one(
    uploaded, owner, reason, private_media_root
):
    with pytest.raises(TrackerError, match="Say why the evidence is withdrawn") as refused:
        corrections.evidence_withdraw(evidence=uploaded, user=owner, reason=reason)
    assert refused.value.field == "reason"
    uploaded.refresh_from_db()
    assert uploaded.review_state == ReviewState.PENDING
    assert (Path(private_media_root) / uploaded.file.name).exists()


def test_withdrawing_twice_says_who_withdrew_it(uploaded, owner, manager):
    corrections.evidence_withdraw(evidence=uploaded, user=owner, reason="Wrong file.")
    with pytest.raises(TrackerError, match="already withdrawn by Olu Owner"):
        corrections.evidence_withdraw(evidence=uploaded, user=manager, reason="Again.")


def test_a_store_that_cannot_erase_the_file_saves_nothing(
    uploaded, owner, monkeypatch, private_media_root
):
    storage = Evidence._meta.get_field("file").storage

    def refuse(name):
        raise PermissionError(name)

    monkeypatch.setattr(storage, "delete", refuse)
    with pytest.raises(TrackerError, match="could not be erased"):
        corrections.evidence_withdraw(evidence=uploaded, user=owner, reason="Wrong file.")
    uploaded.refresh_from_db()
    assert uploaded.review_state == ReviewState.PENDING
    assert uploaded.history.count() == 1


def test_withdrawn_evidence_no_longer_counts_for_completing_the_action(uploaded, action, owner):
    corrections.evidence_withdraw(evidence=uploaded, user=owner, reason="Wrong file.")
    services.action_transition(
        action=action, user=owner, new_status=Status.IN_PROGRESS, expected_version=1
    )
    action.refresh_from_db()
    with pytest.raises(TrackerError, match="at least one piece of evidence"):
        services.action_transition(
            action=action,
            user=owner,
            new_status=Status.COMPLETED,
            expected_version=action.version,
        )


def test_withdrawn_evidence_neither_blocks_verifying_nor_can_be_reviewed(
    uploaded, action, owner, manager
):
    EvidenceFactory(action=action, added_by=owner)  # a note that counts
    action.status = Status.COMPLETED
    action.save()
    # The file awaits review, then is withdrawn: only the note's review is left.
    corrections.evidence_withdraw(evidence=uploaded, user=owner, reason="Wrong file.")
    note = action.evidence.current().get()
    services.evidence_review(evidence=note, user=manager, state=ReviewState.ACCEPTED)
    services.action_transition(
        action=action, user=manager, new_status=Status.VERIFIED, expected_version=action.version
    )
    with pytest.raises(TrackerError, match="withdrawn, so there is nothing to review"):
        services.evidence_review(evidence=uploaded, user=manager, state=ReviewState.ACCEPTED)


def test_the_withdrawal_is_on_the_action_timeline(uploaded, action, owner):
    corrections.evidence_withdraw(evidence=uploaded, user=owner, reason="Wrong file.")
    page = selectors.action_page(action=selectors.action_detail(user=owner, pk=action.pk))
    (entry,) = [e for e in page.history if e.summary == "Evidence withdrawn"]
    assert entry.who == "Olu Owner"
    assert entry.detail == "Child's chronology (file). Reason: Wrong file."


# --- Cancelling and superseding actions -------------------------------------------


def _cancel(action, user, reason="No longer needed: the service was decommissioned.", **kw):
    return corrections.action_cancel(
        action=action, user=user, reason=reason, expected_version=kw.get("version", 1)
    )


def test_a_manager_cancels_an_action_with_a_reason(action, manager):
    cancelled = _cancel(action, manager)
    assert cancelled.status == Closure.CANCELLED
    assert cancelled.closed_reason == "No longer needed: the service was decommissioned."
    assert cancelled.version == 2
    assert cancelled.get_rag() is None
    assert "not counted" in cancelled.get_rag_reason()
    record = cancelled.history.first()
    assert (record.history_user, record.history_change_reason) == (
        manager,
        "Status: Not started → Cancelled",
    )


@pytest.mark.parametrize("who", ["owner", "viewer", "outsider_other_authority"])
def test_only_a_manager_of_the_authority_cancels(action, who, request):
    with pytest.raises(TrackerError):
        _cancel(action, request.getfixturevalue(who))
    action.refresh_from_db()
    assert (action.status, action.version) == (Status.NOT_STARTED, 1)


def test_cancelling_needs_a_reason(action, manager):
    with pytest.raises(TrackerError, match="Say why the action is cancelled"):
        _cancel(action, manager, reason="  ")
    action.refresh_from_db()
    assert (action.status, action.version) == (Status.NOT_STARTED, 1)


def test_cancelling_from_a_stale_page_is_refused(action, manager):
    services.action_update(action=action, user=manager, expected_version=1, title="Renamed")
    with pytest.raises(TrackerError, match="Someone else changed this action"):
        _cancel(action, manager, version=1)
    action.refresh_from_db()
    assert action.status == Status.NOT_STARTED


def test_a_closed_action_cannot_change_status_again(action, manager):
    _cancel(action, manager)
    action.refresh_from_db()
    with pytest.raises(TrackerError, match="cancelled action cannot change status"):
        services.action_transition(
            action=action, user=manager, new_status=Status.IN_PROGRESS, expected_version=2
        )
    with pytest.raises(TrackerError, match="already cancelled"):
        _cancel(action, manager, version=2)


def test_the_status_form_cannot_cancel_without_a_reason(action, manager):
    with pytest.raises(TrackerError, match="giving a reason"):
        services.action_transition(
            action=action, user=manager, new_status=Closure.CANCELLED, expected_version=1
        )
    action.refresh_from_db()
    assert action.status == Status.NOT_STARTED


def test_an_owner_is_told_only_a_manager_may_cancel(action):
    problem = action.transition_problem(Closure.CANCELLED, by_manager=False, evidence_count=0)
    assert problem == "Only an improvement manager can cancel or supersede an action."


def test_superseding_names_the_replacement_of_the_same_authority(action, finding, manager):
    replacement = ActionFactory(finding=finding, title="Joined-up return home interviews")
    superseded = corrections.action_supersede(
        action=action,
        user=manager,
        replacement=replacement,
        reason="Merged into the joined-up action.",
        expected_version=1,
    )
    assert (superseded.status, superseded.superseded_by) == (Closure.SUPERSEDED, replacement)
    assert superseded.history.first().history_change_reason == (
        "Status: Not started → Superseded by “Joined-up return home interviews”"
    )


def test_a_long_title_in_a_change_reason_is_cut_to_what_the_history_keeps(action, finding, manager):
    # PostgreSQL refuses a reason longer than its column; SQLite would keep it whole.
    title = "Bring every return home interview into the exploitation hub " * 3
    replacement = ActionFactory(finding=finding, title=title.strip())
    superseded = corrections.action_supersede(
        action=action, user=manager, replacement=replacement, reason="Merged.", expected_version=1
    )
    kept = superseded.history.first().history_change_reason
    assert len(kept) <= 100
    assert kept.startswith("Status: Not started → Superseded by “Bring every return home")
    assert kept.endswith("…")


def test_superseding_refuses_a_missing_foreign_closed_or_same_replacement(
    action, finding, manager, other_authority
):
    foreign = ActionFactory(finding=FindingFactory(document__authority=other_authority))
    closed = ActionFactory(finding=finding, status=Closure.CANCELLED)
    for replacement, message in [
        (None, "Choose the action that replaces this one"),
        (foreign, "same authority"),
        (closed, "cancelled itself"),
        (action, "cannot replace itself"),
    ]:
        with pytest.raises(TrackerError, match=message) as refused:
            corrections.action_supersede(
                action=action,
                user=manager,
                replacement=replacement,
                reason="Merged.",
                expected_version=1,
            )
        assert refused.value.field == "replacement"
    action.refresh_from_db()
    assert (action.status, action.superseded_by, action.version) == (Status.NOT_STARTED, None, 1)


def test_closed_actions_leave_the_rag_counts_and_the_open_lists(action, finding, manager, today):
    overdue = ActionFactory(
        finding=finding, deadline=today - datetime.timedelta(days=3), start_date=None
    )
    before = selectors.dashboard(user=manager)
    assert before.total == 2 and before.overdue_count == 1
    corrections.action_cancel(action=overdue, user=manager, reason="Dropped.", expected_version=1)

    after = selectors.dashboard(user=manager)
    assert after.total == 1 and after.overdue_count == 0
    assert [s for s, _ in after.by_status] == list(Status)
    assert not Action.objects.overdue(today).exists()
    assert list(Action.objects.open()) == [action]
    listed = selectors.finding_list(user=manager).get(pk=finding.pk)
    assert (listed.action_count, listed.open_action_count) == (1, 1)
    # Still there, and sorted after every rated action.
    ranked = list(selectors.action_list(user=manager).values_list("pk", "rag", "rag_rank"))
    assert ranked[-1] == (overdue.pk, None, 4)


# --- Correcting progress updates -------------------------------------------------


@pytest.fixture
def update(action, owner):
    return services.progress_update_add(action=action, user=owner, text="Audit started.")


def test_the_author_corrects_an_update_within_a_day_and_history_keeps_the_first_text(
    update, action, owner
):
    corrections.progress_update_edit(update=update, user=owner, text="Audit of 40 cases started.")
    update.refresh_from_db()
    assert update.text == "Audit of 40 cases started."
    assert update.edited_at is not None
    assert [h.text for h in update.history.order_by("history_date")] == [
        "Audit started.",
        "Audit of 40 cases started.",
    ]
    page = selectors.action_page(action=selectors.action_detail(user=owner, pk=action.pk))
    shown = {(e.summary, e.detail) for e in page.history}
    assert ("Progress update", "Audit started.") in shown
    assert ("Progress update corrected", "Audit of 40 cases started.") in shown


def test_the_author_retracts_an_update_and_it_leaves_the_latest_update(update, action, owner):
    corrections.progress_update_retract(update=update, user=owner)
    update.refresh_from_db()
    assert update.retracted_at is not None
    assert selectors.action_detail(user=owner, pk=action.pk).latest_update_text is None
    with pytest.raises(TrackerError, match="already been retracted"):
        corrections.progress_update_edit(update=update, user=owner, text="Back again.")
    page = selectors.action_page(action=selectors.action_detail(user=owner, pk=action.pk))
    assert "Progress update retracted" in [e.summary for e in page.history]


def test_after_a_day_an_update_can_no_longer_be_changed(update, owner):
    later = update.created_at + datetime.timedelta(days=1, minutes=1)
    with time_machine.travel(later, tick=False):
        for change in (
            lambda: corrections.progress_update_edit(update=update, user=owner, text="New."),
            lambda: corrections.progress_update_retract(update=update, user=owner),
        ):
            with pytest.raises(TrackerError, match="only be changed within a day of posting"):
                change()
    update.refresh_from_db()
    assert (update.text, update.retracted_at, update.edited_at) == ("Audit started.", None, None)


@pytest.mark.parametrize("who", ["manager", "other_owner", "outsider_other_authority"])
def test_only_the_author_changes_an_update(update, who, request):
    user = request.getfixturevalue(who)
    with pytest.raises(TrackerError):
        corrections.progress_update_edit(update=update, user=user, text="Someone else's words.")
    with pytest.raises(TrackerError):
        corrections.progress_update_retract(update=update, user=user)
    update.refresh_from_db()
    assert (update.text, update.retracted_at) == ("Audit started.", None)


def test_a_correction_must_say_something_new(update, owner):
    for text, message in [("  ", "Write the update"), ("Audit started.", "unchanged")]:
        with pytest.raises(TrackerError, match=message):
            corrections.progress_update_edit(update=update, user=owner, text=text)
    assert update.history.count() == 1


def test_an_update_written_by_nobody_known_cannot_be_changed(action, owner):
    orphan = ProgressUpdateFactory(action=action, author=None, created_at=timezone.now())
    with pytest.raises(TrackerError, match="updates you wrote"):
        corrections.progress_update_retract(update=orphan, user=owner)


# --- Suggested findings: reword, reject with a reason, restore ---------------------


@pytest.fixture
def suggested(authority):
    return FindingFactory(
        document__authority=authority,
        state=FindingState.SUGGESTED,
        text="the quality of supervision is not consistently good",
    )


def test_confirming_with_new_wording_keeps_ofsteds_beside_it(suggested, manager):
    services.finding_confirm(
        finding=suggested, user=manager, wording="  Supervision is  regular and reflective. "
    )
    suggested.refresh_from_db()
    assert suggested.state == FindingState.CONFIRMED
    assert suggested.text == "Supervision is regular and reflective."
    assert suggested.ofsted_text == "the quality of supervision is not consistently good"
    assert suggested.history.first().history_user == manager


def test_confirming_with_the_same_or_no_wording_keeps_ofsteds_only(suggested, manager):
    services.finding_confirm(finding=suggested, user=manager, wording=suggested.text)
    suggested.refresh_from_db()
    assert (suggested.text, suggested.ofsted_text) == (
        "the quality of supervision is not consistently good",
        "",
    )


def test_rejecting_needs_a_reason_and_restoring_brings_the_suggestion_back(suggested, manager):
    with pytest.raises(TrackerError, match="Say why the suggestion is rejected"):
        services.finding_reject(finding=suggested, user=manager, reason=" ")
    suggested.refresh_from_db()
    assert suggested.state == FindingState.SUGGESTED

    services.finding_reject(finding=suggested, user=manager, reason="Praise, not a weakness.")
    suggested.refresh_from_db()
    assert (suggested.state, suggested.rejected_reason) == (
        FindingState.REJECTED,
        "Praise, not a weakness.",
    )

    corrections.finding_restore(finding=suggested, user=manager)
    suggested.refresh_from_db()
    assert (suggested.state, suggested.rejected_reason) == (FindingState.SUGGESTED, "")
    reasons = list(suggested.history.values_list("rejected_reason", flat=True))
    assert "Praise, not a weakness." in reasons


def test_only_a_rejected_finding_is_restored_and_only_by_a_manager_of_its_authority(
    suggested, manager, owner, outsider_other_authority
):
    with pytest.raises(TrackerError, match="Only a rejected suggestion"):
        corrections.finding_restore(finding=suggested, user=manager)
    services.finding_reject(finding=suggested, user=manager, reason="Not a weakness.")
    for user in (owner, outsider_other_authority):
        with pytest.raises(TrackerError):
            corrections.finding_restore(finding=suggested, user=user)
    suggested.refresh_from_db()
    assert suggested.state == FindingState.REJECTED


def test_across_visits_and_the_board_pack_leave_closed_actions_out(action, finding, manager, today):
    kept = ActionFactory(finding=finding, status=Status.IN_PROGRESS)
    corrections.action_cancel(action=action, user=manager, reason="Dropped.", expected_version=1)

    ours = our_statuses_then([(finding.pk, today)])[(finding.pk, today)]
    assert ours.counts == ((Status.IN_PROGRESS, 1),)
    assert ours.rag == kept.get_rag(today)
    assert list(scoped_actions(user=manager)) == [kept]
    (area,) = area_counts(scoped_actions(user=manager), today)
    assert sum(area.status.values()) == sum(area.rag.values()) == 1
