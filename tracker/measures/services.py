"""Writes for measures: create one, record a month's value, upload a month's report as CSV.

Managers define measures; managers and action owners record values. A CSV upload
is all or nothing: every problem is listed with its line and nothing is saved.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from inspections.models import Finding
from tracker import permissions, scope
from tracker.measures.models import Measure, MeasureValue
from tracker.measures.rules import month_start
from tracker.models import Action
from tracker.plans.dates import DateError, parse_date
from tracker.services import TrackerError

MAX_CSV_BYTES = 2 * 1024 * 1024
MAX_ERRORS_SHOWN = 20


class MeasureError(TrackerError):
    """A measure or its values were refused; ``problems`` lists every bad line of an upload."""

    def __init__(self, message: str, *, field: str | None = None, problems=()):
        super().__init__(message, field=field)
        self.problems = list(problems)


def _require_scope(user, finding: Finding) -> None:
    if not scope.can_see_authority(user, finding.document.authority_id):
        raise MeasureError("You do not have access to this authority's plan.")


def parse_number(text) -> Decimal:
    """A figure as people type it: 38, 38.5, 38%, 1,204. ``ValueError`` otherwise."""
    cleaned = str(text).strip().replace(",", "").removesuffix("%").strip()
    try:
        number = Decimal(cleaned)
    except InvalidOperation as exc:
        raise ValueError(f"'{text}' is not a number") from exc
    if not number.is_finite() or abs(number) >= Decimal(10) ** 10:
        raise ValueError(f"'{text}' is not a number this can hold")
    return number


@transaction.atomic
def measure_create(
    *,
    finding: Finding,
    user,
    name: str,
    baseline_value: Decimal,
    baseline_date: date,
    target_value: Decimal,
    target_date: date,
    higher_is_better: bool = True,
    unit: str = "",
    source: str = "",
    action: Action | None = None,
) -> Measure:
    if not permissions.can_manage(user):
        raise MeasureError("Only an improvement manager can add measures.")
    _require_scope(user, finding)
    if action is not None and action.finding_id != finding.pk:
        raise MeasureError("The action does not belong to this finding.", field="action")
    if Measure.objects.filter(finding=finding, name__iexact=name.strip()).exists():
        raise MeasureError("This finding already has a measure with that name.", field="name")
    measure = Measure(
        finding=finding,
        action=action,
        name=name.strip(),
        unit=unit.strip(),
        higher_is_better=higher_is_better,
        baseline_value=baseline_value,
        baseline_date=baseline_date,
        target_value=target_value,
        target_date=target_date,
        source=source.strip(),
        created_by=user,
    )
    measure._history_user = user
    try:
        measure.full_clean()
    except ValidationError as exc:
        name_, errors = next(iter(exc.message_dict.items()))
        raise MeasureError(errors[0], field=None if name_ == "__all__" else name_) from exc
    measure.save()
    return measure


def _require_recorder(user, measure: Measure) -> None:
    if not permissions.can_own_actions(user):
        raise MeasureError("Only improvement managers and action owners can record values.")
    _require_scope(user, measure.finding)


@transaction.atomic
def measure_value_set(*, measure: Measure, user, month: date, value: Decimal) -> MeasureValue:
    """Record the value for a month, replacing an earlier figure for the same month."""
    _require_recorder(user, measure)
    month = month_start(month)
    row = MeasureValue.objects.select_for_update().filter(measure=measure, month=month).first()
    if row is None:
        row = MeasureValue(measure=measure, month=month)
    row.value = value
    row.entered_by = user
    row._history_user = user
    row.save()
    return row


@dataclass(frozen=True)
class UploadResult:
    added: int
    replaced: int

    @property
    def message(self) -> str:
        return f"{self.added} values added, {self.replaced} replaced."


def _read_csv(data: bytes) -> list[dict[str, str]]:
    if len(data) > MAX_CSV_BYTES:
        raise MeasureError("The file is larger than 2 MB; upload one month's report at a time.")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="replace")
    reader = csv.DictReader(io.StringIO(text))
    headings = {(h or "").strip().lower(): h for h in reader.fieldnames or []}
    wanted = ("measure", "month", "value")
    if not all(w in headings for w in wanted):
        raise MeasureError(
            "The first line of the file must name the columns measure, month and value."
        )
    return [{w: (line.get(headings[w]) or "").strip() for w in wanted} for line in reader]


@transaction.atomic
def measure_values_upload(*, user, data: bytes) -> UploadResult:
    """Values from a CSV file with the columns measure, month, value (one row per measure
    and month). A measure is named by its reference (M12) or by its name when only one
    measure the user can see has that name. All or nothing."""
    if not permissions.can_own_actions(user):
        raise MeasureError("Only improvement managers and action owners can record values.")
    lines = _read_csv(data)
    if not lines:
        raise MeasureError("The file has no rows of values.")
    measures = list(
        scope.visible(Measure.objects.all(), user, via="finding__document__authority").only(
            "pk", "name"
        )
    )
    by_ref = {f"m{m.pk}": m for m in measures}
    by_name: dict[str, list[Measure]] = {}
    for m in measures:
        by_name.setdefault(m.name.strip().lower(), []).append(m)
    problems: list[str] = []
    wanted: dict[tuple[int, date], tuple[Decimal, int]] = {}
    for number, line in enumerate(lines, start=2):
        key = line["measure"].lower().replace(" ", "")
        named = by_name.get(line["measure"].lower(), [])
        measure = by_ref.get(key) or (named[0] if len(named) == 1 else None)
        if measure is None:
            problems.append(
                f"Line {number}: more than one measure is called '{line['measure']}'; "
                "use its reference (for example M12)"
                if named
                else f"Line {number}: there is no measure called '{line['measure']}'"
            )
            continue
        try:
            month = parse_date(line["month"])
            if month is None:
                raise DateError("the month is empty")
        except DateError as exc:
            problems.append(f"Line {number}: {exc}")
            continue
        try:
            value = parse_number(line["value"])
        except ValueError as exc:
            problems.append(f"Line {number}: {exc}")
            continue
        month = month_start(month)
        if (measure.pk, month) in wanted:
            first = wanted[(measure.pk, month)][1]
            problems.append(
                f"Line {number}: {measure.name} for {month:%B %Y} is already on line {first}"
            )
            continue
        wanted[(measure.pk, month)] = (value, number)
    if problems:
        shown = problems[:MAX_ERRORS_SHOWN]
        more = len(problems) - len(shown)
        raise MeasureError(
            f"Nothing was saved: {len(problems)} lines of the file have problems"
            + (f" (the first {len(shown)} are listed)" if more else "")
            + ".",
            field="file",
            problems=shown,
        )
    existing = {
        (v.measure_id, v.month): v
        for v in MeasureValue.objects.select_for_update().filter(
            measure__in={pk for pk, _ in wanted}, month__in={m for _, m in wanted}
        )
    }
    new, changed = [], []
    for (measure_id, month), (value, _) in wanted.items():
        row = existing.get((measure_id, month))
        if row is None:
            new.append(
                MeasureValue(measure_id=measure_id, month=month, value=value, entered_by=user)
            )
        elif row.value != value:
            row.value, row.entered_by = value, user
            changed.append(row)
    bulk_create_with_history(new, MeasureValue, default_user=user)
    bulk_update_with_history(changed, MeasureValue, ["value", "entered_by"], default_user=user)
    return UploadResult(len(new), len(changed))
