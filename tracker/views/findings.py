"""Inspection documents and findings: lists, pages, and confirming or rejecting a finding."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.template.defaultfilters import pluralize
from django.views.decorators.http import require_POST
from django_tables2 import RequestConfig

from inspections.models import FindingState
from tracker import permissions, selectors, services
from tracker.areas.forms import FindingAreaForm
from tracker.areas.selectors import finding_area_choices
from tracker.areas.services import set_judgement_area
from tracker.bulk.columns import select_columns
from tracker.corrections.forms import FindingConfirmForm, FindingRejectForm
from tracker.filters import FindingFilter
from tracker.tables import FindingTable
from tracker.views.bulk import FINDINGS, controls
from tracker.views.common import (
    PER_PAGE,
    can_manage_any,
    form_error,
    object_for_user,
)


@login_required
def finding_list(request):
    filterset = FindingFilter(
        request.GET, queryset=selectors.finding_list(user=request.user), request=request
    )
    bulk = controls(request, "tracker:bulk-findings", FINDINGS)
    table = FindingTable(filterset.qs, **select_columns(bulk is not None, lambda f: f.reference))
    RequestConfig(request, paginate={"per_page": PER_PAGE}).configure(table)
    return render(
        request,
        "tracker/finding_list.html",
        {"filter": filterset, "table": table, "bulk": bulk},
    )


@login_required
def document_list(request):
    documents = selectors.document_list(user=request.user)
    return render(request, "tracker/document_list.html", {"documents": documents})


@login_required
def document_detail(request, pk: int):
    page = object_for_user(request, selectors.document_detail, pk)
    return render(
        request,
        "tracker/document_detail.html",
        {
            "page": page,
            "document": page.document,
            "can_manage": permissions.can_manage(request.user),
        },
    )


@login_required
def finding_detail(request, pk: int):
    finding = object_for_user(request, selectors.finding_detail, pk)
    return _finding_page(request, finding)


def _finding_page(request, finding, *, area_form=None, status=200):
    can_manage = permissions.can_manage(request.user)
    if can_manage and area_form is None:
        areas = finding_area_choices(finding=finding)
        area = getattr(finding, "area", None)
        area_form = (
            None
            if areas.query.is_empty()
            else FindingAreaForm(
                areas=areas, initial={"judgement_area": area.judgement_area_id if area else None}
            )
        )
    return render(
        request,
        "tracker/finding_detail.html",
        {
            "finding": finding,
            "can_manage": can_manage,
            "area_form": area_form,
            "timeline": selectors.finding_timeline(finding=finding),
            "confirm_form": FindingConfirmForm(initial={"wording": finding.text}),
            "reject_form": FindingRejectForm(),
        },
        status=status,
    )


@login_required
@require_POST
def finding_set_area(request, pk: int):
    """A manager confirms the suggested judgement area, or chooses another of its era."""
    finding = object_for_user(request, selectors.finding_detail, pk, allowed=can_manage_any)
    form = FindingAreaForm(request.POST, areas=finding_area_choices(finding=finding))
    if form.is_valid():
        area = form.cleaned_data["judgement_area"]
        try:
            set_judgement_area(findings=[finding], area=area, user=request.user)
        except services.TrackerError as exc:
            form_error(form, exc)
        else:
            messages.success(request, f"Judgement area confirmed: {area.name}.")
            return redirect("tracker:finding-detail", pk=finding.pk)
    return _finding_page(request, finding, area_form=form, status=400)


@login_required
@require_POST
def finding_decide(request, pk: int, decision: str):
    finding = object_for_user(request, selectors.finding_detail, pk, allowed=can_manage_any)
    try:
        if decision == "confirm":
            form = FindingConfirmForm(request.POST)
            form.is_valid()
            finding = services.finding_confirm(
                finding=finding, user=request.user, wording=form.cleaned_data.get("wording", "")
            )
        else:
            # The service asks for the reason; an empty one is refused with its message.
            finding = services.finding_reject(
                finding=finding, user=request.user, reason=request.POST.get("reason", "")
            )
    except services.TrackerError as exc:
        messages.error(request, exc.message)
    else:
        if finding.state == FindingState.CONFIRMED:
            suggested = selectors.pending_followup_count(finding=finding)
            later = (
                f" Later visits were searched for what they say about it: {suggested} "
                f"suggestion{pluralize(suggested)} to review below."
                if suggested
                else ""
            )
            messages.success(request, f"Finding confirmed: you can now add actions to it.{later}")
        else:
            messages.success(request, "Finding rejected.")
    return redirect("tracker:finding-detail", pk=finding.pk)
