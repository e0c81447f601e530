"""Who belongs to which authority with which role: what improvement managers change in the app.

Managers manage people of their own authorities only: they add an existing person (found by
email) to one of their authorities, take them off it, and give or take away the roles of
people whose every authority is one of theirs (roles are not per authority, so a person who
also belongs elsewhere is left to a superuser). Nobody changes their own access, a superuser's
or a staff account's here; accounts themselves are created by superusers or by single sign-on.

An authority that no active person other than a superuser belongs to is seen by nobody but
superusers (a new import, typically): ``anybody_sees`` is that rule, importing says so, and a
superuser adds themselves to it in one step (``self_add``) to start giving people access.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.urls import reverse

from inspections.models import LocalAuthority
from inspections.signals import ImportNote
from tracker import permissions, scope
from tracker.models import Membership
from tracker.roles import Role

# The roles a manager may give; the admin role is a superuser's to give.
GRANTABLE_ROLES = (Role.OWNER, Role.MANAGER, Role.VIEWER)


class AccessError(Exception):
    """A change to someone's access that is not allowed; the message says why."""


def managed_authorities(*, manager):
    """The authorities whose people this manager may manage."""
    if not permissions.can_manage(manager):
        return LocalAuthority.objects.none()
    return scope.visible(LocalAuthority.objects.all(), manager, via="pk")


def _seeing_memberships():
    """Memberships that let somebody see an authority: superusers see every one anyway."""
    return Membership.objects.filter(user__is_active=True, user__is_superuser=False)


def with_seen(authorities):
    """The authorities, each with ``seen``: does anybody but a superuser see it."""
    return authorities.annotate(seen=Exists(_seeing_memberships().filter(authority=OuterRef("pk"))))


def anybody_sees(authority) -> bool:
    return _seeing_memberships().filter(authority=authority).exists()


def people_path(authority) -> str:
    """The People and access page at one authority."""
    return f"{reverse('tracker:people')}?authority={authority.pk}"


def import_note(sender, document, **kwargs) -> ImportNote | None:
    """Receiver of ``inspections.signals.import_notes``: say when nobody can see the import."""
    authority = document.authority
    if anybody_sees(authority):
        return None
    return ImportNote(
        text=f"Nobody but superusers can see {authority} yet.",
        path=people_path(authority),
        link_text=f"Give people access to {authority} on the People and access page",
    )


def members(*, manager, only=None):
    """(authority, [(membership, person, roles)]) for each authority the manager manages (or
    the one of them given as ``only``); each authority has ``seen`` (see ``with_seen``) and
    ``mine`` (the manager belongs to it)."""
    authorities = with_seen(managed_authorities(manager=manager)).annotate(
        mine=Exists(Membership.objects.filter(user=manager, authority=OuterRef("pk")))
    )
    if only is not None:
        authorities = authorities.filter(pk=only.pk)
    authorities = list(authorities)
    memberships = (
        Membership.objects.filter(authority__in=authorities)
        .select_related("user")
        .prefetch_related("user__groups")
        .order_by("user__last_name", "user__first_name", "user__username")
    )
    by_authority = {authority.pk: [] for authority in authorities}
    for membership in memberships:
        person = membership.user
        names = sorted(group.name for group in person.groups.all())
        by_authority[membership.authority_id].append((membership, person, names))
    return [(authority, by_authority[authority.pk]) for authority in authorities]


def _check_can_manage(manager, authority) -> None:
    if not managed_authorities(manager=manager).filter(pk=authority.pk).exists():
        raise AccessError(f"You do not manage the people of {authority}.")


def _check_can_change(manager, person) -> None:
    if person.pk == manager.pk:
        raise AccessError("You cannot change your own access; ask another manager.")
    if person.is_superuser or person.is_staff:
        raise AccessError("Administrators' access is changed by a superuser.")


def membership_add(*, manager, email: str, authority) -> Membership:
    _check_can_manage(manager, authority)
    email = (email or "").strip()
    person = get_user_model().objects.filter(email__iexact=email, is_active=True).first()
    if person is None or not email:
        raise AccessError(
            f"Nobody with the email address {email or '(blank)'} has an account. "
            "Ask your system administrator to create one."
        )
    _check_can_change(manager, person)
    membership, created = Membership.objects.get_or_create(user=person, authority=authority)
    if not created:
        raise AccessError(f"{person.get_full_name() or email} already belongs to {authority}.")
    return membership


def membership_remove(*, manager, membership: Membership) -> None:
    _check_can_manage(manager, membership.authority)
    _check_can_change(manager, membership.user)
    membership.delete()


def roles_set(*, manager, person, roles: set[str]) -> None:
    """Give ``person`` exactly the grantable ``roles`` (other roles they hold are kept)."""
    _check_can_change(manager, person)
    their = set(Membership.objects.filter(user=person).values_list("authority_id", flat=True))
    mine = set(managed_authorities(manager=manager).values_list("pk", flat=True))
    if not their or not their <= mine:
        raise AccessError(
            "This person also belongs to an authority you do not manage, so a superuser "
            "changes their roles."
        )
    unknown = set(roles) - set(GRANTABLE_ROLES)
    if unknown:
        raise AccessError(f"Unknown role: {', '.join(sorted(unknown))}.")
    with transaction.atomic():
        for name in GRANTABLE_ROLES:
            group, _ = Group.objects.get_or_create(name=name)
            if name in roles:
                person.groups.add(group)
            else:
                person.groups.remove(group)


def self_add(*, user, authority) -> Membership:
    """Give oneself access to ``authority`` in one step: a superuser (who sees it already)
    becomes one of its people, to manage them from the People and access page; a manager
    of the authority already is, so nothing changes. Anybody else is refused."""
    if not user.is_authenticated or not user.is_active:
        raise AccessError("Sign in first.")
    if user.is_superuser:
        membership, _ = Membership.objects.get_or_create(user=user, authority=authority)
        return membership
    if managed_authorities(manager=user).filter(pk=authority.pk).exists():
        return Membership.objects.get(user=user, authority=authority)
    raise AccessError(
        f"Only a superuser adds themselves to {authority}; ask one of its improvement managers."
    )
