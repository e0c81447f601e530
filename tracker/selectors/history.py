"""What changed between two versions of a record, and an action's timeline.

``version_changes`` is the one diff of history rows: the action's timeline, the
audit log and the message refusing a stale edit all show changes through it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime
from itertools import groupby
from operator import attrgetter

from django.contrib.auth import get_user_model
from django.db.models import Field
from django.utils import timezone

from tracker.formats import govuk_date, govuk_datetime, shorten
from tracker.models import Action, Evidence, ProgressUpdate
from tracker.selectors.people import person_name
from tracker.statuses import ReviewState

User = get_user_model()

EMPTY = "—"
REMOVED_PERSON = "someone since removed"


def shown_value(
    record, field: Field, names: dict, *, unknown: str | None = None, length: int | None = None
) -> str:
    """A field of a (historical) record as a reader sees it.

    ``names`` maps (model, pk) to a name for related records read beforehand;
    ``unknown`` is shown for one not among them (else its id); ``length`` shortens text.
    """
    value = getattr(record, field.attname)
    if value in (None, ""):
        return EMPTY
    if field.is_relation:
        return names.get((field.related_model, value), unknown or f"#{value}")
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, datetime):
        return govuk_datetime(timezone.localtime(value))
    if isinstance(value, date):
        return govuk_date(value)
    return shorten(str(value), length) if length else str(value)


def field_label(field: Field) -> str:
    return str(field.verbose_name).capitalize()


def version_changes(
    before, after, fields: Iterable[Field], show: Callable[[object, Field], str]
) -> list[tuple[str, str, str]]:
    """(field label, old, new) for each field that reads differently in ``after``."""
    changes = []
    for field in fields:
        old, new = show(before, field), show(after, field)
        if old != new:
            changes.append((field_label(field), old, new))
    return changes


@dataclass(frozen=True)
class HistoryEntry:
    when: datetime
    who: str
    summary: str
    changes: list[tuple[str, str, str]]  # (field label, old, new)
    detail: str = ""  # the update's text, or which evidence and the reviewer's comment

    @property
    def listed_changes(self) -> list[tuple[str, str, str]]:
        """The changes, unless the summary already says the only one ("Status: A → B")."""
        if [f"{label}: {old} → {new}" for label, old, new in self.changes] == [self.summary]:
            return []
        return self.changes


HISTORY_FIELDS = (
    "status",
    "owner",
    "deadline",
    "deadline_reason",
    "verified_override_reason",
    "start_date",
    "at_risk",
    "at_risk_reason",
    "title",
    "description",
    "lead_role",
    "success_measure",
)
CREATED_FIELDS = ("status", "owner", "deadline")

REVIEW_EVENTS = {
    ReviewState.ACCEPTED: "Evidence accepted",
    ReviewState.MORE_REQUESTED: "More evidence requested",
}


def action_history(*, action: Action) -> list[HistoryEntry]:
    """The timeline of an action, newest first: who changed what, from what to what, with its
    progress updates and its evidence being added and reviewed.

    Four queries whatever the number of changes, updates or evidence: the action's
    history, the evidence's, the updates' and the people they name. The updates come
    with the action (``action_detail`` prefetches them).
    """
    records = list(
        action.history.select_related("history_user").order_by("history_date", "history_id")
    )
    evidence_records = list(
        Evidence.history.filter(action_id=action.pk)
        .select_related("history_user")
        .order_by("id", "history_date", "history_id")
    )
    update_records = list(
        ProgressUpdate.history.filter(action_id=action.pk).order_by(
            "id", "history_date", "history_id"
        )
    )
    user_ids = {r.owner_id for r in records if r.owner_id}
    for record in evidence_records:
        user_ids |= {record.added_by_id, record.reviewed_by_id, record.withdrawn_by_id} - {None}
    names = {u.pk: person_name(u) for u in User.objects.filter(pk__in=user_ids)} if user_ids else {}
    people = {(User, pk): name for pk, name in names.items()}
    fields = {f.name: f for f in Action._meta.fields}

    def show(record, field: Field) -> str:
        return shown_value(record, field, people, unknown="a removed user")

    entries = []
    previous = None
    for record in records:
        who = person_name(record.history_user) if record.history_user else "System"
        if record.history_type == "+":
            summary = "Created"
            changes = [
                (field_label(fields[n]), "", show(record, fields[n])) for n in CREATED_FIELDS
            ]
        else:
            summary = record.history_change_reason or "Changed"
            changes = (
                version_changes(previous, record, [fields[n] for n in HISTORY_FIELDS], show)
                if previous is not None
                else []
            )
        entries.append(HistoryEntry(record.history_date, who, summary, changes))
        previous = record
    entries.extend(_update_events(action.updates.all(), update_records))
    entries.extend(_evidence_events(evidence_records, names))
    # Stable: a status change and the update written with it keep their order.
    entries.sort(key=lambda e: e.when)
    entries.reverse()
    return entries


def _update_events(updates, records) -> list[HistoryEntry]:
    """Each update as first written, then its corrections and retraction (by its author)."""
    by_update = {key: list(rows) for key, rows in groupby(records, key=attrgetter("id"))}
    events = []
    for update in updates:
        who = person_name(update.author) if update.author else REMOVED_PERSON
        rows = by_update.get(update.pk, [])
        first = rows[0].text if rows else update.text
        events.append(HistoryEntry(update.created_at, who, "Progress update", [], first))
        for before, after in zip(rows, rows[1:], strict=False):
            if after.retracted_at and not before.retracted_at:
                events.append(
                    HistoryEntry(after.retracted_at, who, "Progress update retracted", [], "")
                )
            elif after.text != before.text:
                events.append(
                    HistoryEntry(
                        after.history_date, who, "Progress update corrected", [], after.text
                    )
                )
    return events


def _evidence_events(records, names: dict[int, str]) -> list[HistoryEntry]:
    """Evidence added, reviewed and removed, from its history rows (grouped by evidence)."""

    def person(user_id, record) -> str:
        if user_id in names:
            return names[user_id]
        return person_name(record.history_user) if record.history_user else REMOVED_PERSON

    events = []
    for _, rows in groupby(records, key=attrgetter("id")):
        previous = None
        for record in rows:
            evidence = record.instance
            what = f"{evidence.label} ({evidence.get_kind_display().lower()})"
            if record.history_type == "+":
                who = person(record.added_by_id, record)
                events.append(HistoryEntry(record.added_at, who, "Evidence added", [], what))
            elif record.history_type == "-":
                who = person(None, record)
                events.append(HistoryEntry(record.history_date, who, "Evidence removed", [], what))
            elif record.review_state == ReviewState.WITHDRAWN:
                if previous is None or previous.review_state != ReviewState.WITHDRAWN:
                    events.append(
                        HistoryEntry(
                            record.withdrawn_at or record.history_date,
                            person(record.withdrawn_by_id, record),
                            "Evidence withdrawn",
                            [],
                            f"{what}. Reason: {record.withdrawal_reason}",
                        )
                    )
            elif record.review_state in REVIEW_EVENTS and (
                previous is None
                or (record.review_state, record.reviewed_at)
                != (previous.review_state, previous.reviewed_at)
            ):
                comment = record.review_comment.strip()
                events.append(
                    HistoryEntry(
                        record.reviewed_at or record.history_date,
                        person(record.reviewed_by_id, record),
                        REVIEW_EVENTS[record.review_state],
                        [],
                        f"{what}. Comment: {comment}" if comment else what,
                    )
                )
            previous = record
    return events
