"""Board packs: the Excel workbook of an authority's plan, or of the actions a list shows."""

from __future__ import annotations

from datetime import date

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from tracker import selectors
from tracker.board_pack import board_pack_response
from tracker.filters import ActionFilter
from tracker.formats import govuk_date
from tracker.views.common import (
    action_table,
    authority_for_user,
)


@login_required
def board_pack(request):
    """The Excel board pack of every authority the user may see, or of one (?authority=slug)."""
    slug = request.GET.get("authority")
    authority = authority_for_user(request, slug) if slug else None
    if authority is None:
        authorities = list(selectors.authority_list(user=request.user)[:2])
        authority = authorities[0] if len(authorities) == 1 else None
    return board_pack_response(user=request.user, authority=authority)


@login_required
def action_list_board_pack(request):
    """The board pack of the actions the list shows with the same filters."""
    filterset = ActionFilter(
        request.GET, queryset=selectors.action_list(user=request.user), request=request
    )
    if not filterset.is_valid():
        return render(
            request,
            "tracker/action_list.html",
            {"filter": filterset, "table": action_table(request, filterset)},
            status=400,
        )
    return board_pack_response(
        user=request.user, actions=filterset.qs, note=_filter_note(filterset)
    )


def _filter_note(filterset) -> str:
    """“Filtered: Status: In progress; RAG rating: Red” for the pack's summary sheet."""
    parts = []
    for name, value in filterset.form.cleaned_data.items():
        if value in (None, "", False) or name not in filterset.form.fields:
            continue
        field = filterset.form.fields[name]
        if value is True:
            shown = "yes"
        elif isinstance(value, date):
            shown = govuk_date(value)
        elif hasattr(value, "get_full_name"):
            shown = selectors.person_name(value)
        elif hasattr(field, "choices") and not hasattr(value, "pk"):
            shown = str(dict(field.choices).get(value, value))
        else:
            shown = str(value)
        parts.append(f"{field.label}: {shown}")
    return "Filtered: " + "; ".join(parts) if parts else "All actions"
