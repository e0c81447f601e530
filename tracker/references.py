"""References of findings and actions: the one home of the action-reference rule.

A finding's reference is fixed at import (``Finding.reference``: ``SG-2024-03``).
An action's reference adds its place among its finding's actions by creation
(``SG-2024-03.2``), counted over all of them, so a filtered list, a board pack
and the action's own page show the same reference for the same action.

``finding_reference_expression`` is ``Finding.reference`` in SQL, so lists can
search by reference; a test compares the two.
"""

from __future__ import annotations

import re

from django.db.models import (
    Case,
    CharField,
    Count,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Cast, Coalesce, Concat, NullIf

from tracker.models import Action

# "SG-2024-03.2": the finding's reference, a dot, the action's number.
SEPARATOR = "."
# What a typed reference looks like: an authority code, a hyphen, then anything
# a reference is made of. Only text of this shape is searched as a reference.
REFERENCE_SHAPE = re.compile(r"^[A-Za-z0-9]+-[A-Za-z0-9.\-]*$")


def action_position(finding_path: str = "finding") -> Subquery:
    """The n of "SG-2024-03.n" for each row of an ``Action`` queryset, or of its history
    (whose primary key is not the action's, hence ``id``), as a subquery."""
    earlier = (
        Action.objects.filter(finding=OuterRef(finding_path))
        .filter(
            Q(created_at__lt=OuterRef("created_at"))
            | Q(created_at=OuterRef("created_at"), pk__lte=OuterRef("id"))
        )
        .order_by()
        .values("finding")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Subquery(earlier, output_field=IntegerField())


def with_position(actions: QuerySet[Action]) -> QuerySet[Action]:
    """``actions`` with ``position`` for ``action_reference``."""
    return actions.annotate(position=action_position())


def action_reference(action: Action) -> str:
    """E.g. SG-2024-03.2, for an action read with ``with_position``."""
    return f"{action.finding.reference}{SEPARATOR}{action.position}"


def finding_reference_expression(prefix: str = ""):
    """``Finding.reference`` as a database expression (``prefix`` reaches the finding)."""
    order = f"{prefix}order"
    number = Cast(order, output_field=CharField())
    return Concat(
        f"{prefix}document__authority__code",
        Value("-"),
        Coalesce(NullIf(f"{prefix}document__reference_label", Value("")), Value("undated")),
        Value("-"),
        Case(
            When(**{f"{order}__lt": 10}, then=Concat(Value("0"), number)),
            default=number,
            output_field=CharField(),
        ),
        output_field=CharField(),
    )


def action_reference_expression():
    """``action_reference`` as a database expression, for ``Action`` querysets."""
    return Concat(
        finding_reference_expression("finding__"),
        Value(SEPARATOR),
        Cast(action_position(), output_field=CharField()),
        output_field=CharField(),
    )


def looks_like_reference(text: str) -> bool:
    return bool(REFERENCE_SHAPE.match(text.strip()))


def split_reference(text: str) -> tuple[str, int | None]:
    """ "sg-2024-03.2" → ("sg-2024-03", 2); a finding's reference has no number."""
    finding_part, dot, number = text.strip().partition(SEPARATOR)
    if dot and number.isdigit():
        return finding_part, int(number)
    return text.strip(), None


def authority_code(text: str) -> str:
    """The authority code a reference starts with ("SG" of "SG-2024-03")."""
    return text.strip().split("-", 1)[0]
