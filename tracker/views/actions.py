"""The dashboard, the list of actions and one action's page, with its forms."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from tracker import permissions, selectors, services
from tracker.attention.selectors import needs_attention
from tracker.boards.selectors import redated_since_last_board
from tracker.bulk.columns import select_columns
from tracker.corrections.services import update_correction_problem
from tracker.filters import ActionFilter
from tracker.forms import (
    EVIDENCE_FORMS,
    ActionForm,
    AtRiskForm,
    EvidenceReviewForm,
    ProgressUpdateForm,
    StatusForm,
)
from tracker.models import EvidenceKind
from tracker.statuses import ReviewState
from tracker.views.bulk import ACTIONS, controls
from tracker.views.common import (
    action_table,
    can_manage_any,
    form_error,
    object_for_user,
)


@login_required
def dashboard(request):
    data = selectors.dashboard(user=request.user)
    return render(
        request,
        "tracker/dashboard.html",
        {
            "dashboard": data,
            "attention": needs_attention(user=request.user),
            "can_own": permissions.can_own_actions(request.user),
            "gaps": selectors.self_assessment_gaps(user=request.user),
            "redated": redated_since_last_board(user=request.user, today=timezone.localdate()),
        },
    )


@login_required
def action_list(request):
    filterset = ActionFilter(
        request.GET, queryset=selectors.action_list(user=request.user), request=request
    )
    bulk = controls(request, "tracker:bulk-actions", ACTIONS)
    columns = select_columns(bulk is not None, lambda a: f"{a.finding.reference}: {a.title}")
    return render(
        request,
        "tracker/action_list.html",
        {"filter": filterset, "table": action_table(request, filterset, **columns), "bulk": bulk},
    )


@login_required
@require_http_methods(["GET", "POST"])
def action_create(request, pk: int):
    finding = object_for_user(request, selectors.finding_detail, pk, allowed=can_manage_any)
    owners = selectors.assignable_owners(authority_id=finding.document.authority_id)
    form = ActionForm(request.POST or None, owners=owners)
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "version"}
        try:
            action = services.action_create(finding=finding, user=request.user, **data)
        except services.TrackerError as exc:
            form_error(form, exc)
        else:
            messages.success(request, f"Action “{action.title}” added.")
            return redirect("tracker:action-detail", pk=action.pk)
    status = 400 if form.errors else 200
    return render(
        request, "tracker/action_form.html", {"form": form, "finding": finding}, status=status
    )


@login_required
@require_http_methods(["GET", "POST"])
def action_edit(request, pk: int):
    action = object_for_user(request, selectors.action_detail, pk, allowed=can_manage_any)
    owners = selectors.assignable_owners(authority_id=action.finding.document.authority_id)
    form = ActionForm(request.POST or None, owners=owners, initial=ActionForm.initial_for(action))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data.copy()
        version = data.pop("version")
        try:
            services.action_update(
                action=action, user=request.user, expected_version=version, **data
            )
        except services.TrackerError as exc:
            form_error(form, exc)
        else:
            messages.success(request, "Action saved.")
            return redirect("tracker:action-detail", pk=action.pk)
    status = 400 if form.errors else 200
    return render(
        request,
        "tracker/action_form.html",
        {"form": form, "finding": action.finding, "action": action},
        status=status,
    )


def _action_page(request, action, status: int = 200, **forms):
    user = request.user
    can_edit = permissions.can_edit_action(user, action)
    by_manager = permissions.can_manage(user)
    page = selectors.action_page(action=action)
    for update in page.updates:
        update.correctable = not update_correction_problem(update, user)
    for evidence in page.evidence:
        evidence.withdrawable = evidence.review_state != ReviewState.WITHDRAWN and (
            permissions.can_withdraw_evidence(user, evidence)
        )
    context = {
        "action": action,
        "finding": action.finding,
        "can_edit": can_edit,
        "can_manage": by_manager,
        "history": page.history,
        "evidence_list": page.evidence,
        "updates": page.updates,
    }
    if can_edit:
        versioned = {"version": action.version}
        risk_form = forms.get("risk_form") or AtRiskForm(
            initial={**versioned, "at_risk": "0" if action.at_risk else "1"}, prefix="risk"
        )
        risk_form.fields["reason"].label = (
            "Note on clearing it (optional)" if action.at_risk else "Why is it at risk?"
        )
        context.update(
            status_form=StatusForm(action=action, by_manager=by_manager, initial=versioned),
            risk_form=risk_form,
            update_form=ProgressUpdateForm(prefix="update"),
            file_form=EVIDENCE_FORMS[EvidenceKind.FILE](prefix="file"),
            link_form=EVIDENCE_FORMS[EvidenceKind.LINK](prefix="link"),
            note_form=EVIDENCE_FORMS[EvidenceKind.NOTE](prefix="note"),
        )
    if by_manager:
        bound_review = forms.get("review_form")
        for evidence in page.evidence:
            if evidence.review_state == ReviewState.WITHDRAWN:
                continue
            prefix = f"review-{evidence.pk}"
            evidence.review_form = (
                bound_review
                if bound_review is not None and bound_review.prefix == prefix
                else EvidenceReviewForm(prefix=prefix)
            )
    for form in forms.values():
        if form.is_bound and "version" in form.fields:
            # The page shows the action as it is now, so a resubmission is
            # about the current version, not the one that went stale.
            form.data = form.data.copy()
            form.data[form.add_prefix("version")] = action.version
    context.update(forms)
    context["bound_forms"] = [f for f in forms.values() if f.errors]
    return render(request, "tracker/action_detail.html", context, status=status)


@login_required
def action_detail(request, pk: int):
    action = object_for_user(request, selectors.action_detail, pk)
    return _action_page(request, action)


def _editable_action(request, pk: int):
    return object_for_user(
        request, selectors.action_detail, pk, allowed=permissions.can_edit_action
    )


@login_required
@require_POST
def action_update_status(request, pk: int):
    action = _editable_action(request, pk)
    form = StatusForm(request.POST, action=action, by_manager=permissions.can_manage(request.user))
    if form.is_valid():
        try:
            updated = services.action_transition(
                action=action,
                user=request.user,
                new_status=form.cleaned_data["status"],
                expected_version=form.cleaned_data["version"],
                update_text=form.cleaned_data["update_text"],
                override_reason=form.cleaned_data["override_reason"],
            )
        except services.TrackerError as exc:
            form_error(form, exc)
        else:
            messages.success(request, f"Status changed to {updated.get_status_display().lower()}.")
            return redirect("tracker:action-detail", pk=pk)
    form.offer_moves(action=action, by_manager=permissions.can_manage(request.user))
    return _action_page(request, action, status=400, status_form=form)


@login_required
@require_POST
def action_update_risk(request, pk: int):
    action = _editable_action(request, pk)
    form = AtRiskForm(request.POST, prefix="risk")
    if form.is_valid():
        try:
            services.action_set_at_risk(
                action=action,
                user=request.user,
                at_risk=form.cleaned_data["at_risk"],
                reason=form.cleaned_data["reason"],
                expected_version=form.cleaned_data["version"],
            )
        except services.TrackerError as exc:
            form_error(form, exc)
        else:
            raised = form.cleaned_data["at_risk"]
            messages.success(
                request, "Action flagged as at risk." if raised else "At-risk flag cleared."
            )
            return redirect("tracker:action-detail", pk=pk)
    return _action_page(request, action, status=400, risk_form=form)


@login_required
@require_POST
def action_add_update(request, pk: int):
    action = _editable_action(request, pk)
    form = ProgressUpdateForm(request.POST, prefix="update")
    if form.is_valid():
        try:
            services.progress_update_add(
                action=action, user=request.user, text=form.cleaned_data["text"]
            )
        except services.TrackerError as exc:
            form_error(form, exc)
        else:
            messages.success(request, "Progress update added.")
            return redirect("tracker:action-detail", pk=pk)
    return _action_page(request, action, status=400, update_form=form)


@login_required
@require_POST
def evidence_add(request, pk: int, kind: str):
    action = _editable_action(request, pk)
    if kind not in EVIDENCE_FORMS:
        raise Http404
    form = EVIDENCE_FORMS[kind](request.POST, request.FILES, prefix=kind)
    if form.is_valid():
        try:
            services.evidence_add(action=action, user=request.user, kind=kind, **form.cleaned_data)
        except services.TrackerError as exc:
            form_error(form, exc)
        else:
            messages.success(request, "Evidence added.")
            return redirect(reverse("tracker:action-detail", args=[pk]) + "#evidence")
    return _action_page(request, action, status=400, **{f"{kind}_form": form})


@login_required
@require_POST
def evidence_review(request, pk: int):
    evidence = object_for_user(request, selectors.evidence_for_download, pk, allowed=can_manage_any)
    form = EvidenceReviewForm(request.POST, prefix=f"review-{evidence.pk}")
    if form.is_valid():
        try:
            services.evidence_review(evidence=evidence, user=request.user, **form.cleaned_data)
        except services.TrackerError as exc:
            form_error(form, exc, {"review_comment": "comment"})
        else:
            messages.success(request, "Evidence review saved.")
            return redirect(
                reverse("tracker:action-detail", args=[evidence.action_id]) + "#evidence"
            )
    action = selectors.action_detail(user=request.user, pk=evidence.action_id)
    return _action_page(request, action, status=400, review_form=form)


@login_required
def evidence_download(request, pk: int):
    evidence = object_for_user(request, selectors.evidence_for_download, pk)
    if evidence.kind != EvidenceKind.FILE or not evidence.file:
        raise Http404("This evidence has no file.")
    try:
        handle = evidence.file.open("rb")
    except FileNotFoundError as exc:
        raise Http404("The file is missing from the evidence store.") from exc
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=evidence.original_name,
        content_type=evidence.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "private, no-store"
    return response
