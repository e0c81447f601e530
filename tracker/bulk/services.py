"""Bulk changes: every row through its single-row service, all in one transaction.

Each function takes the ids the person chose and the fingerprint of those rows
as the confirmation page showed them (``selection.fingerprint``). It refuses the
whole change, changing nothing, when the person may not make it, when any row is
outside their authorities, when any row changed since it was shown, or when the
single-row service refuses any one row; the refusal names each refused row.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date

from django.db import transaction
from django.template.defaultfilters import pluralize

from inspections import selectors as inspection_selectors
from inspections.models import Finding, FollowUp, JudgementArea, ReviewState
from inspections.services import FollowUpError, followup_confirm
from tracker import permissions, scope, services
from tracker.areas.services import set_judgement_area
from tracker.bulk.selection import fingerprint
from tracker.formats import govuk_date
from tracker.models import Action
from tracker.selectors.people import person_name


@dataclass(frozen=True)
class Refusal:
    row: str  # the row as the person knows it, e.g. its reference
    message: str


class BulkError(Exception):
    """Nothing was changed; ``message`` says why, ``refused`` which rows stopped it."""

    def __init__(self, message: str, refused: Sequence[Refusal] = (), *, field: str = ""):
        super().__init__(message)
        self.message = message
        self.refused = list(refused)
        self.field = field


@dataclass(frozen=True)
class BulkResult:
    count: int
    summary: str  # what changed, for the person who changed it
    rows: list = field(default_factory=list)


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{pluralize(n)}"


def _lock(
    queryset, *, user, ids: Sequence[int], expected: str, via: str, doing: str, noun: str
) -> list:
    """The chosen rows, locked, once the person may change them all and none has moved on."""
    if not permissions.can_manage(user):
        raise BulkError(f"Only an improvement manager can {doing}.")
    wanted = set(ids)
    if not wanted:
        raise BulkError(f"Select at least one {noun}.")
    chosen = queryset.filter(pk__in=wanted)
    rows = list(chosen.select_for_update(of=("self",)).order_by("pk"))
    outside = len(rows) - scope.visible(chosen, user, via=via).count()
    if outside:
        raise BulkError(
            f"{outside} of the {_plural(len(wanted), noun)} chosen "
            f"{'is' if outside == 1 else 'are'} not in your authorities, so nothing was changed."
        )
    if len(rows) != len(wanted) or fingerprint(rows) != expected:
        raise BulkError(
            f"Some of the {noun}s changed or went since you chose them, so nothing was "
            "changed. Check the list as it is now and choose again."
        )
    return rows


def _each(rows: list, *, label: Callable, change: Callable, noun: str) -> None:
    """Run ``change`` on every row; if any is refused, undo them all and say which."""
    refused = []
    for row in rows:
        try:
            with transaction.atomic():
                change(row)
        except services.TrackerError as exc:
            refused.append(Refusal(label(row), exc.message))
        except FollowUpError as exc:
            refused.append(Refusal(label(row), str(exc)))
    if refused:
        raise BulkError(
            f"{len(refused)} of the {_plural(len(rows), noun)} cannot be changed, so nothing "
            "was changed. Leave them out, or put them right first.",
            refused,
        )


def _findings():
    return Finding.objects.select_related("document__authority")


def _finding_label(finding: Finding) -> str:
    return finding.reference


def _findings_each(
    *,
    user,
    ids: Sequence[int],
    expected: str,
    change,
    doing: str = "confirm or reject suggested findings",
) -> list[Finding]:
    """Lock the chosen findings, as shown, and make ``change`` to each."""
    rows = _lock(
        _findings(),
        user=user,
        ids=ids,
        expected=expected,
        via="document__authority",
        doing=doing,
        noun="finding",
    )
    _each(rows, label=_finding_label, change=change, noun="finding")
    return rows


@transaction.atomic
def findings_confirm(*, user, ids: Sequence[int], expected: str) -> BulkResult:
    """Confirm suggested findings, each as ``services.finding_confirm`` would."""
    rows = _findings_each(
        user=user,
        ids=ids,
        expected=expected,
        change=lambda f: services.finding_confirm(finding=f, user=user),
    )
    return BulkResult(
        len(rows), f"{_plural(len(rows), 'finding')} confirmed: you can now add actions.", rows
    )


@transaction.atomic
def findings_reject(*, user, ids: Sequence[int], expected: str, reason: str) -> BulkResult:
    """Reject suggested findings with one reason for all."""
    reason = reason.strip()
    if not reason:
        raise BulkError("Say why the suggestions are rejected.", field="reason")
    rows = _findings_each(
        user=user,
        ids=ids,
        expected=expected,
        change=lambda f: services.finding_reject(finding=f, user=user, reason=reason),
    )
    return BulkResult(len(rows), f"{_plural(len(rows), 'finding')} rejected: {reason}", rows)


@transaction.atomic
def findings_set_area(
    *, user, ids: Sequence[int], expected: str, judgement_area: JudgementArea
) -> BulkResult:
    """Confirm one judgement area for every chosen finding, each as its page would
    (``tracker.areas.services.set_judgement_area``): a finding inspected under another
    framework era than the area's is refused by name, and then none is changed."""
    rows = _findings_each(
        user=user,
        ids=ids,
        expected=expected,
        change=lambda f: set_judgement_area(findings=[f], area=judgement_area, user=user),
        doing="set the judgement area of findings",
    )
    return BulkResult(
        len(rows),
        f"{_plural(len(rows), 'finding')} now in the judgement area “{judgement_area.name}”.",
        rows,
    )


def _confirm_as_suggested(followup: FollowUp, user) -> None:
    if followup.state != ReviewState.SUGGESTED:
        raise FollowUpError(f"This suggestion is already {followup.get_state_display().lower()}.")
    quoted = [q.paragraph for q in followup.quotes.all()]
    followup_confirm(
        followup=followup,
        verdict=followup.verdict,
        paragraphs=quoted if followup.quotes_are_evidence else [],
        user=user,
    )


@transaction.atomic
def followups_confirm(*, user, ids: Sequence[int], expected: str) -> BulkResult:
    """Accept suggested follow-up verdicts as suggested, with the paragraphs they quote."""
    followups = FollowUp.objects.select_related(
        "finding__document__authority", "document"
    ).prefetch_related(inspection_selectors.quotes_by_rank())
    rows = _lock(
        followups,
        user=user,
        ids=ids,
        expected=expected,
        via="finding__document__authority",
        doing="confirm follow-up verdicts",
        noun="suggestion",
    )
    _each(
        rows,
        label=lambda f: f"{f.finding.reference} at {f.document}",
        change=lambda f: _confirm_as_suggested(f, user),
        noun="suggestion",
    )
    return BulkResult(
        len(rows), f"{_plural(len(rows), 'follow-up verdict')} confirmed as suggested.", rows
    )


@transaction.atomic
def actions_update(
    *,
    user,
    ids: Sequence[int],
    expected: str,
    owner=None,
    deadline: date | None = None,
    reason: str = "",
) -> BulkResult:
    """Give actions to one owner and/or move them to one deadline, with one reason for all.

    Each row goes through ``services.action_update``, so its rules hold for every
    row: the owner must belong to the action's authority, a moved deadline is
    counted and kept with the reason, and a row changed since it was shown is refused.
    """
    if owner is None and deadline is None:
        raise BulkError("Choose a new owner, a new deadline, or both.")
    rows = _lock(
        Action.objects.select_related("finding__document__authority", "owner"),
        user=user,
        ids=ids,
        expected=expected,
        via="finding__document__authority",
        doing="edit or reassign actions",
        noun="action",
    )
    changes = {}
    if owner is not None:
        changes["owner"] = owner
    if deadline is not None:
        changes["deadline"] = deadline
    reassigned = sum(1 for a in rows if owner is not None and a.owner_id != owner.pk)
    redated = sum(1 for a in rows if deadline is not None and a.deadline != deadline)
    _each(
        rows,
        label=lambda a: f"{a.finding.reference}: {a.title}",
        change=lambda a: services.action_update(
            action=a, user=user, expected_version=a.version, deadline_reason=reason, **changes
        ),
        noun="action",
    )
    done = []
    if owner is not None:
        done.append(f"{_plural(reassigned, 'action')} given to {person_name(owner)}")
    if deadline is not None:
        done.append(f"{_plural(redated, 'action')} moved to {govuk_date(deadline)}")
    unchanged = len(rows) - max(reassigned, redated)
    already = f" ({unchanged} already as chosen)" if unchanged else ""
    return BulkResult(
        len(rows), f"{_plural(len(rows), 'action')} updated: {'; '.join(done)}{already}.", rows
    )
