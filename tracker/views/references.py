"""Go straight to a finding or action by its reference: /go/SG-2024-01.3 or the "Go to" box."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET

from inspections.models import Finding
from tracker.selectors.references import reference_target


def _go(request, reference: str):
    reference = reference.strip()
    target = reference_target(user=request.user, reference=reference) if reference else None
    if isinstance(target, Finding):
        return redirect("tracker:finding-detail", pk=target.pk)
    if target is not None:
        return redirect("tracker:action-detail", pk=target.pk)
    return render(
        request,
        "tracker/go.html",
        {"reference": reference},
        status=404 if reference else 200,
    )


@login_required
@require_GET
def go(request):
    """The "Go to reference" box's target; without a reference, the box on its own page."""
    return _go(request, request.GET.get("reference", "")[:100])


@login_required
@require_GET
def go_reference(request, reference: str):
    return _go(request, reference[:100])
