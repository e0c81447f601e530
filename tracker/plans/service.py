"""Import a previewed plan in one transaction, with a person's decisions.

``plan_import`` takes a ``PlanPreview`` (``tracker.plans.preview``) and the
decisions a person made (which finding, which owner, what an unknown word means)
and writes every action, update and history row or nothing at all.

An action is the same action when its finding and its title are the same, so
importing a file twice changes nothing the second time, and the board pack this
product exports reads back as the plan it came from. Writes go in batches, so
the number of statements grows with batches of rows, not with rows.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time

from django.db import transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from tracker import formats
from tracker.models import Action, Evidence, ProgressUpdate
from tracker.notifications import services as notify
from tracker.plans import words
from tracker.plans.columns import FIELD_LABELS
from tracker.plans.models import PlanImport
from tracker.plans.preview import (
    PlanImportError,
    PlanPreview,
    Row,
    match_key,
    plan_preview,
    require_manager_of,
)
from tracker.statuses import Rag, ReviewState, Status, unsettled_evidence_problem

BATCH_SIZE = 500
LEAVE_OUT = "leave-out"
UNASSIGNED = "unassigned"
# Fields compared to tell an updated action from an unchanged one.
COMPARED = ("owner_id", "lead_role", "start_date", "deadline", "status", "at_risk")


@dataclass(frozen=True)
class Decisions:
    """A person's answers: finding key → finding id or LEAVE_OUT; owner key → user id or
    UNASSIGNED; unknown word key → a status value (or, for RAG words, a RAG value or "")."""

    findings: dict[str, int | str] = field(default_factory=dict)
    owners: dict[str, int | str] = field(default_factory=dict)
    words: dict[str, str] = field(default_factory=dict)


def _decide(preview: PlanPreview, decisions: Decisions):
    missing: list[str] = []
    finding_for: dict[str, int | None] = {}
    for choice in preview.findings:
        answer = choice.matched or decisions.findings.get(choice.key)
        if answer == LEAVE_OUT:
            finding_for[choice.key] = None
        elif answer in preview.finding_labels:
            finding_for[choice.key] = answer
        else:
            missing.append(f"Choose the finding for '{choice.text}' (rows {_numbers(choice.rows)})")
    owner_for: dict[str, int | None] = {"": None}
    for choice in preview.owners:
        answer = choice.matched or decisions.owners.get(choice.key)
        if answer == UNASSIGNED:
            owner_for[choice.key] = None
        elif answer in preview.owner_labels:
            owner_for[choice.key] = answer
        else:
            missing.append(
                f"Choose who owns the actions of '{choice.text}' (rows {_numbers(choice.rows)})"
            )
    word_for: dict[str, words.Progress] = {}
    for choice in preview.unknown_words:
        answer = decisions.words.get(choice.key)
        if choice.column == "status" and answer in Status.values:
            word_for[choice.key] = words.Progress(answer, None)
        elif choice.column == "rag" and answer is not None:
            word_for[choice.key] = words.read_rag(answer) or words.Progress(None, None)
        else:
            missing.append(
                f"Say what the {FIELD_LABELS[choice.column]} '{choice.text}' means "
                f"(rows {_numbers(choice.rows)})"
            )
    if missing:
        raise PlanImportError("; ".join(missing) + ".")
    return finding_for, owner_for, word_for


def _numbers(numbers: list[int]) -> str:
    shown = ", ".join(str(n) for n in numbers[:8])
    return shown + (f" and {len(numbers) - 8} more" if len(numbers) > 8 else "")


def _progress(row: Row, word_for: dict[str, words.Progress]) -> words.Progress:
    status = (
        words.read_status(row.status_word) or word_for[f"status:{words.normalise(row.status_word)}"]
    )
    rag = words.read_rag(row.rag_word) or word_for[f"rag:{words.normalise(row.rag_word)}"]
    return words.combine(status, rag)


@dataclass(frozen=True)
class PlanImportResult:
    record: PlanImport | None
    created: int
    updated: int
    unchanged: int
    left_out: list[tuple[int, str]]

    @property
    def message(self) -> str:
        if not (self.created or self.updated):
            return (
                f"Nothing changed: all {self.unchanged} actions in the file are already "
                "in the plan as they are."
            )
        parts = [f"{self.created} actions added", f"{self.updated} updated"]
        if self.unchanged:
            parts.append(f"{self.unchanged} already up to date")
        if self.left_out:
            parts.append(f"{len(self.left_out)} rows left out")
        return "Plan imported: " + ", ".join(parts) + "."


def _update_time(row: Row, now: datetime) -> datetime:
    if row.update_date is None:
        return now
    return timezone.make_aware(datetime.combine(row.update_date, time(12)))


@transaction.atomic
def plan_import(
    *, preview: PlanPreview, user, decisions: Decisions, today: date | None = None
) -> PlanImportResult:
    """Write the previewed plan: new actions, changed fields, latest updates; all or nothing.

    Refused while any row cannot be read or anything is left to decide. An action
    already in the plan (same finding, same title) is updated only where the file
    differs; a file that changes nothing records nothing and says so."""
    require_manager_of(user, preview.authority)
    today = today or timezone.localdate()
    if preview.column_problem:
        raise PlanImportError(preview.column_problem)
    if preview.problems:
        raise PlanImportError(
            f"{len(preview.problems)} rows cannot be read (the first is row "
            f"{preview.problems[0][0]}: {preview.problems[0][1]}); correct the spreadsheet "
            "and upload it again."
        )
    finding_for, owner_for, word_for = _decide(preview, decisions)
    reason = formats.history_reason(f"Imported from {preview.filename}")
    rows = [r for r in preview.rows if finding_for[r.finding_key] is not None]
    left_out = [
        (r.number, "its finding is not in the product yet")
        for r in preview.rows
        if finding_for[r.finding_key] is None
    ]
    existing = {
        (a.finding_id, match_key(a.title)): a
        for a in Action.objects.select_for_update().filter(
            finding_id__in={finding_for[r.finding_key] for r in rows}
        )
    }
    owners_before = {a.pk: a.owner_id for a in existing.values()}
    unsettled: dict[int, list[str]] = {}
    for action_id, state in Evidence.objects.filter(
        action__in=[a.pk for a in existing.values()],
        review_state__in=[ReviewState.PENDING, ReviewState.MORE_REQUESTED],
    ).values_list("action_id", "review_state"):
        unsettled.setdefault(action_id, []).append(state)
    known_updates = set(
        ProgressUpdate.objects.filter(action__in=[a.pk for a in existing.values()]).values_list(
            "action_id", "text"
        )
    )
    now = timezone.now()
    creating: list[Action] = []
    updating: list[Action] = []
    updates: list[tuple[Action, Row]] = []
    seen: dict[tuple[int, str], int] = {}
    unchanged = 0
    for row in rows:
        finding_id = finding_for[row.finding_key]
        key = (finding_id, match_key(row.title))
        if key in seen:
            raise PlanImportError(
                f"Row {row.number} repeats the action of row {seen[key]} "
                "(same finding, same title); remove one of them and upload the file again."
            )
        seen[key] = row.number
        progress = _progress(row, word_for)
        status, at_risk = words.settle(
            progress,
            deadline=row.deadline,
            owned=owner_for[row.owner_key] is not None,
            today=today,
        )
        wanted = {
            "owner_id": owner_for[row.owner_key],
            "lead_role": row.lead_role,
            "start_date": row.start_date,
            "deadline": row.deadline,
            "status": status,
            "at_risk": at_risk,
        }
        action = existing.get(key)
        if action is None:
            action = Action(
                finding_id=finding_id,
                title=row.title,
                original_deadline=row.deadline,
                success_measure=row.success_measure,
                created_by=user,
                created_at=now,
                updated_at=now,
                **wanted,
            )
            creating.append(action)
        elif action.is_closed:
            raise PlanImportError(
                f"Row {row.number} is for '{action.title}', which is "
                f"{action.get_status_display().lower()}: it is no longer part of the plan. "
                "Remove the row and upload the file again; nothing was imported."
            )
        else:
            changed = {k: v for k, v in wanted.items() if getattr(action, k) != v}
            # A risk already flagged stays flagged (with its reason) unless the file
            # rates the action green or blue, or it is finished.
            if changed.get("at_risk") is False and not (
                status in (Status.COMPLETED, Status.VERIFIED)
                or progress.rag in (Rag.GREEN, Rag.BLUE)
            ):
                del changed["at_risk"]
            if row.success_measure and row.success_measure != action.success_measure:
                changed["success_measure"] = row.success_measure
            if changed.get("status") == Status.VERIFIED and unsettled.get(action.pk):
                raise PlanImportError(
                    f"Row {row.number} marks '{action.title}' as verified. "
                    f"{unsettled_evidence_problem(unsettled[action.pk])} A reason is given "
                    "by verifying it on the action's page; nothing was imported."
                )
            if changed:
                action.revise_deadline(
                    changed.pop("deadline", action.deadline),
                    f"Changed in the imported plan {preview.filename}",
                )
                for name, value in changed.items():
                    setattr(action, name, value)
                action.version += 1
                action.updated_at = now
                updating.append(action)
            elif not row.update_text or (action.pk, row.update_text) in known_updates:
                unchanged += 1
        if action.at_risk and not action.at_risk_reason:
            action.at_risk_reason = (
                f"Marked '{row.status_word or row.rag_word}' in the imported plan"
            )
        if not action.at_risk:
            action.at_risk_reason = ""
        if row.update_text and (action.pk, row.update_text) not in known_updates:
            updates.append((action, row))
    if not creating and not updating and not updates:
        return PlanImportResult(None, 0, 0, unchanged, left_out)
    for action in creating + updating:
        try:
            action.full_clean(
                exclude=["finding", "owner", "created_by"],
                validate_unique=False,
                validate_constraints=False,
            )
        except Exception as exc:
            raise PlanImportError(f"An action cannot be saved ('{action.title}'): {exc}") from exc
    bulk_create_with_history(
        creating, Action, batch_size=BATCH_SIZE, default_user=user, default_change_reason=reason
    )
    bulk_update_with_history(
        updating,
        Action,
        [
            *COMPARED,
            "success_measure",
            "at_risk_reason",
            "deadline_revisions",
            "deadline_reason",
            "version",
            "updated_at",
        ],
        batch_size=BATCH_SIZE,
        default_user=user,
        default_change_reason=reason,
    )
    bulk_create_with_history(
        [
            ProgressUpdate(
                action_id=action.pk,
                author=user,
                text=row.update_text,
                created_at=_update_time(row, now),
            )
            for action, row in updates
        ],
        ProgressUpdate,
        batch_size=BATCH_SIZE,
        default_user=user,
        default_change_reason=reason,
    )
    notify.actions_assigned(actions=creating + updating, by=user, previous_owner_ids=owners_before)
    created_ids = {a.pk for a in creating}
    updated_ids = {a.pk for a in updating} | {a.pk for a, _ in updates if a.pk not in created_ids}
    record = PlanImport.objects.create(
        authority=preview.authority,
        filename=preview.filename[:200],
        sheet=preview.sheet[:100],
        content_hash=preview.content_hash,
        imported_by=user,
        created=len(creating),
        updated=len(updated_ids),
        unchanged=unchanged,
        left_out=[{"row": n, "reason": why} for n, why in left_out],
    )
    return PlanImportResult(record, len(creating), len(updated_ids), unchanged, left_out)


__all__ = [
    "LEAVE_OUT",
    "UNASSIGNED",
    "Decisions",
    "PlanImportError",
    "PlanImportResult",
    "PlanPreview",
    "plan_import",
    "plan_preview",
]
