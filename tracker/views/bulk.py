"""Bulk changes from the lists: choose rows, see what will change, then change them all or none.

The list posts the chosen ids (or "all matching", with the list's filter) here;
the first post shows a confirmation page with the rows and what will happen to
them; its own post makes the change through ``tracker.bulk.services`` and goes
back to the list with a summary.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, QueryDict
from django.shortcuts import redirect, render
from django.template.defaultfilters import pluralize
from django.urls import reverse
from django.views.decorators.http import require_POST

from inspections import selectors as inspection_selectors
from inspections.models import Document, LocalAuthority
from tracker import permissions, selectors
from tracker.areas.selectors import area_choices_for
from tracker.bulk import selectors as bulk_selectors
from tracker.bulk import services as bulk
from tracker.bulk.forms import (
    ActionChangeForm,
    AreaForm,
    NothingMoreForm,
    RejectForm,
    SelectionForm,
)
from tracker.bulk.selection import fingerprint
from tracker.filters import ActionFilter, FindingFilter
from tracker.formats import govuk_date
from tracker.templatetags.tracker_tags import lowerfirst
from tracker.views.common import authority_for_user, require_manager

SHOWN_ROWS = 50  # the confirmation page lists this many rows and counts the rest


@dataclass(frozen=True)
class Operation:
    verb: str  # on the list's button and the confirmation page's, e.g. "Confirm"
    explain: str  # what happens to each row
    service: Callable  # a ``tracker.bulk.services`` function
    # What else it asks for, given the posted data, the person and the chosen rows.
    form: Callable = lambda data, user, rows: NothingMoreForm(data)


@dataclass(frozen=True)
class Kind:
    noun: str
    columns: tuple[str, str, str]
    describe: Callable  # row -> three cells
    operations: dict[str, Operation]


def _finding_cells(finding) -> tuple[str, str, str]:
    return finding.reference, lowerfirst(finding.text)[:120], finding.get_state_display()


def _action_cells(action) -> tuple[str, str, str]:
    owner = selectors.person_name(action.owner) if action.owner else "Nobody yet"
    return f"{action.finding.reference}: {action.title}", owner, govuk_date(action.deadline)


def _followup_cells(followup) -> tuple[str, str, str]:
    return (
        followup.finding.reference,
        str(followup.document),
        followup.get_verdict_display(),
    )


FINDINGS = Kind(
    noun="finding",
    columns=("Reference", "Finding", "State now"),
    describe=_finding_cells,
    operations={
        "confirm": Operation(
            "Confirm",
            "Each becomes a confirmed finding that actions can be added to, and later "
            "visits are searched for what they say about it.",
            bulk.findings_confirm,
        ),
        "reject": Operation(
            "Reject",
            "Each is marked rejected with your reason and leaves the plan.",
            bulk.findings_reject,
            lambda data, user, rows: RejectForm(data),
        ),
        "area": Operation(
            "Set the judgement area of",
            "Each is put in the judgement area you choose, confirmed in your name, as on "
            "each finding's page. The areas offered are those of the frameworks these "
            "findings were inspected under.",
            bulk.findings_set_area,
            lambda data, user, rows: AreaForm(data, areas=area_choices_for(rows)),
        ),
    },
)

ACTIONS = Kind(
    noun="action",
    columns=("Action", "Owner now", "Deadline now"),
    describe=_action_cells,
    operations={
        "change": Operation(
            "Reassign or re-date",
            "Each is given to the new owner, moved to the new deadline, or both. A moved "
            "deadline is counted and kept with your reason, as on each action's page.",
            bulk.actions_update,
            lambda data, user, rows: ActionChangeForm(
                data, owners=selectors.owner_choices(user=user)
            ),
        ),
    },
)

FOLLOWUPS = Kind(
    noun="suggestion",
    columns=("Finding", "Later document", "Suggested verdict"),
    describe=_followup_cells,
    operations={
        "confirm": Operation(
            "Confirm as suggested",
            "Each verdict is recorded as suggested, quoting the paragraphs the suggestion "
            "quotes. Open a suggestion on its own to change its verdict or paragraphs.",
            bulk.followups_confirm,
        ),
    },
)


def _finding_rows(request, ids, query: QueryDict, authority):
    matching = None
    if ids is None:
        listed = selectors.finding_list(user=request.user)
        matching = FindingFilter(query, queryset=listed, request=request).qs
    return bulk_selectors.findings(user=request.user, ids=ids, matching=matching)


def _action_rows(request, ids, query: QueryDict, authority):
    matching = None
    if ids is None:
        listed = selectors.action_list(user=request.user)
        matching = ActionFilter(query, queryset=listed, request=request).qs
    return bulk_selectors.actions(user=request.user, ids=ids, matching=matching)


def _followup_rows(request, ids, query: QueryDict, authority):
    matching = None
    if ids is None:
        document = None
        if query.get("document"):
            try:
                document = Document.objects.get(authority=authority, pk=int(query["document"]))
            except (Document.DoesNotExist, ValueError) as exc:
                raise Http404("No such document for this authority.") from exc
        matching = inspection_selectors.followup_pending_list(
            authority=authority, document=document
        )
    return bulk_selectors.followups(
        user=request.user, authority=authority, ids=ids, matching=matching
    )


def _bulk(request, kind: Kind, rows_of: Callable, back: str, authority=None):
    require_manager(request)
    selection = SelectionForm(request.POST, operations=kind.operations)
    query_text = request.POST.get("query", "")
    back_to = f"{back}?{query_text}" if query_text else back
    if not selection.is_valid():
        problems = [e for errors in selection.errors.values() for e in errors]
        messages.error(request, f"Nothing was changed: {lowerfirst(problems[0])}.")
        return redirect(back_to)
    chosen = selection.cleaned_data
    operation = kind.operations[chosen["operation"]]
    ids = None if chosen["all_matching"] else chosen["selected"]
    rows = rows_of(request, ids, QueryDict(chosen["query"]), authority)
    if ids is not None and len(rows) != len(ids):
        missing = len(ids) - len(rows)
        messages.error(
            request,
            f"{missing} of the {len(ids)} {kind.noun}{pluralize(len(ids))} chosen "
            f"{'is' if missing == 1 else 'are'} not in your authorities or no longer "
            "exist, so nothing was changed.",
        )
        return redirect(back_to)
    if not rows:
        messages.error(request, f"No {kind.noun}s match these filters, so nothing was changed.")
        return redirect(back_to)
    applying = request.POST.get("apply") == "yes"
    form = operation.form(request.POST if applying else None, request.user, rows)
    problem = None
    if applying and form.is_valid():
        try:
            result = operation.service(
                user=request.user,
                ids=ids if ids is not None else [row.pk for row in rows],
                expected=chosen["expected"],
                **form.cleaned_data,
            )
        except bulk.BulkError as exc:
            problem = exc
            if exc.field in form.fields:
                form.add_error(exc.field, exc.message)
        else:
            messages.success(request, result.summary)
            return redirect(back_to)
    return render(
        request,
        "tracker/bulk/confirm.html",
        {
            "kind": kind,
            "operation": operation,
            "operation_key": chosen["operation"],
            "selection": chosen,
            "rows": [kind.describe(row) for row in rows[:SHOWN_ROWS]],
            "count": len(rows),
            "more": max(len(rows) - SHOWN_ROWS, 0),
            "expected": fingerprint(rows),
            "form": form,
            "problem": problem if problem and not problem.field else None,
            "back": back_to,
            "authority": authority,
        },
        status=400 if problem or form.errors else 200,
    )


@login_required
@require_POST
def finding_bulk(request):
    return _bulk(request, FINDINGS, _finding_rows, reverse("tracker:finding-list"))


@login_required
@require_POST
def action_bulk(request):
    return _bulk(request, ACTIONS, _action_rows, reverse("tracker:action-list"))


@login_required
@require_POST
def followup_bulk(request, slug: str):
    authority: LocalAuthority = authority_for_user(request, slug)
    back = reverse("tracker:followup-review-list", args=[authority.slug])
    return _bulk(request, FOLLOWUPS, _followup_rows, back, authority)


def controls(request, name: str, kind: Kind, **url_kwargs) -> dict | None:
    """What a list's bulk form needs; None for people who may not change rows in bulk."""
    if not permissions.can_manage(request.user):
        return None
    return {
        "url": reverse(name, kwargs=url_kwargs),
        "noun": kind.noun,
        "query": request.GET.urlencode(),
        "operations": [(key, op.verb) for key, op in kind.operations.items()],
    }
