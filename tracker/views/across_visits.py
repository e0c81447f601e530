"""Across visits: what inspectors said at later visits, beside our own status then."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render

from tracker import permissions, selectors
from tracker.forms import (
    AcrossVisitsFilterForm,
)
from tracker.views.common import (
    authority_for_user,
)


@login_required
def across_visits_choose(request):
    """The across-visits view of the user's one authority, or a choice between several."""
    authorities = list(selectors.authority_list(user=request.user))
    if len(authorities) == 1:
        return redirect("tracker:across-visits", slug=authorities[0].slug)
    return render(
        request,
        "tracker/across_visits_choose.html",
        {"authorities": authorities, "can_manage": permissions.can_manage(request.user)},
    )


@login_required
def across_visits(request, slug: str):
    authority = authority_for_user(request, slug)
    form = AcrossVisitsFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_bound and form.is_valid() else {}
    data = selectors.across_visits(
        authority=authority,
        judgement_area=filters.get("area", ""),
        verdicts=tuple(filters.get("verdict", ())),
        gaps_only=filters.get("gap", False),
        page=request.GET.get("page") or 1,
    )
    return render(
        request,
        "tracker/across_visits.html",
        {
            "authority": authority,
            "data": data,
            "form": form,
            "can_manage": permissions.can_manage(request.user),
        },
    )
