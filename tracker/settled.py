"""Keeping our status on days that are over, so that pages read one row instead of history.

The one writer of ``SettledStatus``. Pages never write: what is not kept yet they
work out from the history each time (``tracker.as_at.statuses_at_visits``).
``keep_settled_statuses`` (a command to run shortly after midnight) keeps
yesterday's visits and anything new or no longer valid; commands that write
history with past dates forget what they touched.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import date

from django.db import transaction
from django.utils import timezone

from inspections.models import Document, Finding, FindingState
from inspections.selectors import visit_date_expression
from tracker.as_at import BATCH, OurStatusThen, kept_now, our_statuses_then, rules_now
from tracker.models import SettledStatus


def _row(finding_id: int, status: OurStatusThen, rules: str) -> SettledStatus:
    return SettledStatus(
        finding_id=finding_id,
        on=status.on,
        rag=status.rag or "",
        counts={s.value: n for s, n in status.counts},
        claims_progress=status.claims_progress,
        rules=rules,
    )


def visit_days(*, today: date) -> set[tuple[int, date]]:
    """Every (finding, day) a page may ask about that is over: each finding not rejected,
    at each later visit of its authority before ``today``."""
    days: dict[int, list[date]] = defaultdict(list)
    for authority_id, on in (
        Document.objects.annotate(on=visit_date_expression())
        .filter(on__isnull=False, on__lt=today)
        .values_list("authority_id", "on")
    ):
        days[authority_id].append(on)
    return {
        (finding_id, on)
        for finding_id, authority_id, since in Finding.objects.exclude(state=FindingState.REJECTED)
        .annotate(since=visit_date_expression("document__"))
        .filter(since__isnull=False)
        .values_list("pk", "document__authority_id", "since")
        for on in days[authority_id]
        if on > since
    }


@transaction.atomic
def settled_statuses_keep(*, today: date | None = None) -> int:
    """Work out and keep every past visit day's status not kept under today's settings;
    rows kept under other settings are replaced. Returns how many rows were written."""
    today = today or timezone.localdate()
    kept = set(kept_now(SettledStatus.objects.all()).values_list("finding_id", "on"))
    missing = visit_days(today=today) - kept
    if not missing:
        return 0
    rules = rules_now()
    rows = [_row(f, status, rules) for (f, _), status in our_statuses_then(missing).items()]
    SettledStatus.objects.bulk_create(
        rows,
        batch_size=BATCH,
        update_conflicts=True,
        unique_fields=["finding", "on"],
        update_fields=["rag", "counts", "claims_progress", "rules"],
    )
    return len(rows)


def settled_statuses_forget(finding_ids: Iterable[int]) -> None:
    """For code that writes history with past dates: the kept answers may no longer hold."""
    SettledStatus.objects.filter(finding_id__in=list(finding_ids)).delete()
