"""Statutory action-plan deadlines, counted in working days in England.

Working days exclude weekends and England and Wales bank holidays (Christmas
Day and Good Friday are among them), from the ``holidays`` package. The count
starts the day after the council received the report.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import holidays
from django.conf import settings

from inspections.models import Document, DocumentKind, FindingState, SourceList

# Full inspections always need a written plan; a focused visit only when it
# names areas for priority action.
KINDS_NEEDING_A_PLAN = {DocumentKind.ILACS, DocumentKind.SIF, DocumentKind.JTAI}


def add_working_days(start: date, days: int) -> date:
    bank_holidays = holidays.country_holidays(
        "GB", subdiv="ENG", years=range(start.year, start.year + 2 + days // 200)
    )
    current = start
    counted = 0
    while counted < days:
        current += timedelta(days=1)
        if current.weekday() < 5 and current not in bank_holidays:
            counted += 1
    return current


@dataclass(frozen=True)
class PlanDeadline:
    label: str
    due: date
    working_days: int


@dataclass(frozen=True)
class PlanDeadlines:
    deadlines: tuple[PlanDeadline, ...]
    counted_from: date | None
    note: str


def action_plan_deadlines(document: Document, *, has_priority_actions: bool) -> PlanDeadlines:
    """The dates the draft and written action plans are due, with a note on what they count from."""
    if document.kind not in KINDS_NEEDING_A_PLAN and not has_priority_actions:
        return PlanDeadlines(
            (), None, "This kind of document does not need a statutory action plan."
        )
    if document.received_date:
        start, note = document.received_date, "Counted from the date the report was received."
    elif document.letter_date or document.published_date:
        start = document.letter_date or document.published_date
        which = "letter" if document.letter_date else "publication"
        note = (
            f"The date the report was received is not recorded, so these count from the {which} "
            "date. Record the received date to make them exact."
        )
    else:
        return PlanDeadlines(
            (), None, "Record the date the report was received to see the action-plan deadlines."
        )
    deadlines = []
    if has_priority_actions:
        days = settings.PRIORITY_ACTION_DRAFT_PLAN_WORKING_DAYS
        deadlines.append(
            PlanDeadline(
                "Draft action plan (areas for priority action)", add_working_days(start, days), days
            )
        )
    days = settings.ACTION_PLAN_WORKING_DAYS
    deadlines.append(PlanDeadline("Written action plan", add_working_days(start, days), days))
    return PlanDeadlines(tuple(deadlines), start, note)


def has_priority_actions(findings) -> bool:
    return any(
        f.source_list == SourceList.PRIORITY_ACTION and f.state != FindingState.REJECTED
        for f in findings
    )
