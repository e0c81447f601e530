"""The audit log: a manager reads who changed what (``selectors.audit_entries``)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.views.decorators.http import require_GET

from tracker import permissions, selectors
from tracker.forms import AuditFilterForm
from tracker.selectors.audit import KIND_BY_KEY, KIND_CHOICES


@require_GET
def audit_log(request):
    if not permissions.can_manage(request.user):
        raise PermissionDenied
    kind = request.GET.get("kind", "")
    form = AuditFilterForm(request.GET)
    since = form.cleaned_data["since"] if form.is_valid() else None
    entries, page = selectors.audit_entries(
        user=request.user, kind=kind, since=since, page=request.GET.get("page") or 1
    )
    return render(
        request,
        "tracker/audit_log.html",
        {
            "entries": entries,
            "page": page,
            "kinds": KIND_CHOICES,
            "kind": kind if kind in KIND_BY_KEY else "",
            "form": form,
        },
    )
