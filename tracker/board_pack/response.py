"""The board pack as a download: the one place the package meets HTTP."""

from __future__ import annotations

import tempfile
from datetime import date

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import FileResponse

from inspections.models import LocalAuthority
from tracker.board_pack.workbook import write_board_pack
from tracker.models import Action

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def board_pack_response(
    *,
    user,
    actions: QuerySet[Action] | None = None,
    authority: LocalAuthority | None = None,
    note: str = "",
    today: date | None = None,
) -> FileResponse:
    """The board pack as a download, for a view.

    The workbook is written to a temporary file (on disk, so memory stays flat)
    and streamed from there; the file disappears when the response is closed.
    The arguments are those of ``write_board_pack``; ``user`` must be the
    signed-in user (``PermissionDenied`` otherwise, which Django turns into a
    403). For the dashboard pass ``authority``; for the actions list pass the
    filtered queryset as ``actions``.
    """
    if user is None or not user.is_authenticated:
        raise PermissionDenied("Sign in to download the board pack.")
    # Not a with-block: FileResponse closes the file once it has been sent.
    handle = tempfile.TemporaryFile(suffix=".xlsx")  # noqa: SIM115
    try:
        pack = write_board_pack(
            handle, user=user, actions=actions, authority=authority, note=note, today=today
        )
    except BaseException:
        handle.close()
        raise
    handle.seek(0)
    return download(handle, pack.filename)


def download(handle, filename: str) -> FileResponse:
    """A workbook open for reading, as a private attachment named ``filename``."""
    response = FileResponse(
        handle, as_attachment=True, filename=filename, content_type=XLSX_CONTENT_TYPE
    )
    response["Cache-Control"] = "private, no-store"
    return response
