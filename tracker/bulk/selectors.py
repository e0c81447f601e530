"""The rows a bulk change is about, as its confirmation page shows them (reads only)."""

from __future__ import annotations

from collections.abc import Sequence

from django.db.models import QuerySet

from inspections.models import Finding, FollowUp, LocalAuthority
from tracker import scope
from tracker.models import Action
from tracker.selectors.findings import finding_queryset


def _chosen(queryset: QuerySet, ids: Sequence[int] | None, matching: QuerySet | None) -> list:
    """The rows of ``queryset`` with these ids, or those in ``matching`` (a filtered list)."""
    if matching is not None:
        return list(queryset.filter(pk__in=matching.order_by().values("pk")))
    return list(queryset.filter(pk__in=ids or ()))


def findings(*, user, ids=None, matching=None) -> list[Finding]:
    queryset = (
        finding_queryset(user=user)
        .select_related("document__authority")
        .defer("document__text")
        .order_by("document__authority__name", "document__visit_start", "order", "pk")
    )
    return _chosen(queryset, ids, matching)


def actions(*, user, ids=None, matching=None) -> list[Action]:
    queryset = (
        Action.objects.for_user(user)
        .select_related("owner", "finding__document__authority")
        .defer("finding__document__text")
        .order_by("deadline", "pk")
    )
    return _chosen(queryset, ids, matching)


def followups(*, user, authority: LocalAuthority, ids=None, matching=None) -> list[FollowUp]:
    """Follow-ups of an authority: the chosen ones, or those in ``matching``
    (``inspections.selectors.followup_pending_list``, as the review list shows them)."""
    queryset = (
        scope.visible(FollowUp.objects.all(), user, via="finding__document__authority")
        .filter(finding__document__authority=authority)
        .select_related("finding__document__authority", "document")
        .defer("finding__document__text", "document__text")
        .order_by("document__visit_start", "finding__document__visit_start", "finding__order")
    )
    return _chosen(queryset, ids, matching)
