"""The Excel board pack: the improvement plan as a workbook for board papers.

Improvement boards read the plan as a spreadsheet and often print it, so the
workbook is laid out for that: a *Summary* sheet (counts by judgement area, a
chart, the overdue list), the *Action plan* (one row per action), *Across
visits* (what inspectors said at each later visit, beside our own status on
that date; only when follow-ups have been recorded) and *Findings*.

- ``queries``: the rows, read through the pages' own selectors and scoped by
  ``tracker.scope`` (``user=None`` is a command-line caller);
- ``sheets``: one writer per sheet;
- ``xlsx``: a small toolkit for large printable write-only sheets, with the fast
  cell writer;
- ``workbook``: the sheets in order (``write_board_pack``);
- ``response``: the download, for a view (``board_pack_response``).

For a view::

    @login_required
    def actions_board_pack(request):
        actions = ActionFilter(request.GET, queryset=selectors.action_list(user=request.user),
                               request=request).qs
        return board_pack.board_pack_response(user=request.user, actions=actions)
"""

from tracker.board_pack.response import XLSX_CONTENT_TYPE, board_pack_response, download
from tracker.board_pack.workbook import BoardPack, board_pack_filename, write_board_pack

__all__ = [
    "XLSX_CONTENT_TYPE",
    "BoardPack",
    "board_pack_filename",
    "board_pack_response",
    "download",
    "write_board_pack",
]
