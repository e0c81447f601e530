"""What every page of the tracker shares: fetching an object for this user, and forms' errors.

``object_for_user`` is the one place that decides "404 or 403": an object
outside the user's authorities does not exist for them (404); one they can
see but may not change is forbidden (403).
"""

from __future__ import annotations

from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.http import Http404
from django.utils.http import url_has_allowed_host_and_scheme
from django_tables2 import RequestConfig

from inspections.models import LocalAuthority
from tracker import permissions, selectors, services
from tracker.tables import ActionTable, KeysFirstPaginator

PER_PAGE = 25


def object_for_user(request, fetch, pk: int, *, allowed=None):
    try:
        obj = fetch(user=request.user, pk=pk)
    except ObjectDoesNotExist as exc:
        raise Http404("Not found, or not in your authorities.") from exc
    if allowed is not None and not allowed(request.user, obj):
        raise PermissionDenied
    return obj


def can_manage_any(user, _obj) -> bool:
    """For ``object_for_user``'s ``allowed``: managers may change any object they can see."""
    return permissions.can_manage(user)


def form_error(form, exc: services.TrackerError, fields: dict[str, str] | None = None) -> None:
    field = (fields or {}).get(exc.field, exc.field)
    form.add_error(field if field in form.fields else None, exc.message)


def authority_for_user(request, slug: str) -> LocalAuthority:
    try:
        return selectors.authority_for_user(user=request.user, slug=slug)
    except LocalAuthority.DoesNotExist as exc:
        raise Http404("Not found, or not in your authorities.") from exc


def require_manager(request) -> None:
    if not permissions.can_manage(request.user):
        raise PermissionDenied


def next_url(request, default: str) -> str:
    """Where to go back to after a review: the page the form came from, if it is ours.
    Only a path counts: anything else would be read as the name of a view."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target.startswith("/") and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return default


def action_table(request, filterset, **columns) -> ActionTable:
    """One page of the filtered actions, sorted as the request asks."""
    table = ActionTable(filterset.qs, **columns)
    RequestConfig(
        request, paginate={"per_page": PER_PAGE, "paginator_class": KeysFirstPaginator}
    ).configure(table)
    return table
