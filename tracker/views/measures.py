"""Pages for measures of impact: list, add to a finding, a measure's page, CSV upload."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from inspections.models import Finding
from tracker import permissions, scope
from tracker.measures import selectors, services
from tracker.measures.forms import MeasureForm, UploadForm, ValueForm
from tracker.measures.models import Measure


def _finding_for(request, pk: int) -> Finding:
    findings = scope.visible(
        Finding.objects.select_related("document__authority"),
        request.user,
        via="document__authority",
    )
    try:
        return findings.defer("document__text").get(pk=pk)
    except Finding.DoesNotExist as exc:
        raise Http404("Not found, or not in your authorities.") from exc


def _add_error(form, exc: services.MeasureError) -> None:
    form.add_error(exc.field if exc.field in form.fields else None, exc.message)


@login_required
def measure_list(request):
    return render(
        request,
        "tracker/measures/measure_list.html",
        {
            "reports": selectors.measure_list(user=request.user),
            "can_record": permissions.can_own_actions(request.user),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def measure_create(request, pk: int):
    finding = _finding_for(request, pk)
    if not permissions.can_manage(request.user):
        raise PermissionDenied
    form = MeasureForm(request.POST or None, finding=finding)
    if request.method == "POST" and form.is_valid():
        try:
            measure = services.measure_create(
                finding=finding, user=request.user, **form.cleaned_data
            )
        except services.MeasureError as exc:
            _add_error(form, exc)
        else:
            messages.success(request, f"Measure added: {measure.name}.")
            return redirect("tracker:measure-detail", measure.pk)
    status = 400 if form.errors else 200
    return render(
        request,
        "tracker/measures/measure_form.html",
        {"form": form, "finding": finding},
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def measure_detail(request, pk: int):
    try:
        report = selectors.measure_detail(user=request.user, pk=pk)
    except Measure.DoesNotExist as exc:
        raise Http404("Not found, or not in your authorities.") from exc
    can_record = permissions.can_own_actions(request.user)
    form = ValueForm(request.POST or None) if can_record else None
    if request.method == "POST":
        if form is None:
            raise PermissionDenied
        if form.is_valid():
            try:
                services.measure_value_set(
                    measure=report.measure, user=request.user, **form.cleaned_data
                )
            except services.MeasureError as exc:
                _add_error(form, exc)
            else:
                month = form.cleaned_data["month"]
                messages.success(request, f"Value for {month:%B %Y} saved.")
                return redirect("tracker:measure-detail", pk)
    status = 400 if form is not None and form.errors else 200
    return render(
        request,
        "tracker/measures/measure_detail.html",
        {"report": report, "form": form},
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def measure_upload(request):
    if not permissions.can_own_actions(request.user):
        raise PermissionDenied
    form = UploadForm(request.POST or None, request.FILES or None)
    problems: list[str] = []
    if request.method == "POST" and form.is_valid():
        try:
            result = services.measure_values_upload(
                user=request.user, data=form.cleaned_data["file"].read()
            )
        except services.MeasureError as exc:
            _add_error(form, exc)
            problems = exc.problems
        else:
            messages.success(request, f"Values uploaded: {result.message}")
            return redirect("tracker:measure-list")
    status = 400 if form.errors else 200
    return render(
        request,
        "tracker/measures/measure_upload.html",
        {"form": form, "problems": problems},
        status=status,
    )
