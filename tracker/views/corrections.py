"""Correcting the record: withdraw evidence, cancel or supersede an action, edit or retract a
progress update, confirm with new wording, reject with a reason and restore a suggestion."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from tracker import permissions, selectors, services
from tracker.corrections import selectors as correction_selectors
from tracker.corrections import services as corrections
from tracker.corrections.forms import (
    ActionCloseForm,
    EvidenceWithdrawForm,
    ProgressUpdateEditForm,
)
from tracker.statuses import Closure
from tracker.views.common import can_manage_any, form_error, object_for_user


def _errors_status(form) -> int:
    return 400 if form.errors else 200


def _posted(request):
    """The form's data when posted, even empty (refused with its errors, unlike a GET)."""
    return request.POST if request.method == "POST" else None


@login_required
@require_http_methods(["GET", "POST"])
def evidence_withdraw(request, pk: int):
    evidence = object_for_user(
        request, selectors.evidence_for_download, pk, allowed=permissions.can_withdraw_evidence
    )
    form = EvidenceWithdrawForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            corrections.evidence_withdraw(
                evidence=evidence, user=request.user, reason=form.cleaned_data["reason"]
            )
        except services.TrackerError as exc:
            form_error(form, exc)
        else:
            messages.success(request, f"“{evidence.label}” withdrawn.")
            return redirect(
                reverse("tracker:action-detail", args=[evidence.action_id]) + "#evidence"
            )
    return render(
        request,
        "tracker/evidence_withdraw.html",
        {"form": form, "evidence": evidence, "action": evidence.action},
        status=_errors_status(form),
    )


@login_required
@require_http_methods(["GET", "POST"])
def action_close(request, pk: int):
    action = object_for_user(request, selectors.action_detail, pk, allowed=can_manage_any)
    form = ActionCloseForm(
        _posted(request),
        replacements=correction_selectors.replacement_choices(action=action),
        initial={"version": action.version},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        common = {
            "action": action,
            "user": request.user,
            "reason": data["reason"],
            "expected_version": data["version"],
        }
        try:
            if data["closure"] == Closure.SUPERSEDED:
                corrections.action_supersede(replacement=data["replacement"], **common)
            else:
                corrections.action_cancel(**common)
        except services.TrackerError as exc:
            form_error(form, exc)
        else:
            word = "superseded" if data["closure"] == Closure.SUPERSEDED else "cancelled"
            messages.success(request, f"Action {word}. It no longer counts in the RAG ratings.")
            return redirect("tracker:action-detail", pk=pk)
    return render(
        request,
        "tracker/action_close.html",
        {"form": form, "action": action, "finding": action.finding},
        status=_errors_status(form),
    )


def _own_update(request, pk: int):
    return object_for_user(
        request,
        correction_selectors.progress_update_for_user,
        pk,
        allowed=lambda user, update: update.author_id == user.pk,
    )


@login_required
@require_http_methods(["GET", "POST"])
def progress_update_edit(request, pk: int):
    update = _own_update(request, pk)
    form = ProgressUpdateEditForm(_posted(request), initial={"text": update.text})
    if request.method == "POST" and form.is_valid():
        try:
            corrections.progress_update_edit(
                update=update, user=request.user, text=form.cleaned_data["text"]
            )
        except services.TrackerError as exc:
            form_error(form, exc)
        else:
            messages.success(request, "Progress update corrected.")
            return redirect(reverse("tracker:action-detail", args=[update.action_id]) + "#updates")
    return render(
        request,
        "tracker/progress_update_edit.html",
        {"form": form, "update": update, "action": update.action},
        status=_errors_status(form),
    )


@login_required
@require_POST
def progress_update_retract(request, pk: int):
    update = _own_update(request, pk)
    try:
        corrections.progress_update_retract(update=update, user=request.user)
    except services.TrackerError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, "Progress update retracted.")
    return redirect(reverse("tracker:action-detail", args=[update.action_id]) + "#updates")


@login_required
@require_POST
def finding_restore(request, pk: int):
    finding = object_for_user(request, selectors.finding_detail, pk, allowed=can_manage_any)
    try:
        corrections.finding_restore(finding=finding, user=request.user)
    except services.TrackerError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, "Suggestion restored: confirm or reject it again.")
    return redirect("tracker:finding-detail", pk=pk)
