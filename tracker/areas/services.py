"""Setting findings' judgement areas: the one writer of a person's decision on an area."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone

from inspections.areas.models import era_of
from inspections.models import AreaState, Finding, FindingArea, FrameworkEra, JudgementArea
from tracker import permissions, scope
from tracker.services import TrackerError


@transaction.atomic
def set_judgement_area(
    *, findings: Iterable[Finding], area: JudgementArea, user
) -> list[FindingArea]:
    """Confirm ``area`` as the judgement area of every finding, in the user's name.

    All or nothing: each finding is checked on its own (the user manages its authority,
    and the area belongs to the framework era its document was inspected under), and
    one refusal saves none of them. Confirming the suggested area records who and when.
    """
    if not permissions.can_manage(user):
        raise TrackerError("Only an improvement manager can set a finding's judgement area.")
    wanted = [f.pk for f in findings]
    rows = list(
        Finding.objects.filter(pk__in=wanted)
        .select_related("document__authority", "area")
        .select_for_update(of=("self",))
        .order_by("pk")
    )
    if len(rows) != len(set(wanted)):
        raise TrackerError("A finding was not found; nothing was changed.")
    eras = list(FrameworkEra.objects.all())
    now = timezone.now()
    saved = []
    for finding in rows:
        if not scope.can_see_authority(user, finding.document.authority_id):
            raise TrackerError(
                f"Finding {finding.reference} is not in your authorities; nothing was changed."
            )
        era = era_of(finding.document, eras)
        if era is None or era.pk != area.era_id:
            raise TrackerError(
                f"“{area.name}” is an area of {area.era}, not of the framework "
                f"{finding.document} was inspected under; nothing was changed.",
                field="judgement_area",
            )
        row = getattr(finding, "area", None) or FindingArea(finding=finding)
        row.judgement_area = area
        row.state = AreaState.CONFIRMED
        row.decided_by = user
        row.decided_at = now
        row._history_user = user
        row._change_reason = "Judgement area confirmed"
        row.save()
        saved.append(row)
    return saved
