"""Finding or action by its reference ("SG-2024-01", "SG-2024-01.3"), in the user's authorities."""

from __future__ import annotations

from inspections.models import Finding
from tracker import references
from tracker.models import Action
from tracker.selectors.findings import finding_queryset


def reference_target(*, user, reference: str) -> Finding | Action | None:
    """The finding or action with exactly this reference (any case), or None.

    None as well for one outside the user's authorities: nobody learns that a
    reference exists elsewhere.
    """
    if not references.looks_like_reference(reference):
        return None
    finding_part, number = references.split_reference(reference)
    finding = (
        finding_queryset(user=user)
        .filter(document__authority__code__iexact=references.authority_code(finding_part))
        .alias(reference=references.finding_reference_expression())
        .filter(reference__iexact=finding_part)
        .select_related("document__authority")
        .first()
    )
    if finding is None or number is None:
        return finding
    return (
        references.with_position(Action.objects.filter(finding=finding))
        .filter(position=number)
        .first()
    )
