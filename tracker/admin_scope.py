"""What a non-superuser may do in the Django admin: the one home of the admin's scoping rules.

- ``AuthorityScopedAdmin``: lists, object pages, history pages and foreign-key choices hold
  only the rows of the person's authorities, and a save that would put an object in another
  authority is refused. Superusers see everything.
- ``SuperuserOnlyAdmin``: people, groups, permissions, passwords and memberships. Roles in an
  authority are granted by its improvement managers in the app ("People and access").
- ``ReadOnlyAdmin``: the plan itself (actions, updates, evidence) and the notifications about
  it change only through the services, which keep the workflow, the versions and the history.
"""

from __future__ import annotations

from django.contrib import admin
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied

from inspections.models import (
    Document,
    Finding,
    FollowUp,
    FollowUpParagraph,
    Judgement,
    LocalAuthority,
    Paragraph,
    Theme,
    ThemeFinding,
)
from tracker import scope
from tracker.models import Action, Evidence, Membership, ProgressUpdate
from tracker.notifications.models import Notification

# The path from each model to its authority, as ``scope.visible`` takes it.
AUTHORITY_PATHS = {
    LocalAuthority: "pk",
    Document: "authority",
    Judgement: "document__authority",
    Paragraph: "document__authority",
    Finding: "document__authority",
    Theme: "authority",
    ThemeFinding: "theme__authority",
    FollowUp: "document__authority",
    FollowUpParagraph: "followup__document__authority",
    Membership: "authority",
    Action: "finding__document__authority",
    ProgressUpdate: "action__finding__document__authority",
    Evidence: "action__finding__document__authority",
    Notification: "action__finding__document__authority",
}


def member_of(user) -> frozenset[int]:
    """The ids of the user's authorities, read once per request."""
    cached = getattr(user, "_admin_authority_ids", None)
    if cached is None:
        cached = frozenset(
            Membership.objects.filter(user=user).values_list("authority_id", flat=True)
        )
        user._admin_authority_ids = cached
    return cached


def authority_id_of(obj, via: str) -> int | None:
    """The authority an object (saved or not) belongs to, following ``via``."""
    if via == "pk":
        return obj.pk
    *steps, last = via.split("__")
    target = obj
    for step in steps:
        target = getattr(target, step, None)
        if target is None:
            return None
    return getattr(target, f"{last}_id", None)


def scoped_choices(queryset, user):
    """Foreign-key choices: rows of the user's authorities, or people who share one."""
    model = queryset.model
    if model in AUTHORITY_PATHS:
        return scope.visible(queryset, user, via=AUTHORITY_PATHS[model])
    if model is get_user_model() and not scope.sees_everything(user):
        return queryset.filter(memberships__authority_id__in=member_of(user)).distinct()
    return queryset


class AuthorityScopedMixin:
    """Foreign-key and many-to-many choices limited to the person's authorities.

    For model admins and inlines alike: a choice outside them fails the form's validation.
    """

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if "queryset" not in kwargs:
            kwargs["queryset"] = db_field.remote_field.model._default_manager.all()
        kwargs["queryset"] = scoped_choices(kwargs["queryset"], request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if "queryset" not in kwargs:
            kwargs["queryset"] = db_field.remote_field.model._default_manager.all()
        kwargs["queryset"] = scoped_choices(kwargs["queryset"], request.user)
        return super().formfield_for_manytomany(db_field, request, **kwargs)


class AuthorityScopedAdmin(AuthorityScopedMixin):
    """A model admin whose every page is limited to the person's authorities."""

    def authority_path(self) -> str:
        return AUTHORITY_PATHS[self.model]

    def in_scope(self, request, obj) -> bool:
        if obj is None or scope.sees_everything(request.user):
            return True
        return authority_id_of(obj, self.authority_path()) in member_of(request.user)

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        return scope.visible(queryset, request.user, via=self.authority_path())

    def get_list_filter(self, request):
        # Authority filters list only the authorities that appear in the scoped list.
        return [
            (entry, admin.RelatedOnlyFieldListFilter)
            if isinstance(entry, str) and entry.endswith("authority")
            else entry
            for entry in super().get_list_filter(request)
        ]

    def has_view_permission(self, request, obj=None):
        return super().has_view_permission(request, obj) and self.in_scope(request, obj)

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and self.in_scope(request, obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and self.in_scope(request, obj)

    def save_model(self, request, obj, form, change):
        # The form's choices already refuse other authorities; this is the last word.
        if not self.in_scope(request, obj):
            raise PermissionDenied("That would put the record in an authority you do not manage.")
        super().save_model(request, obj, form, change)


class SuperuserOnlyAdmin:
    """Pages that only a superuser may open at all."""

    def has_module_permission(self, request):
        return request.user.is_active and request.user.is_superuser

    def has_view_permission(self, request, obj=None):
        return request.user.is_active and request.user.is_superuser

    def has_add_permission(self, request, *args):
        return request.user.is_active and request.user.is_superuser

    def has_change_permission(self, request, obj=None):
        return request.user.is_active and request.user.is_superuser

    def has_delete_permission(self, request, obj=None):
        return request.user.is_active and request.user.is_superuser


class ReadOnlyAdmin:
    """Shown, never changed here: the services are the only way to change these rows."""

    def has_add_permission(self, request, *args):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
