"""The board pack workbook: the sheets in order, from the rows ``queries`` reads."""

from __future__ import annotations

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
from tracker.measures.sheet import add_measures_sheet
from tracker.models import Action


@dataclass(frozen=True)
class BoardPack:
    """What was written, for messages and logs."""

    title: str
    filename: str
    action_count: int
    finding_count: int
    overdue_count: int
    has_across_visits: bool


def board_pack_filename(*, authority: LocalAuthority | None, today: date) -> str:
    name = slugify(authority.name) if authority is not None else "selection"
    return f"board-pack-{name or 'authority'}-{today:%Y-%m-%d}.xlsx"


def write_board_pack(
    target,
    *,
    user,
    actions: QuerySet[Action] | None = None,
    authority: LocalAuthority | None = None,
    produced_by: str = "",
    note: str = "",
    today: date | None = None,
) -> BoardPack:
    """Write the board pack workbook to ``target`` (a path or a binary file opened for writing).

    - ``user``: whose scope applies; only what they may see is written.
      ``None`` is a command-line caller, who sees every authority.
    - ``actions``: a selection of actions, e.g. the actions list's
      ``ActionFilter(...).qs``; the pack then holds exactly those rows (within
      the user's scope). ``None`` means every action in scope.
    - ``authority``: limit to one authority; ``PermissionDenied`` if the user
      may not see it.
    - ``produced_by``: the name shown as producer (default: the user's name);
      ``note``: a line describing the selection, e.g. the filters applied.
    """
    today = today or timezone.localdate()
    if authority is not None and not scope.can_see_authority(user, authority.pk):
        raise PermissionDenied("You do not have access to this authority.")
    produced_by = produced_by or selectors.person_name(user) or "Scheduled export"
    selection = actions is not None
    scoped = queries.scoped_actions(user=user, actions=actions, authority=authority)
    rows = queries.pack_actions(user=user, actions=actions, authority=authority, today=today)
    areas = queries.area_counts(scoped, today)
    documents = queries.pack_documents(scoped, user=user, authority=authority, selection=selection)
    authorities = (
        [authority.name] if authority is not None else sorted({d.authority.name for d in documents})
    )
    place = ", ".join(authorities) or "No authority"
    title = f"Improvement plan board pack – {place}"

    wb = Workbook(write_only=True)
    wb.properties.title = title
    wb.properties.subject = "Improvement actions on Ofsted findings"
    wb.properties.creator = produced_by
    wb.properties.lastModifiedBy = produced_by
    wb.properties.keywords = "Ofsted; improvement plan; board pack"
    summary = wb.create_sheet("Summary")
    plan = wb.create_sheet("Action plan")
    single = authority or (documents[0].authority if len(authorities) == 1 else None)
    visits = (
        queries.across_visits(authority=single, actions=scoped if selection else None)
        if single is not None
        else None
    )
    visits_ws = wb.create_sheet("Across visits") if visits is not None else None
    findings_ws = wb.create_sheet("Findings")

    sheets.write_summary(
        summary,
        place=place,
        produced_by=produced_by,
        note=note or ("Selected actions" if selection else "All actions"),
        documents=documents,
        areas=areas,
        overdue=rows.overdue(today).order_by("deadline", "pk"),
        today=today,
    )
    sheets.write_action_plan(plan, rows, place=place, today=today)
    if visits is not None:
        sheets.write_across_visits(visits_ws, visits, place=place, today=today)
    finding_count = sheets.write_findings(
        findings_ws,
        queries.pack_findings(
            user=user, actions=scoped, authority=authority, selection=selection, today=today
        ),
        place=place,
        today=today,
    )
    add_measures_sheet(
        wb, user=user, actions=scoped if selection else None, authority=authority, today=today
    )
    wb.save(target)
    return BoardPack(
        title=title,
        filename=board_pack_filename(authority=authority, today=today),
        action_count=sum(a.total for a in areas),
        finding_count=finding_count,
        overdue_count=sum(a.overdue for a in areas),
        has_across_visits=visits is not None,
    )
