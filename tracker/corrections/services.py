"""Corrections, each a write that leaves a trace: who, when and why stay on the record and
in its history, while what was wrong (an evidence file, an action, an update) leaves the
plan. Keyword-only, atomic, checked for scope and role on the object, like every service.
"""

from __future__ import annotations

import logging
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from inspections.models import Finding, FindingState
from tracker import permissions
from tracker.formats import govuk_datetime
from tracker.models import Action, Evidence, EvidenceKind, ProgressUpdate
from tracker.selectors.people import person_name
from tracker.services import (
    TrackerError,
    _authority_id,
    _full_clean,
    _lock,
    _require_manager,
    _require_scope,
    _save,
)
from tracker.statuses import Closure, ReviewState

logger = logging.getLogger(__name__)

# How long the author of a progress update may still correct or retract it.
UPDATE_CORRECTION_WINDOW = timedelta(days=1)


def _reason(reason: str, message: str) -> str:
    reason = " ".join(reason.split())
    if not reason:
        raise TrackerError(message, field="reason")
    return reason


@transaction.atomic
def evidence_withdraw(*, evidence: Evidence, user, reason: str) -> Evidence:
    """Withdraw evidence given by mistake: a file is erased from the store for good.

    The record stays, marked withdrawn with who, when and why, and no longer counts
    towards completing the action or among evidence to review. Only the person who
    added it, or an improvement manager of the authority, may withdraw it.
    """
    evidence = Evidence.objects.select_for_update().select_related("action").get(pk=evidence.pk)
    _require_scope(user, _authority_id(evidence.action))
    if not permissions.can_withdraw_evidence(user, evidence):
        raise TrackerError(
            "Only the person who added this evidence or an improvement manager can withdraw it."
        )
    if evidence.review_state == ReviewState.WITHDRAWN:
        raise TrackerError(
            f"This evidence was already withdrawn by {person_name(evidence.withdrawn_by)} "
            f"on {govuk_datetime(timezone.localtime(evidence.withdrawn_at))}."
        )
    evidence.withdrawal_reason = _reason(reason, "Say why the evidence is withdrawn.")
    stored = evidence.file.name if evidence.kind == EvidenceKind.FILE else ""
    evidence.review_state = ReviewState.WITHDRAWN
    evidence.withdrawn_by = user
    evidence.withdrawn_at = timezone.now()
    evidence.file = ""
    evidence._history_user = user
    evidence._change_reason = "Withdrawn"
    _full_clean(evidence)
    evidence.save()
    if stored:
        storage = Evidence._meta.get_field("file").storage
        # Erased last, inside the transaction: if the store refuses, nothing is saved and
        # the person is told; once erased, the file cannot come back whatever follows.
        try:
            storage.delete(stored)
        except OSError as exc:
            logger.exception("Could not erase withdrawn evidence file %s", stored)
            raise TrackerError(
                "The file could not be erased from the evidence store, so nothing was "
                "changed. Try again, or ask your administrator."
            ) from exc
    return evidence


def _close(action: Action, user, expected_version: int | None, closure: str) -> Action:
    _require_manager(user, "cancel or supersede actions")
    current = _lock(action, expected_version)
    _require_scope(user, _authority_id(current))
    problem = current.transition_problem(
        closure, by_manager=True, evidence_count=current.evidence.current().count()
    )
    if problem:
        raise TrackerError(problem)
    return current


@transaction.atomic
def action_cancel(*, action: Action, user, reason: str, expected_version: int | None) -> Action:
    """Take an action out of the plan: it stays visible, marked, and leaves every count."""
    current = _close(action, user, expected_version, Closure.CANCELLED)
    old = current.get_status_display()
    current.closed_reason = _reason(reason, "Say why the action is cancelled.")
    current.status = Closure.CANCELLED
    current.at_risk, current.at_risk_reason = False, ""
    _save(current, user, f"Status: {old} → Cancelled")
    return current


@transaction.atomic
def action_supersede(
    *,
    action: Action,
    user,
    replacement: Action | None,
    reason: str,
    expected_version: int | None,
) -> Action:
    """Replace an action by another of the same authority; it leaves every count."""
    current = _close(action, user, expected_version, Closure.SUPERSEDED)
    if replacement is None:
        raise TrackerError("Choose the action that replaces this one.", field="replacement")
    replacement = Action.objects.filter(pk=replacement.pk).first()
    if replacement is None or _authority_id(replacement) != _authority_id(current):
        raise TrackerError(
            "Choose an action of the same authority to replace this one.", field="replacement"
        )
    if replacement.pk == current.pk:
        raise TrackerError("An action cannot replace itself.", field="replacement")
    if replacement.is_closed:
        raise TrackerError(
            f"“{replacement.title}” is {replacement.get_status_display().lower()} itself; "
            "choose an action that is still in the plan.",
            field="replacement",
        )
    old = current.get_status_display()
    current.closed_reason = _reason(reason, "Say why the action is superseded.")
    current.status = Closure.SUPERSEDED
    current.superseded_by = replacement
    current.at_risk, current.at_risk_reason = False, ""
    _save(current, user, f"Status: {old} → Superseded by “{replacement.title}”")
    return current


def update_correction_problem(update: ProgressUpdate, user, doing: str = "change") -> str:
    """Why ``user`` may not correct or retract ``update`` now, or an empty string."""
    if update.author_id is None or update.author_id != user.pk:
        return f"You can only {doing} progress updates you wrote."
    if update.retracted_at is not None:
        return "This progress update has already been retracted."
    if timezone.now() - update.created_at > UPDATE_CORRECTION_WINDOW:
        return (
            f"A progress update can only be changed within a day of posting; this one was "
            f"posted on {govuk_datetime(timezone.localtime(update.created_at))}. "
            "Add a new update instead."
        )
    return ""


def _own_recent_update(update: ProgressUpdate, user, doing: str) -> ProgressUpdate:
    update = ProgressUpdate.objects.select_for_update().get(pk=update.pk)
    _require_scope(user, _authority_id(update.action))
    problem = update_correction_problem(update, user, doing)
    if problem:
        raise TrackerError(problem)
    return update


@transaction.atomic
def progress_update_edit(*, update: ProgressUpdate, user, text: str) -> ProgressUpdate:
    """Correct your own update within a day; its history keeps the earlier text."""
    update = _own_recent_update(update, user, "edit")
    text = text.strip()
    if not text:
        raise TrackerError("Write the update.", field="text")
    if text == update.text:
        raise TrackerError("The update is unchanged.", field="text")
    update.text = text
    update.edited_at = timezone.now()
    update._history_user = user
    update._change_reason = "Edited"
    _full_clean(update)
    update.save()
    return update


@transaction.atomic
def progress_update_retract(*, update: ProgressUpdate, user) -> ProgressUpdate:
    """Take back your own update within a day; it is marked retracted, its text in history."""
    update = _own_recent_update(update, user, "retract")
    update.retracted_at = timezone.now()
    update._history_user = user
    update._change_reason = "Retracted"
    update.save()
    return update


@transaction.atomic
def finding_restore(*, finding: Finding, user) -> Finding:
    """A rejected suggestion goes back to be decided again; the rejection stays in history."""
    _require_manager(user, "restore rejected suggestions")
    finding = Finding.objects.select_for_update().select_related("document").get(pk=finding.pk)
    _require_scope(user, finding.document.authority_id)
    if finding.state != FindingState.REJECTED:
        raise TrackerError("Only a rejected suggestion can be restored.")
    finding.state = FindingState.SUGGESTED
    finding.rejected_reason = ""
    finding._history_user = user
    finding.save(update_fields=["state", "rejected_reason"])
    return finding
