"""Which authorities a person may see: the one home of the authority-scope rule.

Every selector, service, export and log that limits rows to a person's authorities
calls ``visible`` (or ``authority_ids``). ``user=None`` is a command-line caller, someone
with shell access to the server, who sees every authority, as a superuser does.
"""

from __future__ import annotations

from django.db.models import QuerySet

from tracker.models import Membership


def sees_everything(user) -> bool:
    return user is None or (user.is_authenticated and user.is_superuser)


def authority_ids(user) -> QuerySet | None:
    """The ids of the user's authorities as a subquery, or None when nothing is limited."""
    if sees_everything(user):
        return None
    if not user.is_authenticated:
        return Membership.objects.none().values("authority_id")
    return Membership.objects.filter(user=user).values("authority_id")


def visible(queryset: QuerySet, user, *, via: str = "authority") -> QuerySet:
    """Rows of ``queryset`` whose authority (reached by the lookup ``via``) the user may see.

    ``via`` is the path from the queryset's model to ``LocalAuthority``, for example
    ``"finding__document__authority"`` for actions; ``"pk"`` scopes authorities themselves.
    """
    ids = authority_ids(user)
    if ids is None:
        return queryset
    return queryset.filter(**{f"{via}__in": ids})


def can_see_authority(user, authority_id: int) -> bool:
    if sees_everything(user):
        return True
    return (
        user.is_authenticated
        and Membership.objects.filter(user=user, authority_id=authority_id).exists()
    )
