"""The board pack workbook: the sheets in order, from the rows ``queries`` reads."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.text import slugify
from openpyxl import Workbook

from inspections.models import LocalAuthority
from tracker import scope, selectors
from tracker.board_pack import queries, sheets
from tracker.board_pack import since as since_sheet
from tracker.boards import selectors as board_selectors
from tracker.measures.sheet import add_measures_sheet
from tracker.models import Action
from tracker.statuses import overdue_condition


@dataclass(frozen=True)
class BoardPack:
    """What was written, for messages and logs."""

    title: str
    filename: str
    action_count: int
    finding_count: int
    overdue_count: int
    has_across_visits: bool


def board_pack_filename(
    *,
    authority: LocalAuthority | None = None,
    authorities: Sequence[LocalAuthority] | None = None,
    today: date,
    selection: bool = False,
    since: date | None = None,
) -> str:
    """A name that says what the file holds: whose plan (or a selection) and as at when.

    ``board-pack-south-gloucestershire-as-at-2026-12-01.xlsx``; several
    authorities are named up to three, then counted; a pack with the changes
    since the last board says since when.
    """
    if authority is not None:
        authorities = [authority]
    names = sorted(a.name for a in authorities or ())
    if selection:
        place = "selection"
    elif not names:
        place = "no-authority"
    elif len(names) <= 3:
        place = "-".join(slugify(name) or "authority" for name in names)
    else:
        place = f"{len(names)}-authorities"
    since_part = f"-since-{since:%Y-%m-%d}" if since is not None else ""
    return f"board-pack-{place}-as-at-{today:%Y-%m-%d}{since_part}.xlsx"


def _redated(since, *, user, scoped: QuerySet, today: date):
    """The Summary's count of actions re-dated since the last board: the *Since the last
    board* sheet's, when the pack has one; otherwise since each authority's last board."""
    if since is None:
        return board_selectors.redated_since_last_board(user=user, actions=scoped, today=today)
    if since.previous is None:
        return None
    return board_selectors.RedatedSinceBoard(
        count=len(since.redated), since=since.since, authorities=len(since.authorities)
    )


def write_board_pack(
    target,
    *,
    user,
    actions: QuerySet[Action] | None = None,
    authority: LocalAuthority | None = None,
    authorities: Sequence[LocalAuthority] | None = None,
    produced_by: str = "",
    note: str = "",
    today: date | None = None,
    as_at: date | None = None,
    since=None,
) -> BoardPack:
    """Write the board pack workbook to ``target`` (a path or a binary file opened for writing).

    - ``user``: whose scope applies; only what they may see is written.
      ``None`` is a command-line caller, who sees every authority.
    - ``actions``: a selection of actions, e.g. the actions list's
      ``ActionFilter(...).qs``; the pack then holds exactly those rows (within
      the user's scope). ``None`` means every action in scope.
    - ``authority`` or ``authorities``: limit to one authority or a group (a
      board of several); ``PermissionDenied`` if the user may not see them all.
    - ``as_at``: a past day: the actions as they stood at its end, from their
      history (Summary, Action plan); RAG and days overdue are of that day.
    - ``since``: a ``tracker.boards.selectors.SinceLastBoard``, written as the
      *Since the last board* sheet.
    - ``produced_by``: the name shown as producer (default: the user's name);
      ``note``: a line describing the selection, e.g. the filters applied.
    """
    today = as_at or today or timezone.localdate()
    if authority is not None:
        authorities = [authority]
    if authorities is not None and not all(
        scope.can_see_authority(user, a.pk) for a in authorities
    ):
        raise PermissionDenied("You do not have access to this authority.")
    produced_by = produced_by or selectors.person_name(user) or "Scheduled export"
    selection = actions is not None
    scoped = queries.scoped_actions(
        user=user, actions=actions, authorities=authorities, as_at=as_at
    )
    rows = queries.pack_actions(
        user=user, actions=actions, authorities=authorities, today=today, as_at=as_at
    )
    areas = queries.area_counts(scoped, today)
    documents = queries.pack_documents(
        scoped, user=user, authorities=authorities, selection=selection
    )
    in_pack = authorities or list({d.authority.pk: d.authority for d in documents}.values())
    names = sorted(a.name for a in in_pack)
    place = ", ".join(names) or "No authority"
    title = f"Improvement plan board pack – {place}"

    wb = Workbook(write_only=True)
    wb.properties.title = title
    wb.properties.subject = "Improvement actions on Ofsted findings"
    wb.properties.creator = produced_by
    wb.properties.lastModifiedBy = produced_by
    wb.properties.keywords = "Ofsted; improvement plan; board pack"
    summary = wb.create_sheet("Summary")
    since_ws = wb.create_sheet(since_sheet.SINCE_TITLE) if since is not None else None
    plan = wb.create_sheet("Action plan")
    blocks = queries.across_visits_blocks(
        authorities=sorted(in_pack, key=lambda a: a.name), actions=scoped if selection else None
    )
    visits_ws = wb.create_sheet("Across visits") if blocks else None
    findings_ws = wb.create_sheet("Findings")

    sheets.write_summary(
        summary,
        redated=_redated(since, user=user, scoped=scoped, today=today),
        place=place,
        produced_by=produced_by,
        note=note or ("Selected actions" if selection else "All actions"),
        documents=documents,
        areas=areas,
        overdue=rows.filter(overdue_condition(today)).order_by("deadline", "id"),
        today=today,
        as_at=as_at,
    )
    if since is not None:
        since_sheet.write_since(since_ws, since, place=place, today=today)
    sheets.write_action_plan(plan, rows, place=place, today=today)
    if blocks:
        sheets.write_across_visits(visits_ws, blocks, place=place, today=today)
    finding_count = sheets.write_findings(
        findings_ws,
        queries.pack_findings(
            user=user, actions=scoped, authorities=authorities, selection=selection, today=today
        ),
        place=place,
        today=today,
    )
    current = Action.objects.filter(pk__in=scoped.values("id"))
    add_measures_sheet(
        wb,
        user=user,
        actions=current if selection or (authorities and len(authorities) > 1) else None,
        authority=authorities[0] if authorities and len(authorities) == 1 else None,
        today=today,
    )
    wb.save(target)
    return BoardPack(
        title=title,
        filename=board_pack_filename(
            authorities=in_pack,
            today=today,
            selection=selection,
            since=since.previous.held_on if since is not None and since.previous else None,
        ),
        action_count=sum(a.total for a in areas),
        finding_count=finding_count,
        overdue_count=sum(a.overdue for a in areas),
        has_across_visits=bool(blocks),
    )
