"""The "People and access" page: improvement managers manage their authorities' people."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from inspections.models import LocalAuthority
from tracker import access, permissions, scope
from tracker.models import Membership
from tracker.validation import IdChoiceField


class AddPersonForm(forms.Form):
    email = forms.EmailField(
        label="Email address", max_length=254, error_messages={"required": "Enter an email address"}
    )
    authority = IdChoiceField(
        queryset=None,
        label="Authority",
        empty_label=None,
        error_messages={"invalid_choice": "Choose one of your authorities"},
    )

    def __init__(self, *args, manager, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["authority"].queryset = access.managed_authorities(manager=manager)


class ShowAuthorityForm(forms.Form):
    """``?authority=<id>``: the page at one of the manager's authorities."""

    authority = IdChoiceField(queryset=None, required=False, empty_label="All your authorities")

    def __init__(self, *args, manager, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["authority"].queryset = access.managed_authorities(manager=manager)


class RolesForm(forms.Form):
    roles = forms.MultipleChoiceField(
        choices=[(name, name.capitalize()) for name in access.GRANTABLE_ROLES],
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )


def _manager_only(request):
    if not permissions.can_manage(request.user):
        raise PermissionDenied


def _page(request, add_form=None, status=200):
    show = ShowAuthorityForm(request.GET, manager=request.user)
    if not show.is_valid():
        raise Http404("None of your authorities has this id.")
    shown = show.cleaned_data["authority"]
    return render(
        request,
        "tracker/people.html",
        {
            "authorities": access.members(manager=request.user, only=shown),
            "show_form": show,
            "shown": shown,
            "add_form": add_form
            or AddPersonForm(manager=request.user, initial={"authority": shown and shown.pk}),
            "grantable": access.GRANTABLE_ROLES,
        },
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def people(request):
    _manager_only(request)
    if request.method != "POST":
        return _page(request)
    form = AddPersonForm(request.POST, manager=request.user)
    if form.is_valid():
        try:
            membership = access.membership_add(
                manager=request.user,
                email=form.cleaned_data["email"],
                authority=form.cleaned_data["authority"],
            )
        except access.AccessError as exc:
            form.add_error("email", str(exc))
        else:
            messages.success(request, f"{membership.user.email} added to {membership.authority}.")
            return redirect(access.people_path(membership.authority))
    return _page(request, add_form=form, status=400)


def _membership(request, pk: int) -> Membership:
    memberships = scope.visible(
        Membership.objects.select_related("user", "authority"), request.user
    )
    return get_object_or_404(memberships, pk=pk)


@login_required
@require_POST
def membership_remove(request, pk: int):
    # Looked up first: someone else's membership is 404 for everyone, so ids cannot be probed.
    membership = _membership(request, pk)
    _manager_only(request)
    try:
        access.membership_remove(manager=request.user, membership=membership)
    except access.AccessError as exc:
        messages.error(request, str(exc))
        return redirect("tracker:people")
    messages.success(request, f"{membership.user.email} removed from {membership.authority}.")
    return redirect("tracker:people")


@login_required
@require_POST
def roles_set(request, pk: int):
    person = get_object_or_404(
        get_user_model()
        .objects.filter(memberships__authority__in=scope.authority_ids(request.user))
        .distinct()
        if not scope.sees_everything(request.user)
        else get_user_model().objects.all(),
        pk=pk,
    )
    _manager_only(request)
    form = RolesForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Choose roles from the list.")
        return redirect("tracker:people")
    try:
        access.roles_set(manager=request.user, person=person, roles=set(form.cleaned_data["roles"]))
    except access.AccessError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, f"Roles of {person.email} saved.")
    return redirect("tracker:people")


@login_required
@require_POST
def self_add(request, pk: int):
    authority = get_object_or_404(
        scope.visible(LocalAuthority.objects.all(), request.user, via="pk"), pk=pk
    )
    _manager_only(request)
    try:
        access.self_add(user=request.user, authority=authority)
    except access.AccessError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(
            request,
            f"You belong to {authority}. Add its people below and give them their roles."
            if request.user.is_superuser
            else f"You already manage the people of {authority}.",
        )
    return redirect(access.people_path(authority))
