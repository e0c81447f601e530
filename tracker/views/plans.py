"""Pages of the plan import: upload → check the columns → decide and confirm.

The upload is kept in private media under a random token between the steps;
the sheet, header row and columns travel in the query string, so every step is
an ordinary link or form and works without JavaScript. Nothing is saved until
the last step's button, and then all of it or none.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from inspections.models import LocalAuthority
from tracker import permissions, scope
from tracker.plans import pending
from tracker.plans.columns import FIELD_NAMES
from tracker.plans.forms import DecisionsForm, PlanColumnsForm, PlanUploadForm
from tracker.plans.service import PlanImportError, plan_import, plan_preview


def _require_manager(request) -> None:
    if not permissions.can_manage(request.user):
        raise PermissionDenied


def _pending(request, token: str) -> pending.PendingPlan:
    """The user's own kept upload (404 for anyone else's), for a manager (403 otherwise)."""
    kept = pending.load(token, user_id=request.user.pk)
    if kept is None:
        raise Http404("This upload has expired or is not yours; upload the plan again.")
    _require_manager(request)
    return kept


def _authority(request, kept: pending.PendingPlan) -> LocalAuthority:
    authorities = scope.visible(LocalAuthority.objects.all(), request.user, via="pk")
    try:
        return authorities.get(pk=kept.authority_id)
    except LocalAuthority.DoesNotExist as exc:
        raise Http404("Not found, or not in your authorities.") from exc


@login_required
@require_http_methods(["GET", "POST"])
def plan_import_start(request):
    _require_manager(request)
    authorities = scope.visible(LocalAuthority.objects.order_by("name"), request.user, via="pk")
    form = PlanUploadForm(request.POST or None, request.FILES or None, authorities=authorities)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        token = pending.keep(
            data=upload.read(),
            filename=upload.name.rsplit("/", 1)[-1][:200],
            authority_id=form.cleaned_data["authority"].pk,
            user_id=request.user.pk,
        )
        return redirect("tracker:plan-import-columns", token)
    if authorities.count() == 1 and not form.is_bound:
        form.initial["authority"] = authorities.first()
    status = 400 if form.errors else 200
    return render(request, "tracker/plans/upload.html", {"form": form}, status=status)


def _preview(request, kept, authority):
    """The preview for the sheet, header row and columns in the query string (guessed
    where absent), with the columns form showing them; or the error that stops it."""
    query = request.GET
    header_row = query.get("header_row", "").strip()
    chosen = {
        name: int(query[f"col_{name}"])
        for name in FIELD_NAMES
        if query.get(f"col_{name}", "").isdigit()
    }
    try:
        if header_row and not header_row.isdigit():
            raise PlanImportError("Enter the row number, such as 3.", field="header_row")
        preview = plan_preview(
            data=kept.data,
            filename=kept.filename,
            authority=authority,
            user=request.user,
            sheet=query.get("sheet") or None,
            header_row=int(header_row) if header_row else None,
            columns=chosen if any(f"col_{n}" in query for n in FIELD_NAMES) else None,
        )
    except PlanImportError as exc:
        return None, exc, None
    form = PlanColumnsForm(
        {
            "sheet": preview.sheet,
            "header_row": preview.header_row,
            **{f"col_{k}": str(v) for k, v in preview.columns.items()},
        },
        sheets=preview.sheets,
        headers=preview.headers,
    )
    form.is_valid()
    if preview.column_problem:
        form.add_error(None, preview.column_problem)
    return preview, None, form


def _query(preview) -> str:
    return urlencode(
        {
            "sheet": preview.sheet,
            "header_row": preview.header_row,
            **{f"col_{k}": v for k, v in preview.columns.items()},
        }
    )


@login_required
@require_GET
def plan_import_columns(request, token: str):
    kept = _pending(request, token)
    authority = _authority(request, kept)
    preview, error, form = _preview(request, kept, authority)
    context = {"kept": kept, "authority": authority, "preview": preview, "form": form}
    if error is not None:
        context["error"] = error.message
        return render(request, "tracker/plans/columns.html", context, status=400)
    context["review_url"] = (
        reverse("tracker:plan-import-review", args=[token]) + "?" + _query(preview)
    )
    status = 400 if form.errors else 200
    return render(request, "tracker/plans/columns.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def plan_import_review(request, token: str):
    kept = _pending(request, token)
    authority = _authority(request, kept)
    preview, error, columns_form = _preview(request, kept, authority)
    if error is not None or preview.column_problem:
        return redirect(
            reverse("tracker:plan-import-columns", args=[token]) + "?" + request.GET.urlencode()
        )
    form = DecisionsForm(request.POST if request.method == "POST" else None, preview=preview)
    if request.method == "POST" and form.is_valid():
        try:
            result = plan_import(preview=preview, user=request.user, decisions=form.decisions())
        except PlanImportError as exc:
            form.add_error(None, exc.message)
        else:
            pending.discard(token)
            messages.success(request, result.message)
            if result.left_out:
                rows = ", ".join(str(n) for n, _ in result.left_out)
                messages.warning(
                    request,
                    f"Left out because their finding is not in the product yet: rows {rows}.",
                )
            return redirect("tracker:plan-import-start")
    status = 400 if form.errors else 200
    return render(
        request,
        "tracker/plans/review.html",
        {
            "kept": kept,
            "authority": authority,
            "preview": preview,
            "form": form,
            "columns_url": reverse("tracker:plan-import-columns", args=[token])
            + "?"
            + _query(preview),
        },
        status=status,
    )
