"""The plan import: three layouts, decisions, all or nothing, idempotent, in history."""

import math
from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import EvidenceFactory
from tests.tracker.plans.conftest import csv_bytes
from tracker.corrections.services import action_cancel
from tracker.models import Action, ProgressUpdate
from tracker.plans.forms import DecisionsForm
from tracker.plans.models import PlanImport
from tracker.plans.service import (
    BATCH_SIZE,
    LEAVE_OUT,
    UNASSIGNED,
    Decisions,
    PlanImportError,
    plan_import,
    plan_preview,
)
from tracker.plans.similar import match_words
from tracker.statuses import Closure, ReviewState, Status

pytestmark = pytest.mark.django_db


def _preview(data, filename, authority, user, **kwargs):
    return plan_preview(data=data, filename=filename, authority=authority, user=user, **kwargs)


def test_plan_a_titles_merged_cells_dates_and_an_owner_who_is_not_a_user(
    plan_a, authority, manager, owner, other_owner, findings
):
    preview = _preview(plan_a, "plan-a.xlsx", authority, manager)
    assert preview.header_row == 3
    assert preview.problems == []
    assert [r.number for r in preview.rows] == [4, 5, 6, 7]
    # The finding cell merged over rows 4–5 counts for both actions.
    assert {r.finding_key for r in preview.rows[:2]} == {preview.rows[0].finding_key}
    assert all(c.matched for c in preview.findings)
    assert [r.start_date for r in preview.rows] == [
        date(2025, 1, 1),
        date(2025, 1, 6),
        date(2025, 1, 1),
        None,
    ]
    assert [r.deadline for r in preview.rows] == [
        date(2099, 3, 31),
        date(2099, 3, 31),
        date(2099, 3, 31),
        date(2099, 12, 31),
    ]
    assert [o.text for o in preview.unmatched_owners] == ["Pat Jones (interim)"]

    with pytest.raises(PlanImportError, match="Choose who owns the actions of 'Pat Jones"):
        plan_import(preview=preview, user=manager, decisions=Decisions())
    assert not Action.objects.exists()

    key = preview.unmatched_owners[0].key
    result = plan_import(
        preview=preview, user=manager, decisions=Decisions(owners={key: other_owner.pk})
    )
    assert (result.created, result.updated, result.unchanged) == (4, 0, 0)
    actions = {a.title: a for a in Action.objects.all()}
    tender = actions["Commission a new return home interview service"]
    assert (tender.owner, tender.status, tender.at_risk) == (owner, Status.IN_PROGRESS, False)
    board = actions["Report take-up to the board monthly"]
    assert (board.owner, board.status, board.finding) == (manager, Status.COMPLETED, findings[0])
    audit = actions["Audit supervision records every quarter"]
    assert (audit.owner, audit.at_risk) == (other_owner, True)
    assert "Slipped" in audit.at_risk_reason
    review = actions["Review every pathway plan"]
    assert (review.owner, review.status) == (None, Status.NOT_STARTED)
    update = ProgressUpdate.objects.get(action=tender)
    assert (update.text, update.author, update.created_at.date()) == (
        "Tender issued",
        manager,
        date(2025, 1, 15),
    )
    history = tender.history.get()
    assert (history.history_user, history.history_change_reason) == (
        manager,
        "Imported from plan-a.xlsx",
    )
    assert PlanImport.objects.get().imported_by == manager


def test_the_same_file_again_changes_nothing_and_says_so(
    plan_a, authority, manager, owner, other_owner
):
    preview = _preview(plan_a, "plan-a.xlsx", authority, manager)
    decisions = Decisions(owners={preview.unmatched_owners[0].key: other_owner.pk})
    plan_import(preview=preview, user=manager, decisions=decisions)
    history = Action.history.count(), ProgressUpdate.objects.count(), PlanImport.objects.count()

    again = _preview(plan_a, "plan-a.xlsx", authority, manager)
    assert again.previous is not None
    result = plan_import(preview=again, user=manager, decisions=decisions)
    assert result.message == (
        "Nothing changed: all 4 actions in the file are already in the plan as they are."
    )
    assert (Action.history.count(), ProgressUpdate.objects.count(), PlanImport.objects.count()) == (
        history
    )


def test_a_changed_row_updates_only_that_action_with_history(authority, manager, owner, findings):
    def plan(deadline):
        return csv_bytes(
            [
                ["Reference", "Action", "Owner", "Deadline", "Status"],
                [findings[0].reference, "First", "Olu Owner", "31/03/2099", "In progress"],
                [findings[0].reference, "Second", "Olu Owner", deadline, "In progress"],
            ]
        )

    first = _preview(plan("30/04/2099"), "p.csv", authority, manager)
    plan_import(preview=first, user=manager, decisions=Decisions())
    changed = _preview(plan("31/05/2099"), "p.csv", authority, manager)
    result = plan_import(preview=changed, user=manager, decisions=Decisions())
    assert (result.created, result.updated, result.unchanged) == (0, 1, 1)
    second = Action.objects.get(title="Second")
    assert (second.deadline, second.version) == (date(2099, 5, 31), 2)
    assert second.history.first().history_change_reason == "Imported from p.csv"
    # A moved deadline counts as a move, with the file as its reason.
    assert (second.original_deadline, second.deadline_revisions) == (date(2099, 4, 30), 1)
    assert second.deadline_reason == "Changed in the imported plan p.csv"
    assert Action.objects.get(title="First").deadline_revisions == 0


def test_a_plan_cannot_verify_an_action_whose_evidence_is_not_accepted(
    authority, manager, owner, findings
):
    def plan(status):
        return csv_bytes(
            [
                ["Reference", "Action", "Owner", "Deadline", "Status"],
                [findings[0].reference, "Audit", "Olu Owner", "31/03/2099", status],
            ]
        )

    plan_import(
        preview=_preview(plan("Completed"), "p.csv", authority, manager),
        user=manager,
        decisions=Decisions(),
    )
    audit = Action.objects.get(title="Audit")
    EvidenceFactory(action=audit, review_state=ReviewState.MORE_REQUESTED)
    verified = _preview(plan("Verified"), "p.csv", authority, manager)
    with pytest.raises(PlanImportError, match="Row 2 marks 'Audit' as verified") as exc:
        plan_import(preview=verified, user=manager, decisions=Decisions())
    assert "1 with more evidence requested" in str(exc.value)
    audit.refresh_from_db()
    assert (audit.status, audit.version) == (Status.COMPLETED, 1)

    audit.evidence.update(review_state=ReviewState.ACCEPTED)
    plan_import(preview=verified, user=manager, decisions=Decisions())
    audit.refresh_from_db()
    assert audit.status == Status.VERIFIED


def test_a_plan_cannot_reopen_a_cancelled_action(authority, manager, owner, findings):
    rows = csv_bytes(
        [
            ["Reference", "Action", "Owner", "Deadline", "Status"],
            [findings[0].reference, "Audit", "Olu Owner", "31/03/2099", "In progress"],
        ]
    )
    plan_import(
        preview=_preview(rows, "p.csv", authority, manager), user=manager, decisions=Decisions()
    )
    audit = Action.objects.get(title="Audit")
    action_cancel(action=audit, user=manager, reason="Merged elsewhere.", expected_version=1)
    again = _preview(rows, "p.csv", authority, manager)
    with pytest.raises(PlanImportError, match="Row 2 is for 'Audit', which is cancelled"):
        plan_import(preview=again, user=manager, decisions=Decisions())
    audit.refresh_from_db()
    assert (audit.status, audit.version) == (Closure.CANCELLED, 2)


def test_plan_b_free_wording_matched_by_similarity_and_unknown_words(
    plan_b, authority, manager, owner, findings
):
    preview = _preview(plan_b, "plan-b.csv", authority, manager)
    choices = {c.text: c for c in preview.to_confirm}
    supervision = choices["Improve supervision of social workers so it is regular"]
    assert supervision.candidates[0][0] == findings[1].pk
    assert supervision.suggested == findings[1].pk
    interviews = choices["Return home interviews are timely and taken up"]
    assert interviews.candidates[0][0] == findings[0].pk
    assert 0 < interviews.candidates[0][2] <= 1
    hub = choices["Early help for families at the front door"]
    assert hub.suggested is None
    # "Olu Owner" and "olu owner" are the same person, found by name.
    assert [o.matched for o in preview.owners] == [owner.pk]
    assert [(w.column, w.text, w.rows) for w in preview.unknown_words] == [
        ("status", "Parked", [3])
    ]

    with pytest.raises(PlanImportError) as refused:
        plan_import(preview=preview, user=manager, decisions=Decisions())
    assert "Choose the finding for 'Early help" in refused.value.message
    assert "Say what the Status 'Parked' means (rows 3)" in refused.value.message
    assert not Action.objects.exists()

    result = plan_import(
        preview=preview,
        user=manager,
        decisions=Decisions(
            findings={
                supervision.key: findings[1].pk,
                interviews.key: findings[0].pk,
                hub.key: LEAVE_OUT,
            },
            words={preview.unknown_words[0].key: Status.NOT_STARTED},
        ),
    )
    assert result.created == 2
    assert result.left_out == [(4, "its finding is not in the product yet")]
    assert Action.objects.get(finding=findings[0]).status == Status.NOT_STARTED
    assert PlanImport.objects.get().left_out == [
        {"row": 4, "reason": "its finding is not in the product yet"}
    ]


def test_plan_c_second_sheet_full_finding_text_lead_roles_and_measures(
    plan_c, authority, manager, other_owner, findings
):
    preview = _preview(plan_c, "plan-c.xlsx", authority, manager)
    assert preview.sheets == ["Contents", "Action plan"]
    assert preview.sheet == "Action plan"
    contents = _preview(plan_c, "plan-c.xlsx", authority, manager, sheet="Contents")
    assert contents.column_problem.startswith("Choose the columns that hold the action")
    assert preview.header_row == 1
    assert [c.matched for c in preview.findings] == [findings[2].pk]
    plan_import(preview=preview, user=manager, decisions=Decisions())
    action = Action.objects.get()
    assert (action.owner, action.lead_role, action.success_measure, action.deadline) == (
        other_owner,
        "Head of Service, Care Leavers",
        "Every care leaver has a personal adviser",
        date(2099, 9, 30),
    )


def test_unreadable_rows_are_reported_by_number_and_nothing_is_saved(authority, manager, findings):
    data = csv_bytes(
        [
            ["Reference", "Action", "Deadline", "Start date"],
            [findings[0].reference, "Fine", "31/03/2099", ""],
            [findings[0].reference, "Bad date", "soon", ""],
            [findings[0].reference, "", "31/03/2099", ""],
            [findings[0].reference, "No deadline", "", ""],
            [findings[0].reference, "Backwards", "01/01/2099", "01/02/2099"],
        ]
    )
    preview = _preview(data, "bad.csv", authority, manager)
    assert preview.problems == [
        (3, "Deadline: 'soon' is not a date; write it as 31/03/2025 or March 2025"),
        (4, "Action: the cell is empty"),
        (5, "Deadline: the cell is empty"),
        (6, "Start date: it is after the deadline"),
    ]
    with pytest.raises(PlanImportError, match="4 rows cannot be read"):
        plan_import(preview=preview, user=manager, decisions=Decisions())
    assert not Action.objects.exists()


def test_a_repeated_action_stops_the_whole_import(authority, manager, findings):
    data = csv_bytes(
        [
            ["Reference", "Action", "Deadline"],
            [findings[0].reference, "Once", "31/03/2099"],
            [findings[1].reference, "Other", "31/03/2099"],
            [findings[0].reference, "once", "31/03/2099"],
        ]
    )
    preview = _preview(data, "dup.csv", authority, manager)
    with pytest.raises(PlanImportError, match="Row 4 repeats the action of row 2"):
        plan_import(preview=preview, user=manager, decisions=Decisions())
    assert not Action.objects.exists()
    assert not PlanImport.objects.exists()


def test_only_managers_of_the_authority_may_import(
    plan_a, authority, owner, outsider_other_authority
):
    with pytest.raises(PlanImportError, match="Only an improvement manager"):
        _preview(plan_a, "a.xlsx", authority, owner)
    with pytest.raises(PlanImportError, match="do not have access"):
        _preview(plan_a, "a.xlsx", authority, outsider_other_authority)


def test_owners_are_never_created_and_people_of_other_authorities_do_not_match(
    authority, manager, findings, outsider_other_authority
):
    data = csv_bytes(
        [
            ["Reference", "Action", "Owner", "Deadline"],
            [findings[0].reference, "A", "outsider@example.gov.uk", "31/03/2099"],
        ]
    )
    preview = _preview(data, "o.csv", authority, manager)
    assert [o.matched for o in preview.owners] == [None]
    key = preview.owners[0].key
    plan_import(preview=preview, user=manager, decisions=Decisions(owners={key: UNASSIGNED}))
    assert Action.objects.get().owner is None


def _big_plan(findings, n):
    rows = [["Reference", "Action", "Owner", "Deadline", "Status", "Latest update"]]
    for i in range(n):
        rows.append(
            [
                findings[i % 3].reference,
                f"Action {i}",
                "Olu Owner",
                "31/03/2099",
                ["On track", "Complete", "Not started"][i % 3],
                f"Update {i}",
            ]
        )
    return csv_bytes(rows)


def test_queries_do_not_grow_with_rows(authority, manager, owner, findings):
    """Reads are a fixed handful; writes go in batches (as many rows as the database takes
    in one statement), never one statement a row."""
    counts = []
    # The first run also reads the manager's roles, which are kept for the request.
    for n in (5, 30, 600):
        Action.objects.all().delete()
        with CaptureQueriesContext(connection) as preview_queries:
            preview = _preview(_big_plan(findings, n), f"big-{n}.csv", authority, manager)
        with CaptureQueriesContext(connection) as import_queries:
            plan_import(preview=preview, user=manager, decisions=Decisions())
        reads = [q for q in import_queries if q["sql"].startswith("SELECT")]
        writes = len(import_queries) - len(reads)
        counts.append((len(preview_queries), len(reads), writes))
    assert counts[1][:2] == counts[2][:2]
    # Actions, updates and the history of both: at most one statement per batch (the
    # service's batch size, or fewer rows when the database takes fewer in one statement),
    # plus the import's record and transaction savepoints.
    batches = sum(
        math.ceil(
            600
            / min(
                BATCH_SIZE,
                connection.ops.bulk_batch_size(model._meta.concrete_fields, [None] * 600),
            )
        )
        for model in (
            Action,
            Action.history.model,
            ProgressUpdate,
            ProgressUpdate.history.model,
        )
    )
    assert counts[2][2] <= batches + 5


def test_a_council_numbering_falls_back_on_the_finding_words(authority, manager, findings):
    data = csv_bytes(
        [
            ["Ref", "Finding", "Action", "Deadline"],
            ["1.1", findings[1].text, "Exact words", "31/03/2099"],
            [
                "2.1",
                "Supervision of social workers is regular and reflective",
                "Own words",
                "31/03/2099",
            ],
        ]
    )
    preview = _preview(data, "numbered.csv", authority, manager)
    assert preview.findings[0].matched == findings[1].pk
    assert preview.findings[1].matched is None
    assert preview.findings[1].candidates[0][0] == findings[1].pk


def test_a_findings_match_to_a_plan_row_is_offered_in_words(plan_b, authority, manager, findings):
    preview = _preview(plan_b, "plan-b.csv", authority, manager)
    form = DecisionsForm({}, preview=preview)
    offered = [
        label for field in form.fields.values() for _, label in field.choices if "match)" in label
    ]
    assert offered and not any("%" in label for label in offered)
    assert match_words(0.9) == "close match"
    assert match_words(0.5) == "likely match"
    assert match_words(0.2) == "possible match"
