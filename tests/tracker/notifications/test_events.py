"""Who is told what, when: one test per event, plus the people never told."""

import datetime

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tests.factories import ActionFactory, EvidenceFactory, UserFactory
from tests.tracker.notifications.conftest import SITE
from tracker import services
from tracker.notifications.models import Kind, Notification
from tracker.roles import Role
from tracker.statuses import ReviewState, Status


def _deadline():
    return timezone.localdate() + datetime.timedelta(days=40)


def test_new_owner_is_emailed_the_action_finding_who_and_link(
    committed, mailoutbox, finding, manager, owner
):
    with committed():
        action = services.action_create(
            finding=finding,
            user=manager,
            title="Audit return home interviews",
            deadline=_deadline(),
            owner=owner,
        )
    (email,) = mailoutbox
    reference = f"{finding.reference}.1"
    assert email.to == [owner.email]
    assert email.subject == f"{reference} assigned to you: Audit return home interviews"
    assert "Mina Manager gave you this action." in email.body
    assert f"Finding {finding.reference}" in email.body
    assert "The take-up, timeliness and impact of return home interviews." in email.body
    assert f"{SITE}/actions/{action.pk}/" in email.body
    assert f"{SITE}/account/emails/" in email.body
    html, mimetype = email.alternatives[0]
    assert mimetype == "text/html"
    assert f'href="{SITE}/actions/{action.pk}/"' in html
    assert Notification.objects.get().emailed_at is not None


def test_a_manager_giving_an_action_to_themselves_is_not_emailed(
    committed, mailoutbox, finding, manager
):
    with committed():
        services.action_create(
            finding=finding, user=manager, title="Mine", deadline=_deadline(), owner=manager
        )
    assert mailoutbox == []
    assert not Notification.objects.exists()


def test_reassigning_tells_the_new_owner_and_the_old_one_it_moved(
    committed, mailoutbox, action, manager, owner, other_owner
):
    with committed():
        services.action_update(
            action=action, user=manager, expected_version=action.version, owner=other_owner
        )
    by_person = {m.to[0]: m for m in mailoutbox}
    assert set(by_person) == {owner.email, other_owner.email}
    assert "assigned to you" in by_person[other_owner.email].subject
    moved = by_person[owner.email]
    assert "moved to Oona Other" in moved.subject
    assert "Mina Manager moved this action from you to Oona Other." in moved.body
    assert "Nothing more is asked of you" in moved.body


def test_editing_without_changing_the_owner_tells_nobody(committed, mailoutbox, action, manager):
    with committed():
        services.action_update(
            action=action, user=manager, expected_version=action.version, title="Reworded"
        )
    assert mailoutbox == []


def test_more_evidence_goes_to_owner_and_uploader_with_what_is_needed(
    committed, mailoutbox, action, manager, owner, other_owner
):
    evidence = EvidenceFactory(action=action, added_by=other_owner, title="RHI audit March")
    with committed():
        services.evidence_review(
            evidence=evidence,
            user=manager,
            state=ReviewState.MORE_REQUESTED,
            comment="Add the April figures.",
        )
    assert sorted(m.to[0] for m in mailoutbox) == sorted([owner.email, other_owner.email])
    email = mailoutbox[0]
    assert email.subject.startswith(f"More evidence needed for {action.finding.reference}.1")
    assert "Mina Manager reviewed the evidence “RHI audit March” and asked for more." in email.body
    assert "What is needed: Add the April figures." in email.body


def test_accepted_evidence_tells_the_owner_not_the_reviewer(
    committed, mailoutbox, action, manager, owner
):
    evidence = EvidenceFactory(action=action, added_by=manager)
    with committed():
        services.evidence_review(evidence=evidence, user=manager, state=ReviewState.ACCEPTED)
    (email,) = mailoutbox
    assert email.to == [owner.email]
    assert email.subject.startswith("Evidence accepted for ")


def test_verified_and_reopened_tell_the_owner(committed, mailoutbox, action, manager, owner):
    EvidenceFactory(action=action, review_state=ReviewState.ACCEPTED)
    action.status = Status.COMPLETED
    action.save()
    with committed():
        action = services.action_transition(
            action=action,
            user=manager,
            new_status=Status.VERIFIED,
            expected_version=action.version,
        )
    with committed():
        services.action_transition(
            action=action,
            user=manager,
            new_status=Status.IN_PROGRESS,
            expected_version=action.version,
        )
    verified, reopened = mailoutbox
    assert verified.to == reopened.to == [owner.email]
    assert "verified:" in verified.subject
    assert "reopened:" in reopened.subject
    assert "Mina Manager reopened this action; it is now in progress." in reopened.body


def test_an_owner_moving_their_own_action_tells_nobody(committed, mailoutbox, action, owner):
    with committed():
        services.action_transition(
            action=action,
            user=owner,
            new_status=Status.IN_PROGRESS,
            expected_version=action.version,
        )
    assert mailoutbox == []
    assert not Notification.objects.exists()


def test_an_inactive_owner_is_not_told(committed, mailoutbox, finding, manager):
    leaver = UserFactory(roles=[Role.OWNER], authorities=[finding.document.authority])
    action = ActionFactory(finding=finding, owner=leaver)
    leaver.is_active = False
    leaver.save()
    with committed():
        services.notify.actions_assigned(actions=[action], by=manager)
    assert mailoutbox == []
    assert not Notification.objects.exists()


def test_a_rolled_back_change_sends_nothing(committed, mailoutbox, action, manager, other_owner):
    """The owner change is recorded before the deadline check refuses the edit."""
    with committed() as callbacks, pytest.raises(services.TrackerError):
        services.action_update(
            action=action,
            user=manager,
            expected_version=action.version,
            owner=other_owner,
            deadline=action.deadline + datetime.timedelta(days=7),
        )
    assert callbacks == []
    assert mailoutbox == []
    assert not Notification.objects.exists()


def test_a_caller_rolling_back_its_own_transaction_sends_nothing(
    committed, mailoutbox, finding, manager, owner
):
    with committed() as callbacks, pytest.raises(RuntimeError), transaction.atomic():
        services.action_create(
            finding=finding, user=manager, title="Undone", deadline=_deadline(), owner=owner
        )
        raise RuntimeError("the rest of the request failed")
    assert callbacks == []
    assert mailoutbox == []


def test_many_actions_given_to_one_person_make_one_email(
    committed, mailoutbox, finding, manager, owner, other_owner
):
    actions = [ActionFactory(finding=finding, owner=owner, title=f"Plan {n}") for n in range(3)]
    for action in actions:
        action.owner = other_owner
    with committed():
        services.notify.actions_assigned(
            actions=actions, by=manager, previous_owner_ids={a.pk: owner.pk for a in actions}
        )
    by_person = {m.to[0]: m for m in mailoutbox}
    assert len(mailoutbox) == 2
    assert by_person[other_owner.email].subject == "3 actions assigned to you"
    assert by_person[owner.email].subject == "3 of your actions moved to someone else"
    body = by_person[other_owner.email].body
    assert [f"{finding.reference}.{n}: Plan {n - 1}" in body for n in (1, 2, 3)] == [True] * 3
    assert Notification.objects.filter(kind=Kind.ASSIGNED).count() == 3


def test_a_title_with_line_breaks_makes_a_one_line_subject(
    committed, mailoutbox, finding, manager, owner
):
    action = ActionFactory(finding=finding, owner=owner, title="Audit\nreturn home\r\ninterviews")
    with committed():
        services.notify.actions_assigned(actions=[action], by=manager)
    (email,) = mailoutbox
    assert email.subject.endswith("assigned to you: Audit return home interviews")


def test_the_queries_of_a_bulk_assignment_do_not_grow_with_its_actions(
    committed, mailoutbox, finding, manager, owner, other_owner
):
    def reassign(n):
        actions = [ActionFactory(finding=finding, owner=owner) for _ in range(n)]
        for action in actions:
            action.owner = other_owner
        with CaptureQueriesContext(connection) as queries, committed():
            services.notify.actions_assigned(
                actions=actions, by=manager, previous_owner_ids={a.pk: owner.pk for a in actions}
            )
        return len(queries)

    assert reassign(2) == reassign(12)
    assert [len(m.body.split(f"{SITE}/actions/")) - 1 for m in mailoutbox[-2:]] == [12, 12]
