"""Who may do what: the selectors decide scope (which authorities), this module decides roles.

Roles are Django groups (see ``Role``). A superuser may do everything. The
user's group names are read once per request and kept on the user object, so
permission checks in a page cost one query however many rows it shows.
"""

from __future__ import annotations

from tracker.models import Action
from tracker.roles import Role


def roles(user) -> frozenset[str]:
    if not user.is_authenticated:
        return frozenset()
    cached = getattr(user, "_tracker_roles", None)
    if cached is None:
        cached = frozenset(user.groups.values_list("name", flat=True))
        user._tracker_roles = cached
    return cached


def can_manage(user) -> bool:
    """Improvement managers (and superusers): create, assign and edit any action, verify,
    review evidence, confirm findings and follow-ups, read the audit log."""
    return user.is_authenticated and (user.is_superuser or Role.MANAGER in roles(user))


def can_own_actions(user) -> bool:
    """May be given actions: owners, and managers (who may also act on any action)."""
    return can_manage(user) or (user.is_authenticated and Role.OWNER in roles(user))


def can_edit_action(user, action: Action) -> bool:
    """Status, at-risk flag, progress updates and evidence of one action."""
    if can_manage(user):
        return True
    return can_own_actions(user) and action.owner_id is not None and action.owner_id == user.pk


def can_withdraw_evidence(user, evidence) -> bool:
    """The person who added it, or a manager: evidence given by mistake can be taken back."""
    return can_manage(user) or (user.is_authenticated and evidence.added_by_id == user.pk)
