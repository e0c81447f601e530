"""What a manager reviews: suggested follow-ups at later visits, and recurring themes."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.template.defaultfilters import pluralize
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from inspections import services as inspection_services
from inspections.models import Document, Verdict
from tracker import selectors
from tracker.forms import (
    FollowUpReviewForm,
    ThemeReviewForm,
)
from tracker.templatetags.tracker_tags import lowerfirst
from tracker.validation import parse_id
from tracker.views.bulk import FOLLOWUPS, controls
from tracker.views.common import (
    authority_for_user,
    can_manage_any,
    next_url,
    object_for_user,
    require_manager,
)


@login_required
def followup_review_list(request, slug: str):
    """Suggested follow-ups of an authority (or of one later document) for a manager to decide."""
    authority = authority_for_user(request, slug)
    require_manager(request)
    try:
        reviews = selectors.followup_reviews(
            authority=authority, document_id=request.GET.get("document", "")
        )
    except Document.DoesNotExist as exc:
        raise Http404("No such document for this authority.") from exc
    for followup in reviews.followups:
        followup.review_form = FollowUpReviewForm(
            followup=followup, paragraphs=[q.paragraph for q in followup.quotes.all()]
        )
    return render(
        request,
        "tracker/followup_review_list.html",
        {
            "authority": authority,
            "documents": reviews.documents,
            "document": reviews.document,
            "followups": reviews.followups,
            "bulk": controls(request, "tracker:bulk-followups", FOLLOWUPS, slug=authority.slug),
        },
    )


def _followup_page(request, followup, form, status: int = 200):
    return render(
        request,
        "tracker/followup_review.html",
        {"followup": followup, "form": form, "next": next_url(request, "")},
        status=status,
    )


def _review_form(followup, data=None) -> FollowUpReviewForm:
    """The form of a follow-up's own page, offering every paragraph of the later document."""
    paragraphs = selectors.document_paragraphs(document_id=followup.document_id)
    return FollowUpReviewForm(data, followup=followup, paragraphs=paragraphs)


@login_required
@require_http_methods(["GET", "POST"])
def followup_review(request, pk: int):
    """Accept or change a follow-up: the verdict and the paragraphs of the later document."""
    followup = object_for_user(request, selectors.followup_for_user, pk, allowed=can_manage_any)
    form = _review_form(followup, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            inspection_services.followup_confirm(
                followup=followup,
                verdict=form.cleaned_data["verdict"],
                paragraphs=form.cleaned_data["paragraphs"],
                user=request.user,
            )
        except inspection_services.FollowUpError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(
                request,
                f"Verdict recorded for {followup.finding.reference} at "
                f"{lowerfirst(followup.document.get_kind_display())}: "
                f"{Verdict(form.cleaned_data['verdict']).label.lower()}.",
            )
            return redirect(
                next_url(
                    request,
                    reverse("tracker:finding-detail", args=[followup.finding_id]),
                )
            )
    return _followup_page(request, followup, form, status=400 if form.errors else 200)


@login_required
@require_POST
def followup_reject(request, pk: int):
    followup = object_for_user(request, selectors.followup_for_user, pk, allowed=can_manage_any)
    try:
        inspection_services.followup_reject(followup=followup, user=request.user)
    except inspection_services.FollowUpError as exc:
        form = _review_form(followup)
        form.add_error(None, str(exc))
        return _followup_page(request, followup, form, status=400)
    messages.success(
        request,
        f"Suggestion rejected: {lowerfirst(followup.document.get_kind_display())} is not "
        f"recorded as saying anything about {followup.finding.reference}.",
    )
    return redirect(
        next_url(request, reverse("tracker:finding-detail", args=[followup.finding_id]))
    )


def _theme_page(request, authority, status: int = 200, bound=None):
    themes = selectors.theme_reviews(authority=authority)
    for theme in themes:
        theme.title_value = theme.title
        if bound is not None and bound.prefix == f"theme-{theme.pk}":
            # Shown as the manager sent it, with the form's errors.
            theme.review_form = bound
            theme.title_value = bound.data.get(bound.add_prefix("title"), "")
            theme.checked = {parse_id(v) for v in bound.data.getlist(bound.add_prefix("findings"))}
    return render(
        request,
        "tracker/theme_list.html",
        {
            "authority": authority,
            "suggested": [t for t in themes if t.needs_review],
            "confirmed": [t for t in themes if not t.needs_review],
            "bound": bound,
        },
        status=status,
    )


@login_required
def theme_list(request, slug: str):
    """Recurring themes of an authority: suggestions to accept or reject, and confirmed ones."""
    authority = authority_for_user(request, slug)
    require_manager(request)
    return _theme_page(request, authority)


@login_required
@require_POST
def theme_suggest(request, slug: str):
    authority = authority_for_user(request, slug)
    require_manager(request)
    changed = inspection_services.theme_suggest(authority=authority)
    if changed:
        messages.success(
            request, f"{len(changed)} theme{pluralize(len(changed))} suggested for review."
        )
    else:
        messages.success(request, "No new recurring themes were found.")
    return redirect("tracker:theme-list", slug=authority.slug)


@login_required
@require_POST
def theme_confirm(request, pk: int):
    theme = object_for_user(request, selectors.theme_for_user, pk, allowed=can_manage_any)
    form = ThemeReviewForm(request.POST, theme=theme, prefix=f"theme-{theme.pk}")
    if form.is_valid():
        try:
            inspection_services.theme_confirm(
                theme=theme,
                user=request.user,
                findings=form.cleaned_data["findings"],
                title=form.cleaned_data["title"],
            )
        except inspection_services.FollowUpError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, f"Theme “{form.cleaned_data['title']}” confirmed.")
            return redirect("tracker:theme-list", slug=theme.authority.slug)
    return _theme_page(request, theme.authority, status=400, bound=form)


@login_required
@require_POST
def theme_reject(request, pk: int):
    theme = object_for_user(request, selectors.theme_for_user, pk, allowed=can_manage_any)
    inspection_services.theme_reject(theme=theme, user=request.user)
    messages.success(request, f"Theme “{theme.title}” rejected; it will not be suggested again.")
    return redirect("tracker:theme-list", slug=theme.authority.slug)
