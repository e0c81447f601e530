"""Authorities a person may see, and people: how they are named and who may own actions."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.db.models import Count, Exists, Q, QuerySet, Value
from django.db.models.functions import Coalesce, Concat, Lower, NullIf, Trim

from inspections.models import LocalAuthority
from tracker import scope
from tracker.models import Membership
from tracker.roles import Role

User = get_user_model()

# A drop-down of every inspection, or every person, of a regional or national
# scope holds thousands of options: no use to anyone, and most of a second to
# draw. Past this many authorities, the filters offer the chosen authority's.
FILTER_CHOICES_MAX_AUTHORITIES = 3


def person_name(user) -> str:
    """How pages, filters, messages and exports name a person: the full name, else the
    username."""
    if user is None:
        return ""
    return user.get_full_name() or user.get_username()


def authority_list(*, user) -> QuerySet[LocalAuthority]:
    return scope.visible(LocalAuthority.objects.all(), user, via="pk")


def authority_for_user(*, user, slug: str) -> LocalAuthority:
    """LocalAuthority.DoesNotExist unless the user belongs to it."""
    return authority_list(user=user).get(slug=slug)


def few_authorities(user) -> Exists:
    """True, in SQL, when the user belongs to at most FILTER_CHOICES_MAX_AUTHORITIES."""
    return Exists(
        Membership.objects.filter(user=user)
        .values("user")
        .annotate(n=Count("pk"))
        .filter(n__lte=FILTER_CHOICES_MAX_AUTHORITIES)
    )


def _can_own() -> Q:
    return Q(groups__name__in=[Role.OWNER, Role.MANAGER]) | Q(is_superuser=True)


def owner_choices(*, user, authority_id: int | None = None) -> QuerySet:
    """People who can own actions in the user's authorities (for filters); past a few
    authorities, only those of the chosen one."""
    people = scope.visible(
        User.objects.filter(_can_own(), is_active=True), user, via="memberships__authority"
    )
    if authority_id is not None:
        people = people.filter(memberships__authority_id=authority_id)
    else:
        people = people.filter(few_authorities(user))
    return _by_name(people.distinct())


def assignable_owners(*, authority_id: int) -> QuerySet:
    """People who can be given an action of this authority."""
    return _by_name(
        User.objects.filter(
            _can_own(), is_active=True, memberships__authority_id=authority_id
        ).distinct()
    )


def _by_name(people: QuerySet) -> QuerySet:
    """People in the order of the names pages show: the full name, or the username without one."""
    full_name = Trim(Concat("first_name", Value(" "), "last_name"))
    shown = Coalesce(NullIf(full_name, Value("")), "username")
    return people.annotate(shown_name=Lower(shown)).order_by("shown_name", "username")
