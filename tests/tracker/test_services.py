import datetime
import importlib

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile

from inspections.models import FindingState
from tests.factories import ActionFactory, EvidenceFactory, FindingFactory
from tracker import services
from tracker.formats import govuk_date
from tracker.models import Action, EvidenceKind
from tracker.services import TrackerError
from tracker.statuses import Rag, ReviewState, Status

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def test_manager_creates_action_with_history(finding, manager, owner, today):
    action = services.action_create(
        finding=finding,
        user=manager,
        title="Relaunch the return home interview service",
        deadline=today + datetime.timedelta(days=90),
        owner=owner,
        lead_role="Head of Service, Exploitation and Missing",
    )
    assert action.version == 1
    assert action.created_by == manager
    (record,) = action.history.all()
    assert record.history_user == manager
    assert record.history_type == "+"


def test_owner_cannot_create_actions(finding, owner, today):
    with pytest.raises(TrackerError, match="Only an improvement manager"):
        services.action_create(finding=finding, user=owner, title="x", deadline=today)


def test_manager_of_another_authority_cannot_create(finding, outsider_other_authority, today):
    with pytest.raises(TrackerError, match="access"):
        services.action_create(
            finding=finding, user=outsider_other_authority, title="x", deadline=today
        )


def test_cannot_assign_someone_outside_the_authority(
    finding, manager, outsider_other_authority, today
):
    with pytest.raises(TrackerError, match="does not belong") as exc:
        services.action_create(
            finding=finding, user=manager, title="x", deadline=today, owner=outsider_other_authority
        )
    assert exc.value.field == "owner"


def test_cannot_assign_a_board_viewer(finding, manager, viewer, today):
    with pytest.raises(TrackerError, match="not an action owner"):
        services.action_create(
            finding=finding, user=manager, title="x", deadline=today, owner=viewer
        )


def test_actions_hang_off_confirmed_findings_only(authority, manager, today):
    suggested = FindingFactory(document__authority=authority, state=FindingState.SUGGESTED)
    with pytest.raises(TrackerError, match="Confirm this finding"):
        services.action_create(finding=suggested, user=manager, title="x", deadline=today)
    services.finding_confirm(finding=suggested, user=manager)
    suggested.refresh_from_db()
    assert suggested.state == FindingState.CONFIRMED
    assert services.action_create(finding=suggested, user=manager, title="x", deadline=today).pk


def test_only_managers_confirm_or_reject_findings(authority, owner, manager):
    suggested = FindingFactory(document__authority=authority, state=FindingState.SUGGESTED)
    with pytest.raises(TrackerError):
        services.finding_reject(finding=suggested, user=owner)
    services.finding_reject(finding=suggested, user=manager, reason="Already covered by item 2.")
    suggested.refresh_from_db()
    assert suggested.state == FindingState.REJECTED
    with pytest.raises(TrackerError, match="already rejected"):
        services.finding_confirm(finding=suggested, user=manager)


def test_a_long_rejection_reason_is_kept_whole_on_the_finding_and_cut_in_its_history(
    authority, manager
):
    suggested = FindingFactory(document__authority=authority, state=FindingState.SUGGESTED)
    reason = "Already covered by the first item of the inspection report, " * 4

    services.finding_reject(finding=suggested, user=manager, reason=reason.strip())

    suggested.refresh_from_db()
    assert suggested.rejected_reason == reason.strip()
    kept = suggested.history.first().history_change_reason
    assert len(kept) <= 100 and kept.endswith("…")


def test_deadline_before_start_is_refused(finding, manager, today):
    with pytest.raises(TrackerError, match="the same as or after the start date"):
        services.action_create(
            finding=finding,
            user=manager,
            title="x",
            deadline=today,
            start_date=today + datetime.timedelta(days=1),
        )
    assert not Action.objects.exists()


def test_owner_workflow_to_completed(action, owner):
    action = services.action_transition(
        action=action,
        user=owner,
        new_status=Status.IN_PROGRESS,
        expected_version=1,
        update_text="Audit of last quarter's interviews started.",
    )
    assert action.status == Status.IN_PROGRESS
    assert action.version == 2
    assert action.updates.get().author == owner
    with pytest.raises(TrackerError, match="at least one piece of evidence"):
        services.action_transition(
            action=action, user=owner, new_status=Status.COMPLETED, expected_version=2
        )
    services.evidence_add(
        action=action, user=owner, kind=EvidenceKind.NOTE, note="Audit summary attached to minutes."
    )
    action = services.action_transition(
        action=action, user=owner, new_status=Status.COMPLETED, expected_version=2
    )
    assert action.status == Status.COMPLETED
    with pytest.raises(TrackerError, match="Only an improvement manager can verify"):
        services.action_transition(
            action=action, user=owner, new_status=Status.VERIFIED, expected_version=3
        )
    with pytest.raises(TrackerError, match="reopen"):
        services.action_transition(
            action=action, user=owner, new_status=Status.IN_PROGRESS, expected_version=3
        )


def test_manager_verifies_and_reopens(action, manager):
    EvidenceFactory(action=action, review_state=ReviewState.ACCEPTED)
    with pytest.raises(TrackerError, match="only be verified once it has been completed"):
        services.action_transition(
            action=action, user=manager, new_status=Status.VERIFIED, expected_version=1
        )
    services.action_transition(
        action=action, user=manager, new_status=Status.COMPLETED, expected_version=1
    )
    services.action_transition(
        action=action, user=manager, new_status=Status.VERIFIED, expected_version=2
    )
    action = services.action_transition(
        action=action, user=manager, new_status=Status.IN_PROGRESS, expected_version=3
    )
    assert action.status == Status.IN_PROGRESS
    assert [h.history_user for h in action.history.all()] == [manager, manager, manager, None]


def test_owner_cannot_change_someone_elses_action(action, other_owner):
    with pytest.raises(TrackerError, match="actions you own"):
        services.action_transition(
            action=action, user=other_owner, new_status=Status.IN_PROGRESS, expected_version=1
        )
    with pytest.raises(TrackerError):
        services.progress_update_add(action=action, user=other_owner, text="Hello")
    with pytest.raises(TrackerError):
        services.evidence_add(action=action, user=other_owner, kind=EvidenceKind.NOTE, note="x")
    with pytest.raises(TrackerError):
        services.action_set_at_risk(
            action=action, user=other_owner, at_risk=True, reason="x", expected_version=1
        )


def test_viewer_can_write_nothing(action, viewer, today):
    calls = [
        lambda: services.action_transition(
            action=action, user=viewer, new_status=Status.IN_PROGRESS, expected_version=1
        ),
        lambda: services.action_update(action=action, user=viewer, expected_version=1, title="New"),
        lambda: services.action_set_at_risk(
            action=action, user=viewer, at_risk=True, reason="x", expected_version=1
        ),
        lambda: services.progress_update_add(action=action, user=viewer, text="x"),
        lambda: services.evidence_add(action=action, user=viewer, kind=EvidenceKind.NOTE, note="x"),
        lambda: services.action_create(
            finding=action.finding, user=viewer, title="x", deadline=today
        ),
    ]
    for call in calls:
        with pytest.raises(TrackerError):
            call()
    action.refresh_from_db()
    assert action.version == 1 and action.status == Status.NOT_STARTED


def test_even_a_viewer_who_owns_an_action_cannot_change_it(action, viewer):
    Action.objects.filter(pk=action.pk).update(owner=viewer)
    action.refresh_from_db()
    with pytest.raises(TrackerError):
        services.action_transition(
            action=action, user=viewer, new_status=Status.IN_PROGRESS, expected_version=1
        )


def test_at_risk_needs_a_reason_and_clears(action, owner):
    with pytest.raises(TrackerError, match="Say why") as exc:
        services.action_set_at_risk(
            action=action, user=owner, at_risk=True, reason=" ", expected_version=1
        )
    assert exc.value.field == "reason"
    action = services.action_set_at_risk(
        action=action, user=owner, at_risk=True, reason="Two vacant posts", expected_version=1
    )
    assert action.at_risk and action.at_risk_reason == "Two vacant posts"
    action = services.action_set_at_risk(
        action=action, user=owner, at_risk=False, reason="Posts filled", expected_version=2
    )
    assert not action.at_risk and action.at_risk_reason == ""
    assert action.updates.get().text == "At risk cleared: Posts filled"


def test_stale_version_is_refused_with_what_changed(action, manager, owner):
    services.action_update(
        action=action,
        user=manager,
        expected_version=1,
        deadline=action.deadline + datetime.timedelta(days=7),
        deadline_reason="The audit moved a week",
    )
    with pytest.raises(TrackerError) as exc:
        services.action_transition(
            action=action, user=owner, new_status=Status.IN_PROGRESS, expected_version=1
        )
    assert (
        "Someone else changed this action (deadline, reason for moving the deadline) "
        "by Mina Manager" in exc.value.message
    )
    action.refresh_from_db()
    assert action.status == Status.NOT_STARTED and action.version == 2


def test_manager_reassigns(action, manager, other_owner):
    action = services.action_update(
        action=action, user=manager, expected_version=1, owner=other_owner
    )
    assert action.owner == other_owner
    assert action.history.first().history_user == manager


def test_update_refuses_unknown_fields(action, manager):
    with pytest.raises(TrackerError, match="cannot be changed here"):
        services.action_update(
            action=action, user=manager, expected_version=1, status=Status.VERIFIED
        )


def test_evidence_file_is_sniffed_and_stored_privately(action, owner, settings):
    upload = SimpleUploadedFile("../../etc/Plan<1>.pdf", PDF, content_type="text/html")
    evidence = services.evidence_add(action=action, user=owner, kind=EvidenceKind.FILE, file=upload)
    assert evidence.content_type == "application/pdf"
    assert evidence.original_name == "Plan_1_.pdf"
    assert evidence.size == len(PDF)
    stored = settings.MEDIA_ROOT / evidence.file.name
    assert stored.read_bytes() == PDF
    assert ".." not in evidence.file.name and "Plan" not in evidence.file.name


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("page.pdf", b"<!DOCTYPE html><html><script>alert(1)</script></html>", "web page"),
        (
            "image.png",
            b'<svg xmlns="http://www.w3.org/2000/svg"><script>x</script></svg>',
            "web page",
        ),
        ("setup.pdf", b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 64, "not accepted"),
        ("notes.txt", b"just some text", "not accepted"),
        ("empty.pdf", b"", "empty"),
    ],
)
def test_evidence_rejects_dangerous_or_unknown_files(action, owner, name, content, message):
    upload = SimpleUploadedFile(name, content)
    with pytest.raises(TrackerError, match=message) as exc:
        services.evidence_add(action=action, user=owner, kind=EvidenceKind.FILE, file=upload)
    assert exc.value.field == "file"
    assert not action.evidence.exists()


def test_evidence_size_limit(action, owner, settings):
    settings.EVIDENCE_MAX_BYTES = 1024
    upload = SimpleUploadedFile("big.pdf", PDF + b"0" * 2000)
    with pytest.raises(TrackerError, match="no larger than"):
        services.evidence_add(action=action, user=owner, kind=EvidenceKind.FILE, file=upload)


def test_evidence_links_must_be_http(action, owner):
    with pytest.raises(TrackerError, match="https://"):
        services.evidence_add(
            action=action, user=owner, kind=EvidenceKind.LINK, url="javascript:alert(1)"
        )
    evidence = services.evidence_add(
        action=action, user=owner, kind=EvidenceKind.LINK, url="https://intranet.example.gov.uk/rhi"
    )
    assert evidence.url.startswith("https://")


def test_evidence_review(action, owner, manager):
    evidence = services.evidence_add(
        action=action, user=owner, kind=EvidenceKind.NOTE, note="Minutes"
    )
    with pytest.raises(TrackerError, match="Only an improvement manager"):
        services.evidence_review(evidence=evidence, user=owner, state=ReviewState.ACCEPTED)
    with pytest.raises(TrackerError, match="Say what more is needed"):
        services.evidence_review(evidence=evidence, user=manager, state=ReviewState.MORE_REQUESTED)
    evidence = services.evidence_review(
        evidence=evidence,
        user=manager,
        state=ReviewState.MORE_REQUESTED,
        comment="Attach the audit",
    )
    assert evidence.reviewed_by == manager and evidence.review_state == ReviewState.MORE_REQUESTED


def test_new_evidence_answers_a_request_for_more(action, owner, manager):
    asked = services.evidence_add(action=action, user=owner, kind=EvidenceKind.NOTE, note="Minutes")
    services.evidence_review(
        evidence=asked, user=manager, state=ReviewState.MORE_REQUESTED, comment="Attach the audit"
    )
    elsewhere = EvidenceFactory(review_state=ReviewState.MORE_REQUESTED)

    added = services.evidence_add(action=action, user=owner, kind=EvidenceKind.NOTE, note="Audit")

    asked.refresh_from_db()
    assert asked.review_state == ReviewState.ANSWERED
    # Who asked, when and why stay; the new evidence waits for review in its turn.
    assert asked.reviewed_by == manager and asked.review_comment == "Attach the audit"
    assert added.review_state == ReviewState.PENDING
    assert asked.history.latest().history_user == owner
    elsewhere.refresh_from_db()
    assert elsewhere.review_state == ReviewState.MORE_REQUESTED


def _redate(action, manager, version, days, reason):
    return services.action_update(
        action=action,
        user=manager,
        expected_version=version,
        deadline=action.original_deadline + datetime.timedelta(days=days),
        deadline_reason=reason,
    )


def test_moving_a_deadline_without_a_reason_is_refused_and_saves_nothing(action, manager):
    first, title = action.deadline, action.title
    with pytest.raises(TrackerError, match="Say why the deadline is changing") as exc:
        services.action_update(
            action=action,
            user=manager,
            expected_version=1,
            title="Retitled",
            deadline=first + datetime.timedelta(days=30),
            deadline_reason="   ",
        )
    assert exc.value.field == "deadline_reason"
    action.refresh_from_db()
    assert (action.deadline, action.title, action.version) == (first, title, 1)
    assert action.deadline_revisions == 0 and action.history.count() == 1


def test_each_deadline_move_is_counted_with_who_when_from_to_and_why(action, manager):
    first = action.deadline
    with time_machine.travel(datetime.datetime(2025, 12, 1, 10, tzinfo=datetime.UTC)):
        _redate(action, manager, 1, 14, "The provider started late")
    with time_machine.travel(datetime.datetime(2025, 12, 8, 10, tzinfo=datetime.UTC)):
        action = _redate(action, manager, 2, 45, "Waiting for the new contract")

    action.refresh_from_db()
    assert action.original_deadline == first
    assert action.deadline == first + datetime.timedelta(days=45)
    assert action.deadline_revisions == 2 and action.slipped
    assert action.deadline_reason == "Waiting for the new contract"
    assert action.deadline_revised_words == (
        f"Deadline revised twice, originally {govuk_date(first)}"
    )
    moves = list(action.history.filter(deadline_revisions__gt=0).order_by("history_date"))
    assert [m.history_user for m in moves] == [manager, manager]
    assert [m.history_date.date() for m in moves] == [
        datetime.date(2025, 12, 1),
        datetime.date(2025, 12, 8),
    ]
    middle = first + datetime.timedelta(days=14)
    assert moves[0].history_change_reason == f"Deadline: {govuk_date(first)} → {govuk_date(middle)}"
    assert moves[0].deadline_reason == "The provider started late"


def test_an_edit_that_keeps_the_deadline_needs_no_reason_and_is_not_a_move(action, manager):
    action = services.action_update(
        action=action, user=manager, expected_version=1, deadline=action.deadline, title="New"
    )
    assert action.deadline_revisions == 0 and not action.slipped
    assert action.deadline_revised_words == ""
    assert action.history.latest().history_change_reason == "Edited"


def test_rag_follows_the_current_deadline_not_the_original(action, manager, today):
    Action.objects.filter(pk=action.pk).update(
        deadline=today - datetime.timedelta(days=3),
        original_deadline=today - datetime.timedelta(days=3),
    )
    action.refresh_from_db()
    assert action.get_rag(today) == Rag.RED
    action = services.action_update(
        action=action,
        user=manager,
        expected_version=1,
        deadline=today + datetime.timedelta(days=90),
        deadline_reason="Moved by the board",
    )
    assert action.get_rag(today) == Rag.GREEN
    assert action.original_deadline == today - datetime.timedelta(days=3)


@pytest.fixture
def completed(action, manager):
    EvidenceFactory(action=action, review_state=ReviewState.ACCEPTED)
    return services.action_transition(
        action=action, user=manager, new_status=Status.COMPLETED, expected_version=1
    )


@pytest.mark.parametrize(
    ("state", "words"),
    [
        (ReviewState.PENDING, "1 item of evidence awaiting review"),
        (ReviewState.MORE_REQUESTED, "with more evidence requested"),
    ],
)
def test_verifying_over_unaccepted_evidence_is_refused_without_a_reason(
    completed, manager, state, words
):
    EvidenceFactory(action=completed, review_state=state)
    with pytest.raises(TrackerError, match=words) as exc:
        services.action_transition(
            action=completed, user=manager, new_status=Status.VERIFIED, expected_version=2
        )
    assert exc.value.field == "override_reason"
    completed.refresh_from_db()
    assert completed.status == Status.COMPLETED and completed.version == 2


def test_verifying_over_unaccepted_evidence_with_a_reason_keeps_the_reason(completed, manager):
    EvidenceFactory(action=completed, review_state=ReviewState.PENDING)
    EvidenceFactory(action=completed, review_state=ReviewState.MORE_REQUESTED)
    action = services.action_transition(
        action=completed,
        user=manager,
        new_status=Status.VERIFIED,
        expected_version=2,
        override_reason="  The board saw the audit itself  ",
    )
    assert action.status == Status.VERIFIED
    assert action.verified_override_reason == "The board saw the audit itself"
    latest = action.history.latest()
    assert latest.history_change_reason == (
        "Status: Completed → Verified despite unaccepted evidence"
    )
    assert latest.verified_override_reason == "The board saw the audit itself"
    assert latest.history_user == manager
    # Reopened, the override no longer stands.
    action = services.action_transition(
        action=action, user=manager, new_status=Status.IN_PROGRESS, expected_version=3
    )
    assert action.verified_override_reason == ""


def test_a_reason_is_not_kept_when_all_evidence_was_accepted(completed, manager):
    action = services.action_transition(
        action=completed,
        user=manager,
        new_status=Status.VERIFIED,
        expected_version=2,
        override_reason="Not needed",
    )
    assert action.verified_override_reason == ""
    assert action.history.latest().history_change_reason == "Status: Completed → Verified"


def test_migration_fills_original_deadlines_and_moves_from_history(action, manager):
    from django.apps import apps

    fill = importlib.import_module(
        "tracker.migrations.0007_action_original_deadline_and_sign_off_reasons"
    ).fill_original_deadlines
    first = action.deadline
    _redate(action, manager, 1, 10, "One")
    _redate(action, manager, 2, 20, "Two")
    services.action_update(action=action, user=manager, expected_version=3, title="Same date")
    untouched = ActionFactory(finding=action.finding)
    Action.objects.update(original_deadline=datetime.date(2000, 1, 1), deadline_revisions=0)

    fill(apps, None)

    action.refresh_from_db()
    untouched.refresh_from_db()
    assert (action.original_deadline, action.deadline_revisions) == (first, 2)
    assert (untouched.original_deadline, untouched.deadline_revisions) == (untouched.deadline, 0)
