"""Reads for the corrections' pages."""

from __future__ import annotations

from django.db.models import QuerySet

from tracker import scope
from tracker.models import Action, ProgressUpdate


def progress_update_for_user(*, user, pk: int) -> ProgressUpdate:
    """One update with its action; ProgressUpdate.DoesNotExist outside the user's scope."""
    updates = scope.visible(
        ProgressUpdate.objects.select_related("action__finding__document__authority"),
        user,
        via="action__finding__document__authority",
    )
    return updates.get(pk=pk)


def replacement_choices(*, action: Action) -> QuerySet[Action]:
    """Actions that may replace ``action``: the same authority's, still in the plan."""
    return (
        Action.objects.counted()
        .filter(finding__document__authority=action.finding.document.authority_id)
        .exclude(pk=action.pk)
        .select_related("finding__document__authority")
        .order_by("finding__document__visit_start", "finding__order", "pk")
    )
