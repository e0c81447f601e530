"""Bulk changes: each row through its single-row service, all of them or none."""

import datetime

import pytest

from inspections.models import (
    AreaState,
    FindingArea,
    FindingState,
    FollowUp,
    JudgementArea,
    ReviewState,
    Verdict,
)
from tests.factories import ActionFactory, DocumentFactory, FindingFactory, UserFactory
from tracker.bulk import services as bulk
from tracker.bulk.selection import fingerprint
from tracker.models import Action
from tracker.roles import Role

pytestmark = pytest.mark.django_db


def _states(findings):
    return [type(f).objects.get(pk=f.pk).state for f in findings]


def _ids(rows):
    return [r.pk for r in rows]


def test_confirming_suggested_findings(manager, suggestions):
    result = bulk.findings_confirm(
        user=manager, ids=_ids(suggestions), expected=fingerprint(suggestions)
    )
    assert result.count == 3
    assert result.summary == "3 findings confirmed: you can now add actions."
    assert _states(suggestions) == [FindingState.CONFIRMED] * 3


def test_rejecting_keeps_the_one_reason_with_each_finding(manager, suggestions):
    result = bulk.findings_reject(
        user=manager,
        ids=_ids(suggestions[:2]),
        expected=fingerprint(suggestions[:2]),
        reason="  Said of another council  ",
    )
    assert result.summary == "2 findings rejected: Said of another council"
    assert _states(suggestions) == [FindingState.REJECTED] * 2 + [FindingState.SUGGESTED]
    latest = suggestions[0].history.order_by("-history_date").first()
    assert (latest.history_change_reason, latest.history_user) == (
        "Said of another council",
        manager,
    )


def test_rejecting_needs_a_reason(manager, suggestions):
    with pytest.raises(bulk.BulkError) as refused:
        bulk.findings_reject(
            user=manager, ids=_ids(suggestions), expected=fingerprint(suggestions), reason=" "
        )
    assert refused.value.field == "reason"
    assert _states(suggestions) == [FindingState.SUGGESTED] * 3


def test_a_row_of_another_authority_refuses_the_whole_change(
    manager, suggestions, foreign_suggestion
):
    rows = [*suggestions, foreign_suggestion]
    with pytest.raises(bulk.BulkError) as refused:
        bulk.findings_confirm(user=manager, ids=_ids(rows), expected=fingerprint(rows))
    assert refused.value.message == (
        "1 of the 4 findings chosen is not in your authorities, so nothing was changed."
    )
    # Not named: the manager may not know it exists.
    assert foreign_suggestion.reference not in refused.value.message
    assert _states(rows) == [FindingState.SUGGESTED] * 4


def test_one_row_its_service_refuses_undoes_the_others(manager, suggestions):
    confirmed = FindingFactory(document=suggestions[0].document)
    rows = [*suggestions, confirmed]
    with pytest.raises(bulk.BulkError) as refused:
        bulk.findings_confirm(user=manager, ids=_ids(rows), expected=fingerprint(rows))
    assert [(r.row, r.message) for r in refused.value.refused] == [
        (confirmed.reference, "This finding is already confirmed.")
    ]
    assert _states(suggestions) == [FindingState.SUGGESTED] * 3


@pytest.mark.parametrize("role", [Role.OWNER, Role.VIEWER])
def test_only_managers_change_rows_in_bulk(authority, suggestions, role):
    person = UserFactory(roles=[role], authorities=[authority])
    with pytest.raises(bulk.BulkError, match="Only an improvement manager"):
        bulk.findings_confirm(user=person, ids=_ids(suggestions), expected=fingerprint(suggestions))
    assert _states(suggestions) == [FindingState.SUGGESTED] * 3


def test_a_manager_of_another_authority_is_refused(outsider_other_authority, suggestions):
    with pytest.raises(bulk.BulkError, match="3 of the 3 findings chosen are not in your"):
        bulk.findings_confirm(
            user=outsider_other_authority,
            ids=_ids(suggestions),
            expected=fingerprint(suggestions),
        )
    assert _states(suggestions) == [FindingState.SUGGESTED] * 3


def test_rows_changed_since_they_were_shown_are_not_changed(manager, suggestions):
    shown = fingerprint(suggestions)
    suggestions[1].state = FindingState.REJECTED
    suggestions[1].save()
    with pytest.raises(bulk.BulkError, match="changed or went since you chose them"):
        bulk.findings_confirm(user=manager, ids=_ids(suggestions), expected=shown)
    assert _states(suggestions) == [
        FindingState.SUGGESTED,
        FindingState.REJECTED,
        FindingState.SUGGESTED,
    ]


def test_nothing_chosen_is_refused(manager):
    with pytest.raises(bulk.BulkError, match="Select at least one finding"):
        bulk.findings_confirm(user=manager, ids=[], expected=fingerprint([]))


# --- Follow-up verdicts ----------------------------------------------------------------------


def test_confirming_follow_up_verdicts_as_suggested(manager, pending_followups):
    result = bulk.followups_confirm(
        user=manager, ids=_ids(pending_followups), expected=fingerprint(pending_followups)
    )
    assert result.summary == "2 follow-up verdicts confirmed as suggested."
    quoted, not_looked_at = (FollowUp.objects.get(pk=f.pk) for f in pending_followups)
    assert (quoted.state, quoted.verdict, quoted.decided_by) == (
        ReviewState.CONFIRMED,
        Verdict.NO_PROGRESS,
        manager,
    )
    assert quoted.quotes.count() == 1
    # As the review page offers it: nothing quoted for a document that does not mention it.
    assert (not_looked_at.state, not_looked_at.quotes.count()) == (ReviewState.CONFIRMED, 0)


def test_a_decided_follow_up_is_not_confirmed_again(manager, pending_followups):
    decided = pending_followups[0]
    FollowUp.objects.filter(pk=decided.pk).update(state=ReviewState.REJECTED)
    rows = list(FollowUp.objects.filter(pk__in=_ids(pending_followups)).order_by("pk"))
    with pytest.raises(bulk.BulkError) as refused:
        bulk.followups_confirm(user=manager, ids=_ids(rows), expected=fingerprint(rows))
    assert refused.value.refused[0].message == "This suggestion is already rejected."
    assert FollowUp.objects.get(pk=pending_followups[1].pk).state == ReviewState.SUGGESTED


def test_follow_ups_of_another_authority_are_refused(outsider_other_authority, pending_followups):
    with pytest.raises(bulk.BulkError, match="not in your authorities"):
        bulk.followups_confirm(
            user=outsider_other_authority,
            ids=_ids(pending_followups),
            expected=fingerprint(pending_followups),
        )
    assert {f.state for f in FollowUp.objects.all()} == {ReviewState.SUGGESTED}


# --- Actions ---------------------------------------------------------------------------------


def test_reassigning_and_re_dating_with_one_reason(manager, plan, other_owner):
    new_deadline = datetime.date(2027, 5, 1)
    result = bulk.actions_update(
        user=manager,
        ids=_ids(plan),
        expected=fingerprint(plan),
        owner=other_owner,
        deadline=new_deadline,
        reason="Service restructure",
    )
    assert result.summary == (
        "3 actions updated: 3 actions given to Oona Other; 3 actions moved to 1 May 2027."
    )
    for action in Action.objects.filter(pk__in=_ids(plan)):
        assert (action.owner, action.deadline, action.deadline_revisions) == (
            other_owner,
            new_deadline,
            1,
        )
        assert action.deadline_reason == "Service restructure"
        assert action.original_deadline == plan[0].deadline
        assert action.history.first().history_user == manager


def test_reassigning_many_actions_sends_their_new_owner_one_email(
    manager, plan, other_owner, django_capture_on_commit_callbacks, mailoutbox
):
    with django_capture_on_commit_callbacks(execute=True):
        bulk.actions_update(
            user=manager, ids=_ids(plan), expected=fingerprint(plan), owner=other_owner
        )
    to_new_owner = [m for m in mailoutbox if m.to == [other_owner.email]]
    assert len(to_new_owner) == 1
    assert to_new_owner[0].subject.startswith("3 actions assigned to you")


def test_reassigning_only_counts_those_that_move(manager, plan, owner, other_owner):
    Action.objects.filter(pk=plan[0].pk).update(owner=other_owner)
    rows = list(Action.objects.filter(pk__in=_ids(plan)).order_by("pk"))
    result = bulk.actions_update(
        user=manager, ids=_ids(rows), expected=fingerprint(rows), owner=other_owner
    )
    assert result.summary == (
        "3 actions updated: 2 actions given to Oona Other (1 already as chosen)."
    )
    assert {a.deadline_revisions for a in Action.objects.all()} == {0}


def test_an_owner_outside_one_actions_authority_refuses_them_all(
    manager, plan, authority, other_authority
):
    elsewhere = ActionFactory(finding__document__authority=other_authority)
    manager.memberships.create(authority=other_authority)
    only_here = UserFactory(roles=[Role.OWNER], authorities=[authority], first_name="Hana")
    rows = [*plan, elsewhere]
    with pytest.raises(bulk.BulkError) as refused:
        bulk.actions_update(
            user=manager, ids=_ids(rows), expected=fingerprint(rows), owner=only_here
        )
    assert len(refused.value.refused) == 1
    assert "does not belong to this authority" in refused.value.refused[0].message
    assert not Action.objects.filter(owner=only_here).exists()


def test_a_moved_deadline_needs_the_reason_on_every_row(manager, plan):
    with pytest.raises(bulk.BulkError) as refused:
        bulk.actions_update(
            user=manager,
            ids=_ids(plan),
            expected=fingerprint(plan),
            deadline=datetime.date(2027, 5, 1),
        )
    assert {r.message for r in refused.value.refused} == {"Say why the deadline is changing"}
    assert {a.deadline_revisions for a in Action.objects.all()} == {0}


def test_an_action_edited_since_it_was_shown_refuses_the_change(manager, plan, other_owner):
    shown = fingerprint(plan)
    Action.objects.filter(pk=plan[2].pk).update(version=2, title="Edited meanwhile")
    with pytest.raises(bulk.BulkError, match="changed or went since you chose them"):
        bulk.actions_update(user=manager, ids=_ids(plan), expected=shown, owner=other_owner)
    assert not Action.objects.filter(owner=other_owner).exists()


def test_an_owner_cannot_reassign_in_bulk(owner, plan, other_owner):
    with pytest.raises(bulk.BulkError, match="Only an improvement manager"):
        bulk.actions_update(
            user=owner, ids=_ids(plan), expected=fingerprint(plan), owner=other_owner
        )


def test_nothing_to_change_is_refused(manager, plan):
    with pytest.raises(bulk.BulkError, match="Choose a new owner, a new deadline, or both"):
        bulk.actions_update(user=manager, ids=_ids(plan), expected=fingerprint(plan))


# --- Judgement areas -------------------------------------------------------------------------

LEAVERS = "The experiences and progress of care leavers"


def _area(name=LEAVERS, era="ilacs-2023"):
    return JudgementArea.objects.get(era__code=era, name=name)


def _areas(findings):
    found = FindingArea.objects.filter(finding__in=findings).select_related("judgement_area")
    return {row.finding_id: (row.judgement_area.name, row.state) for row in found}


def test_setting_one_judgement_area_confirms_it_for_every_finding(manager, suggestions):
    FindingArea.objects.create(
        finding=suggestions[0],
        judgement_area=_area("The experiences and progress of children in care"),
        reason="Suggested from its words.",
    )
    result = bulk.findings_set_area(
        user=manager,
        ids=_ids(suggestions),
        expected=fingerprint(suggestions),
        judgement_area=_area(),
    )
    assert result.summary == f"3 findings now in the judgement area “{LEAVERS}”."
    assert _areas(suggestions) == {f.pk: (LEAVERS, AreaState.CONFIRMED) for f in suggestions}
    assert {row.decided_by for row in FindingArea.objects.all()} == {manager}


def test_a_finding_of_another_framework_era_is_named_and_none_is_changed(
    manager, suggestions, authority
):
    day = datetime.date(2019, 9, 5)
    from_2019 = FindingFactory(
        document=DocumentFactory(authority=authority, visit_start=day, visit_end=day)
    )
    rows = [*suggestions, from_2019]
    with pytest.raises(bulk.BulkError) as refused:
        bulk.findings_set_area(
            user=manager, ids=_ids(rows), expected=fingerprint(rows), judgement_area=_area()
        )
    assert refused.value.message == (
        "1 of the 4 findings cannot be changed, so nothing was changed. Leave them out, "
        "or put them right first."
    )
    ((row, message),) = [(r.row, r.message) for r in refused.value.refused]
    assert row == from_2019.reference
    assert message.startswith(f"“{LEAVERS}” is an area of ILACS from January 2023, not of")
    assert not FindingArea.objects.exists()


def test_a_finding_of_another_authority_stops_the_judgement_area_for_all(
    manager, suggestions, foreign_suggestion
):
    rows = [*suggestions, foreign_suggestion]
    with pytest.raises(bulk.BulkError, match="1 of the 4 findings chosen is not in your"):
        bulk.findings_set_area(
            user=manager, ids=_ids(rows), expected=fingerprint(rows), judgement_area=_area()
        )
    assert not FindingArea.objects.exists()


def test_only_a_manager_sets_judgement_areas_in_bulk(owner, suggestions):
    with pytest.raises(bulk.BulkError, match="Only an improvement manager can set the judge"):
        bulk.findings_set_area(
            user=owner,
            ids=_ids(suggestions),
            expected=fingerprint(suggestions),
            judgement_area=_area(),
        )
    assert not FindingArea.objects.exists()


def test_findings_changed_since_shown_get_no_judgement_area(manager, suggestions):
    shown = fingerprint(suggestions)
    type(suggestions[0]).objects.filter(pk=suggestions[0].pk).update(text="Reworded meanwhile.")
    with pytest.raises(bulk.BulkError, match="changed or went since you chose them"):
        bulk.findings_set_area(
            user=manager, ids=_ids(suggestions), expected=shown, judgement_area=_area()
        )
    assert not FindingArea.objects.exists()
