"""Template context every page may ask for."""

from django.utils.functional import SimpleLazyObject

from tracker import permissions


def navigation(request) -> dict:
    """Whether to offer the audit log (read only when a page asks)."""
    return {"can_read_audit": SimpleLazyObject(lambda: permissions.can_manage(request.user))}
