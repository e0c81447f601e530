"""Every write of the tracker: keyword-only, atomic, validated, with one error type.

Each service checks the acting user's scope and role itself, so a view that
forgot a check still cannot write what the user may not. Every change to an
action saves a history row naming the user (``_history_user``), in the same
transaction as the change.
"""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.core.validators import URLValidator
from django.db import transaction
from django.utils import timezone

from inspections.models import Finding, FindingState
from inspections.services import followup_suggest
from tracker import filetypes, formats, permissions, scope
from tracker.models import Action, Evidence, EvidenceKind, Membership, ProgressUpdate
from tracker.notifications import services as notify
from tracker.roles import Role
from tracker.selectors.history import shown_value, version_changes
from tracker.selectors.people import person_name
from tracker.statuses import CLOSED_STATUSES, ReviewState, Status, unsettled_evidence_problem

User = get_user_model()


class TrackerError(Exception):
    """A write was refused; ``message`` tells the user what to do, ``field`` where, if anywhere."""

    def __init__(self, message: str, *, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field


def _raise_validation(exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        name, errors = next(iter(exc.error_dict.items()))
        raise TrackerError(
            errors[0].messages[0], field=None if name == "__all__" else name
        ) from exc
    raise TrackerError(exc.messages[0]) from exc


def _full_clean(instance, **kwargs) -> None:
    try:
        instance.full_clean(**kwargs)
    except ValidationError as exc:
        _raise_validation(exc)


def _require_scope(user, authority_id: int) -> None:
    if not scope.can_see_authority(user, authority_id):
        raise TrackerError("You do not have access to this authority's plan.")


def _require_manager(user, doing: str) -> None:
    if not permissions.can_manage(user):
        raise TrackerError(f"Only an improvement manager can {doing}.")


def _authority_id(action: Action) -> int:
    return (
        Finding.objects.filter(pk=action.finding_id)
        .values_list("document__authority_id", flat=True)
        .get()
    )


def _check_owner(owner, authority_id: int) -> None:
    if owner is None:
        return
    if not owner.is_active:
        raise TrackerError(
            f"{person_name(owner)} cannot own actions: the account is inactive.",
            field="owner",
        )
    if not Membership.objects.filter(user=owner, authority_id=authority_id).exists():
        raise TrackerError(
            f"{person_name(owner)} does not belong to this authority; "
            "give them access first or choose someone else.",
            field="owner",
        )
    if (
        not owner.is_superuser
        and not owner.groups.filter(name__in=[Role.OWNER, Role.MANAGER]).exists()
    ):
        raise TrackerError(
            f"{person_name(owner)} is not an action owner or improvement manager.",
            field="owner",
        )


def _lock(action: Action, expected_version: int | None) -> Action:
    """Re-read the action under a row lock and refuse a write based on a stale copy."""
    if expected_version is None:
        raise TrackerError(
            "The page did not say which version of the action it showed. "
            "Reload the page and make the change again."
        )
    current = Action.objects.select_for_update().get(pk=action.pk)
    if current.version != expected_version:
        raise TrackerError(_stale_message(current, expected_version))
    return current


# Bookkeeping every write changes: not what the other person changed.
STALE_IGNORED = {"id", "version", "updated_at", "deadline_revisions", "original_deadline"}


def _stale_message(current: Action, expected_version: int) -> str:
    newer = list(
        current.history.filter(version__gt=expected_version)
        .select_related("history_user")
        .order_by("history_date")
    )
    base = current.history.filter(version=expected_version).first()
    changed: list[str] = []
    if base is not None and newer:
        fields = [f for f in Action._meta.concrete_fields if f.name not in STALE_IGNORED]
        changes = version_changes(
            base, newer[-1], fields, lambda record, f: shown_value(record, f, {})
        )
        changed = sorted(label.lower() for label, _, _ in changes)
    who = ", ".join(sorted({person_name(r.history_user) for r in newer if r.history_user}))
    what = f" ({', '.join(changed)})" if changed else ""
    by = f" by {who}" if who else ""
    return (
        f"Someone else changed this action{what}{by} after you opened it, so your change was "
        "not saved. Check the action as it is now and make your change again."
    )


def _save(action: Action, user, reason: str) -> None:
    action.version += 1
    action.updated_at = timezone.now()
    action._history_user = user
    action._change_reason = formats.history_reason(reason)
    _full_clean(action)
    action.save()


@transaction.atomic
def action_create(
    *,
    finding: Finding,
    user,
    title: str,
    deadline: date,
    description: str = "",
    owner=None,
    lead_role: str = "",
    start_date: date | None = None,
    success_measure: str = "",
) -> Action:
    _require_manager(user, "add actions")
    _require_scope(user, finding.document.authority_id)
    if finding.state != FindingState.CONFIRMED:
        raise TrackerError("Confirm this finding before adding actions to it.")
    _check_owner(owner, finding.document.authority_id)
    action = Action(
        finding=finding,
        title=title.strip(),
        description=description.strip(),
        owner=owner,
        lead_role=lead_role.strip(),
        start_date=start_date,
        deadline=deadline,
        success_measure=success_measure.strip(),
        created_by=user,
        version=1,
    )
    action._history_user = user
    action._change_reason = "Created"
    _full_clean(action)
    action.save()
    notify.actions_assigned(actions=[action], by=user)
    return action


EDITABLE_FIELDS = (
    "title",
    "description",
    "owner",
    "lead_role",
    "start_date",
    "deadline",
    "success_measure",
)


@transaction.atomic
def action_update(
    *,
    action: Action,
    user,
    expected_version: int | None,
    deadline_reason: str = "",
    **changes,
) -> Action:
    """A manager edits the plan's fields: title, description, owner, lead role, dates, measure.

    Moving the deadline needs ``deadline_reason``; the move is counted and kept.
    """
    _require_manager(user, "edit or reassign actions")
    unknown = set(changes) - set(EDITABLE_FIELDS)
    if unknown:
        raise TrackerError(f"These fields cannot be changed here: {', '.join(sorted(unknown))}.")
    current = _lock(action, expected_version)
    authority_id = _authority_id(current)
    _require_scope(user, authority_id)
    if "owner" in changes and changes["owner"] != current.owner:
        _check_owner(changes["owner"], authority_id)
    notify.owner_changing(action=current, new_owner=changes.get("owner", current.owner), by=user)
    new_deadline = changes.pop("deadline", current.deadline)
    for name, value in changes.items():
        setattr(current, name, value.strip() if isinstance(value, str) else value)
    try:
        moved = current.revise_deadline(new_deadline, deadline_reason)
    except ValidationError as exc:
        _raise_validation(exc)
    _save(current, user, moved or "Edited")
    return current


@transaction.atomic
def action_transition(
    *,
    action: Action,
    user,
    new_status: str,
    expected_version: int | None,
    update_text: str = "",
    override_reason: str = "",
) -> Action:
    """Move an action to a new status, with an optional progress update in the same step.

    Verifying while evidence awaits review or has more requested needs ``override_reason``,
    which is kept on the action until it is verified again or reopened.
    """
    current = _lock(action, expected_version)
    _require_scope(user, _authority_id(current))
    if not permissions.can_edit_action(user, current):
        raise TrackerError("You can only change the status of actions you own.")
    problem = current.transition_problem(
        new_status,
        by_manager=permissions.can_manage(user),
        evidence_count=current.evidence.current().count(),
    )
    unsettled = ""
    if not problem and new_status == Status.VERIFIED:
        unsettled = unsettled_evidence_problem(
            current.evidence.values_list("review_state", flat=True)
        )
        if unsettled and not override_reason.strip():
            raise TrackerError(unsettled, field="override_reason")
    if problem:
        raise TrackerError(problem, field="status")
    if new_status in CLOSED_STATUSES:
        raise TrackerError("Cancel or supersede an action from its own page, giving a reason.")
    old = current.get_status_display()
    notify.status_changing(action=current, new_status=new_status, by=user)
    current.status = new_status
    current.verified_override_reason = override_reason.strip() if unsettled else ""
    if current.is_done:
        current.at_risk, current.at_risk_reason = False, ""
    override = " despite unaccepted evidence" if current.verified_override_reason else ""
    _save(current, user, f"Status: {old} → {current.get_status_display()}{override}")
    if update_text.strip():
        _add_update(current, user, update_text)
    return current


@transaction.atomic
def action_set_at_risk(
    *, action: Action, user, at_risk: bool, reason: str, expected_version: int | None
) -> Action:
    current = _lock(action, expected_version)
    _require_scope(user, _authority_id(current))
    if not permissions.can_edit_action(user, current):
        raise TrackerError("You can only flag actions you own.")
    if at_risk and current.is_done:
        raise TrackerError("A completed or verified action cannot be at risk.")
    if at_risk and not reason.strip():
        raise TrackerError("Say why the action is at risk.", field="reason")
    current.at_risk = at_risk
    current.at_risk_reason = reason.strip() if at_risk else ""
    _save(current, user, "Raised at risk" if at_risk else "At risk cleared")
    if not at_risk and reason.strip():
        _add_update(current, user, f"At risk cleared: {reason.strip()}")
    return current


def _add_update(action: Action, user, text: str) -> ProgressUpdate:
    update = ProgressUpdate(action=action, author=user, text=text.strip())
    _full_clean(update)
    update.save()
    return update


@transaction.atomic
def progress_update_add(*, action: Action, user, text: str) -> ProgressUpdate:
    _require_scope(user, _authority_id(action))
    if not permissions.can_edit_action(user, action):
        raise TrackerError("You can only write updates on actions you own.")
    if not text.strip():
        raise TrackerError("Write the update.", field="text")
    return _add_update(action, user, text)


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.1f} MB"


@transaction.atomic
def evidence_add(
    *,
    action: Action,
    user,
    kind: str,
    title: str = "",
    file: UploadedFile | None = None,
    url: str = "",
    note: str = "",
) -> Evidence:
    """Attach a file, link or note; files are checked by content and size and stored privately."""
    _require_scope(user, _authority_id(action))
    if not permissions.can_edit_action(user, action):
        raise TrackerError("You can only add evidence to actions you own.")
    evidence = Evidence(action=action, kind=kind, title=title.strip(), added_by=user)
    if kind == EvidenceKind.FILE:
        if file is None:
            raise TrackerError("Choose a file to upload.", field="file")
        if file.size > settings.EVIDENCE_MAX_BYTES:
            raise TrackerError(
                f"The file is {_megabytes(file.size)}; files must be no larger than "
                f"{_megabytes(settings.EVIDENCE_MAX_BYTES)}.",
                field="file",
            )
        try:
            file_type = filetypes.detect(file)
        except filetypes.FileTypeError as exc:
            raise TrackerError(str(exc), field="file") from exc
        evidence.original_name = filetypes.safe_filename(file.name, file_type)
        evidence.content_type = file_type.content_type
        evidence.size = file.size
        file.name = evidence.original_name
        evidence.file = file
    elif kind == EvidenceKind.LINK:
        url = url.strip()
        try:
            URLValidator(schemes=["http", "https"])(url)
        except ValidationError as exc:
            raise TrackerError(
                "Enter a link starting with https:// or http://.", field="url"
            ) from exc
        evidence.url = url
    elif kind == EvidenceKind.NOTE:
        evidence.note = note.strip()
    else:
        raise TrackerError("Choose a file, a link or a note.", field="kind")
    evidence._history_user = user
    _full_clean(evidence)
    with transaction.atomic():
        evidence.save()
        _answer_requests_for_more(action, user)
    return evidence


def _answer_requests_for_more(action: Action, user) -> None:
    """New evidence answers the manager's requests for more on the same action: those items
    stop waiting on the owner, and the new evidence is reviewed in its turn."""
    for asked in Evidence.objects.select_for_update().filter(
        action=action, review_state=ReviewState.MORE_REQUESTED
    ):
        asked.review_state = ReviewState.ANSWERED
        asked._history_user = user
        asked.save(update_fields=["review_state"])


@transaction.atomic
def evidence_review(*, evidence: Evidence, user, state: str, comment: str = "") -> Evidence:
    _require_manager(user, "review evidence")
    evidence = Evidence.objects.select_for_update().get(pk=evidence.pk)
    _require_scope(user, _authority_id(evidence.action))
    if evidence.review_state == ReviewState.WITHDRAWN:
        raise TrackerError("This evidence has been withdrawn, so there is nothing to review.")
    if state not in (ReviewState.ACCEPTED, ReviewState.MORE_REQUESTED):
        raise TrackerError("Choose whether to accept the evidence or ask for more.", field="state")
    evidence.review_state = state
    evidence.review_comment = comment.strip()
    evidence.reviewed_by = user
    evidence.reviewed_at = timezone.now()
    evidence._history_user = user
    _full_clean(evidence)
    evidence.save()
    notify.evidence_reviewed(evidence=evidence, by=user)
    return evidence


def _finding_decide(
    finding: Finding, user, state: str, *, reason: str = "", wording: str = ""
) -> Finding:
    _require_manager(user, "confirm or reject suggested findings")
    finding = Finding.objects.select_for_update().select_related("document").get(pk=finding.pk)
    _require_scope(user, finding.document.authority_id)
    if finding.state != FindingState.SUGGESTED:
        raise TrackerError(f"This finding is already {finding.get_state_display().lower()}.")
    if state == FindingState.REJECTED and not reason:
        raise TrackerError("Say why the suggestion is rejected.", field="reason")
    if wording and wording != finding.text:
        # Ofsted's words stay beside ours, first wording first.
        finding.ofsted_text = finding.ofsted_text or finding.text
        finding.text = wording
    finding.state = state
    finding.rejected_reason = reason
    finding._history_user = user
    finding._change_reason = formats.history_reason(reason) or None
    finding.save(update_fields=["state", "rejected_reason", "text", "ofsted_text"])
    return finding


@transaction.atomic
def finding_confirm(*, finding: Finding, user, wording: str = "") -> Finding:
    """A suggested finding (from a letter's prose) becomes one that actions can hang off.

    ``wording`` rewords it as it is confirmed; Ofsted's own words are kept beside it.
    Only confirmed findings are followed up, so the later documents already
    imported are searched for what they say about it now, for a manager to review.
    """
    wording = " ".join(wording.split())
    finding = _finding_decide(finding, user, FindingState.CONFIRMED, wording=wording)
    followup_suggest(document=finding.document)
    return finding


@transaction.atomic
def finding_reject(*, finding: Finding, user, reason: str = "") -> Finding:
    """A suggestion is not a finding of ours; the reason stays with it (it can be restored)."""
    return _finding_decide(finding, user, FindingState.REJECTED, reason=reason.strip())
