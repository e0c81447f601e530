"""Board meetings: the list, record or change one, what changed since the last, its pack."""

from __future__ import annotations

import tempfile

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from tracker import permissions
from tracker.board_pack import download
from tracker.boards import selectors, services
from tracker.boards.forms import MeetingForm
from tracker.services import TrackerError


def _meeting(request, pk: int):
    """The meeting, if the user may see all its authorities (404 otherwise)."""
    return get_object_or_404(selectors.meeting_list(user=request.user), pk=pk)


@login_required
@require_GET
def meeting_list(request):
    return render(
        request,
        "tracker/boards/meeting_list.html",
        {
            "meetings": selectors.meeting_list(user=request.user),
            "can_manage": permissions.can_manage(request.user),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def meeting_create(request):
    return _meeting_form(request, None)


@login_required
@require_http_methods(["GET", "POST"])
def meeting_edit(request, pk: int):
    return _meeting_form(request, _meeting(request, pk))


def _meeting_form(request, meeting):
    if not permissions.can_manage(request.user):
        raise PermissionDenied
    initial = {}
    if meeting is not None:
        initial = {
            "title": meeting.title,
            "held_on": meeting.held_on,
            "authorities": list(meeting.authorities.all()),
        }
    form = MeetingForm(request.POST or None, initial=initial, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            meeting = services.meeting_save(user=request.user, meeting=meeting, **form.cleaned_data)
        except TrackerError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            messages.success(request, f"Board meeting “{meeting.title}” saved.")
            return redirect("tracker:meeting-detail", pk=meeting.pk)
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "tracker/boards/meeting_form.html",
        {"form": form, "meeting": meeting},
        status=status,
    )


@login_required
@require_GET
def meeting_detail(request, pk: int):
    meeting = _meeting(request, pk)
    return render(
        request,
        "tracker/boards/meeting_detail.html",
        {
            "meeting": meeting,
            "since": services.meeting_since(meeting, user=request.user),
            "held": meeting.held_on <= timezone.localdate(),
            "can_manage": permissions.can_manage(request.user),
        },
    )


@login_required
@require_GET
def meeting_pack(request, pk: int):
    """The meeting's pack: kept once the meeting has been held, so it never changes after."""
    meeting = _meeting(request, pk)
    if meeting.held_on <= timezone.localdate():
        meeting = services.meeting_pack_keep(meeting, user=request.user)
        return download(meeting.pack.open("rb"), meeting.pack_filename)
    # Not a with-block: the response closes the file once it has been sent.
    handle = tempfile.TemporaryFile(suffix=".xlsx")  # noqa: SIM115
    try:
        pack = services.meeting_pack_write(handle, meeting, user=request.user)
    except BaseException:
        handle.close()
        raise
    handle.seek(0)
    return download(handle, pack.filename)
