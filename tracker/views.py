"""Pages of the tracker: parse the request, call one selector or service, render or redirect.

``_object_for_user`` is the one place that decides "404 or 403": an object
outside the user's authorities does not exist for them (404); one they can
see but may not change is forbidden (403).
"""

from __future__ import annotations

from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.template.defaultfilters import pluralize
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods, require_POST
from django_tables2 import RequestConfig

from inspections import selectors as inspection_selectors
from inspections import services as inspection_services
from inspections.models import FindingState, LocalAuthority, ReviewState, Verdict
from tracker import exports, permissions, selectors, services
from tracker.filters import ActionFilter, FindingFilter
from tracker.forms import (
    EVIDENCE_FORMS,
    AcrossVisitsFilterForm,
    ActionForm,
    AtRiskForm,
    EvidenceReviewForm,
    FollowUpReviewForm,
    ProgressUpdateForm,
    StatusForm,
    ThemeReviewForm,
)
from tracker.models import EvidenceKind
from tracker.tables import ActionTable, FindingTable
from tracker.templatetags.tracker_tags import govuk_date, lowerfirst
from tracker.validation import parse_id

PER_PAGE = 25


def _object_for_user(request, fetch, pk: int, *, allowed=None):
    try:
        obj = fetch(user=request.user, pk=pk)
    except ObjectDoesNotExist as exc:
        raise Http404("Not found, or not in your authorities.") from exc
    if allowed is not None and not allowed(request.user, obj):
        raise PermissionDenied
    return obj


def _can_manage(user, _obj) -> bool:
    return permissions.can_manage(user)


def _form_error(form, exc: services.TrackerError, fields: dict[str, str] | None = None) -> None:
    field = (fields or {}).get(exc.field, exc.field)
    form.add_error(field if field in form.fields else None, exc.message)


@login_required
def dashboard(request):
    data = selectors.dashboard(user=request.user)
    return render(
        request,
        "tracker/dashboard.html",
        {
            "dashboard": data,
            "can_own": permissions.can_own_actions(request.user),
            "gaps": selectors.self_assessment_gaps(user=request.user),
        },
    )


@login_required
def action_list(request):
    filterset = ActionFilter(
        request.GET, queryset=selectors.action_list(user=request.user), request=request
    )
    table = ActionTable(filterset.qs)
    RequestConfig(request, paginate={"per_page": PER_PAGE}).configure(table)
    return render(request, "tracker/action_list.html", {"filter": filterset, "table": table})


@login_required
def finding_list(request):
    filterset = FindingFilter(
        request.GET, queryset=selectors.finding_list(user=request.user), request=request
    )
    table = FindingTable(filterset.qs)
    RequestConfig(request, paginate={"per_page": PER_PAGE}).configure(table)
    return render(request, "tracker/finding_list.html", {"filter": filterset, "table": table})


@login_required
def document_list(request):
    documents = selectors.document_list(user=request.user)
    return render(request, "tracker/document_list.html", {"documents": documents})


@login_required
def document_detail(request, pk: int):
    page = _object_for_user(request, selectors.document_detail, pk)
    return render(
        request,
        "tracker/document_detail.html",
        {
            "page": page,
            "document": page.document,
            "can_manage": permissions.can_manage(request.user),
        },
    )


@login_required
def finding_detail(request, pk: int):
    finding = _object_for_user(request, selectors.finding_detail, pk)
    return render(
        request,
        "tracker/finding_detail.html",
        {
            "finding": finding,
            "can_manage": permissions.can_manage(request.user),
            "timeline": selectors.finding_timeline(finding=finding),
        },
    )


@login_required
@require_POST
def finding_decide(request, pk: int, decision: str):
    finding = _object_for_user(request, selectors.finding_detail, pk, allowed=_can_manage)
    service = services.finding_confirm if decision == "confirm" else services.finding_reject
    try:
        finding = service(finding=finding, user=request.user)
    except services.TrackerError as exc:
        messages.error(request, exc.message)
    else:
        if finding.state == FindingState.CONFIRMED:
            suggested = finding.followups.filter(state=ReviewState.SUGGESTED).count()
            later = (
                f" Later visits were searched for what they say about it: {suggested} "
                f"suggestion{pluralize(suggested)} to review below."
                if suggested
                else ""
            )
            messages.success(request, f"Finding confirmed: you can now add actions to it.{later}")
        else:
            messages.success(request, "Finding rejected.")
    return redirect("tracker:finding-detail", pk=finding.pk)


@login_required
@require_http_methods(["GET", "POST"])
def action_create(request, pk: int):
    finding = _object_for_user(request, selectors.finding_detail, pk, allowed=_can_manage)
    owners = selectors.assignable_owners(authority_id=finding.document.authority_id)
    form = ActionForm(request.POST or None, owners=owners)
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "version"}
        try:
            action = services.action_create(finding=finding, user=request.user, **data)
        except services.TrackerError as exc:
            _form_error(form, exc)
        else:
            messages.success(request, f"Action “{action.title}” added.")
            return redirect("tracker:action-detail", pk=action.pk)
    status = 400 if form.errors else 200
    return render(
        request, "tracker/action_form.html", {"form": form, "finding": finding}, status=status
    )


@login_required
@require_http_methods(["GET", "POST"])
def action_edit(request, pk: int):
    action = _object_for_user(request, selectors.action_detail, pk, allowed=_can_manage)
    owners = selectors.assignable_owners(authority_id=action.finding.document.authority_id)
    form = ActionForm(request.POST or None, owners=owners, initial=ActionForm.initial_for(action))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data.copy()
        version = data.pop("version")
        try:
            services.action_update(
                action=action, user=request.user, expected_version=version, **data
            )
        except services.TrackerError as exc:
            _form_error(form, exc)
        else:
            messages.success(request, "Action saved.")
            return redirect("tracker:action-detail", pk=action.pk)
    status = 400 if form.errors else 200
    return render(
        request,
        "tracker/action_form.html",
        {"form": form, "finding": action.finding, "action": action},
        status=status,
    )


def _action_page(request, action, status: int = 200, review_for: int | None = None, **forms):
    user = request.user
    can_edit = permissions.can_edit_action(user, action)
    by_manager = permissions.is_manager(user)
    context = {
        "action": action,
        "finding": action.finding,
        "can_edit": can_edit,
        "can_manage": by_manager,
        "history": selectors.action_history(action=action),
        "evidence_list": list(action.evidence.all()),
        "updates": list(action.updates.all()),
        "review_for": review_for,
    }
    if can_edit:
        versioned = {"version": action.version}
        context.update(
            status_form=StatusForm(action=action, by_manager=by_manager, initial=versioned),
            risk_form=AtRiskForm(
                initial={**versioned, "at_risk": "0" if action.at_risk else "1"}, prefix="risk"
            ),
            update_form=ProgressUpdateForm(prefix="update"),
            file_form=EVIDENCE_FORMS[EvidenceKind.FILE](prefix="file"),
            link_form=EVIDENCE_FORMS[EvidenceKind.LINK](prefix="link"),
            note_form=EVIDENCE_FORMS[EvidenceKind.NOTE](prefix="note"),
        )
    if can_edit:
        risk_form = forms.get("risk_form", context["risk_form"])
        risk_form.fields["reason"].label = (
            "Note on clearing it (optional)" if action.at_risk else "Why is it at risk?"
        )
    for form in forms.values():
        if form.is_bound and "version" in form.fields:
            # The page shows the action as it is now, so a resubmission is
            # about the current version, not the one that went stale.
            form.data = form.data.copy()
            form.data[form.add_prefix("version")] = action.version
    context.update(forms)
    context["bound_forms"] = [f for f in forms.values() if f.errors]
    return render(request, "tracker/action_detail.html", context, status=status)


@login_required
def action_detail(request, pk: int):
    action = _object_for_user(request, selectors.action_detail, pk)
    return _action_page(request, action)


def _editable_action(request, pk: int):
    return _object_for_user(
        request, selectors.action_detail, pk, allowed=permissions.can_edit_action
    )


@login_required
@require_POST
def action_update_status(request, pk: int):
    action = _editable_action(request, pk)
    form = StatusForm(request.POST, action=action, by_manager=permissions.is_manager(request.user))
    if form.is_valid():
        try:
            updated = services.action_transition(
                action=action,
                user=request.user,
                new_status=form.cleaned_data["status"],
                expected_version=form.cleaned_data["version"],
                update_text=form.cleaned_data["update_text"],
            )
        except services.TrackerError as exc:
            _form_error(form, exc)
        else:
            messages.success(request, f"Status changed to {updated.get_status_display().lower()}.")
            return redirect("tracker:action-detail", pk=pk)
    form.offer_moves(action=action, by_manager=permissions.is_manager(request.user))
    return _action_page(request, action, status=400, status_form=form)


@login_required
@require_POST
def action_update_risk(request, pk: int):
    action = _editable_action(request, pk)
    form = AtRiskForm(request.POST, prefix="risk")
    if form.is_valid():
        try:
            services.action_set_at_risk(
                action=action,
                user=request.user,
                at_risk=form.cleaned_data["at_risk"],
                reason=form.cleaned_data["reason"],
                expected_version=form.cleaned_data["version"],
            )
        except services.TrackerError as exc:
            _form_error(form, exc)
        else:
            raised = form.cleaned_data["at_risk"]
            messages.success(
                request, "Action flagged as at risk." if raised else "At-risk flag cleared."
            )
            return redirect("tracker:action-detail", pk=pk)
    return _action_page(request, action, status=400, risk_form=form)


@login_required
@require_POST
def action_add_update(request, pk: int):
    action = _editable_action(request, pk)
    form = ProgressUpdateForm(request.POST, prefix="update")
    if form.is_valid():
        try:
            services.progress_update_add(
                action=action, user=request.user, text=form.cleaned_data["text"]
            )
        except services.TrackerError as exc:
            _form_error(form, exc)
        else:
            messages.success(request, "Progress update added.")
            return redirect("tracker:action-detail", pk=pk)
    return _action_page(request, action, status=400, update_form=form)


@login_required
@require_POST
def evidence_add(request, pk: int, kind: str):
    action = _editable_action(request, pk)
    if kind not in EVIDENCE_FORMS:
        raise Http404
    form = EVIDENCE_FORMS[kind](request.POST, request.FILES, prefix=kind)
    if form.is_valid():
        try:
            services.evidence_add(action=action, user=request.user, kind=kind, **form.cleaned_data)
        except services.TrackerError as exc:
            _form_error(form, exc)
        else:
            messages.success(request, "Evidence added.")
            return redirect(reverse("tracker:action-detail", args=[pk]) + "#evidence")
    return _action_page(request, action, status=400, **{f"{kind}_form": form})


@login_required
@require_POST
def evidence_review(request, pk: int):
    evidence = _object_for_user(request, selectors.evidence_for_download, pk, allowed=_can_manage)
    form = EvidenceReviewForm(request.POST, prefix=f"review-{evidence.pk}")
    if form.is_valid():
        try:
            services.evidence_review(evidence=evidence, user=request.user, **form.cleaned_data)
        except services.TrackerError as exc:
            _form_error(form, exc, {"review_comment": "comment"})
        else:
            messages.success(request, "Evidence review saved.")
            return redirect(
                reverse("tracker:action-detail", args=[evidence.action_id]) + "#evidence"
            )
    action = selectors.action_detail(user=request.user, pk=evidence.action_id)
    return _action_page(request, action, status=400, review_form=form)


@login_required
def evidence_download(request, pk: int):
    evidence = _object_for_user(request, selectors.evidence_for_download, pk)
    if evidence.kind != EvidenceKind.FILE or not evidence.file:
        raise Http404("This evidence has no file.")
    try:
        handle = evidence.file.open("rb")
    except FileNotFoundError as exc:
        raise Http404("The file is missing from the evidence store.") from exc
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=evidence.original_name,
        content_type=evidence.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "private, no-store"
    return response


# --- Across visits: what inspectors said at later visits, and our status then -------------------


def _authority_for_user(request, slug: str) -> LocalAuthority:
    try:
        return selectors.authority_for_user(user=request.user, slug=slug)
    except LocalAuthority.DoesNotExist as exc:
        raise Http404("Not found, or not in your authorities.") from exc


def _require_manager(request) -> None:
    if not permissions.can_manage(request.user):
        raise PermissionDenied


def _next_url(request, default: str) -> str:
    """Where to go back to after a review: the page the form came from, if it is ours."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return default


@login_required
def across_visits_choose(request):
    """The across-visits view of the user's one authority, or a choice between several."""
    authorities = list(selectors.authority_list(user=request.user))
    if len(authorities) == 1:
        return redirect("tracker:across-visits", slug=authorities[0].slug)
    return render(
        request,
        "tracker/across_visits_choose.html",
        {"authorities": authorities, "can_manage": permissions.can_manage(request.user)},
    )


@login_required
def across_visits(request, slug: str):
    authority = _authority_for_user(request, slug)
    form = AcrossVisitsFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_bound and form.is_valid() else {}
    data = selectors.across_visits(
        authority=authority,
        judgement_area=filters.get("area", ""),
        verdicts=tuple(filters.get("verdict", ())),
        gaps_only=filters.get("gap", False),
    )
    return render(
        request,
        "tracker/across_visits.html",
        {
            "authority": authority,
            "data": data,
            "form": form,
            "verdicts": Verdict.choices,
            "can_manage": permissions.can_manage(request.user),
        },
    )


@login_required
def followup_review_list(request, slug: str):
    """Suggested follow-ups of an authority (or of one later document) for a manager to decide."""
    authority = _authority_for_user(request, slug)
    _require_manager(request)
    documents = selectors.authority_documents(authority=authority)
    document = None
    if request.GET.get("document"):
        document = next((d for d in documents if str(d.pk) == request.GET["document"]), None)
        if document is None:
            raise Http404("No such document for this authority.")
    followups = list(
        inspection_selectors.followup_pending_list(authority=authority, document=document)
    )
    for followup in followups:
        followup.finding.document.authority = authority  # for references, without a query each
        # The nearest paragraphs to a finding the document does not mention are not evidence.
        ticked = followup.verdict != Verdict.NOT_LOOKED_AT
        followup.review_choices = [(q.paragraph, ticked) for q in followup.quotes.all()]
    return render(
        request,
        "tracker/followup_review_list.html",
        {
            "authority": authority,
            "documents": documents,
            "document": document,
            "followups": followups,
            "verdicts": Verdict.choices,
        },
    )


def _followup_page(request, followup, form, status: int = 200):
    chosen = (
        {str(pk) for pk in form.data.getlist("paragraphs")}
        if form.is_bound
        else {
            str(q.paragraph_id)
            for q in followup.quotes.all()
            if followup.verdict != Verdict.NOT_LOOKED_AT
        }
    )
    verdict = form.data.get("verdict") if form.is_bound else followup.verdict
    paragraphs = selectors.document_paragraphs(document_id=followup.document_id)
    return render(
        request,
        "tracker/followup_review.html",
        {
            "followup": followup,
            "form": form,
            "choices": [(p, str(p.pk) in chosen) for p in paragraphs],
            "selected_verdict": verdict,
            "verdicts": Verdict.choices,
            "next": _next_url(request, ""),
        },
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def followup_review(request, pk: int):
    """Accept or change a follow-up: the verdict and the paragraphs of the later document."""
    followup = _object_for_user(request, selectors.followup_for_user, pk, allowed=_can_manage)
    form = FollowUpReviewForm(request.POST or None, followup=followup)
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
                _next_url(
                    request,
                    reverse("tracker:finding-detail", args=[followup.finding_id]),
                )
            )
    return _followup_page(request, followup, form, status=400 if form.errors else 200)


@login_required
@require_POST
def followup_reject(request, pk: int):
    followup = _object_for_user(request, selectors.followup_for_user, pk, allowed=_can_manage)
    try:
        inspection_services.followup_reject(followup=followup, user=request.user)
    except inspection_services.FollowUpError as exc:
        form = FollowUpReviewForm(followup=followup)
        form.add_error(None, str(exc))
        return _followup_page(request, followup, form, status=400)
    messages.success(
        request,
        f"Suggestion rejected: {lowerfirst(followup.document.get_kind_display())} is not "
        f"recorded as saying anything about {followup.finding.reference}.",
    )
    return redirect(
        _next_url(request, reverse("tracker:finding-detail", args=[followup.finding_id]))
    )


def _theme_page(request, authority, status: int = 200, bound=None):
    themes = list(
        inspection_selectors.theme_list(
            authority=authority, states=[ReviewState.SUGGESTED, ReviewState.CONFIRMED]
        )
    )
    for theme in themes:
        theme.members = [m for m in theme.memberships.all() if m.state != ReviewState.REJECTED]
        theme.needs_review = theme.state == ReviewState.SUGGESTED or any(
            m.state == ReviewState.SUGGESTED for m in theme.members
        )
        theme.title_value = theme.title
        theme.checked = {m.finding_id for m in theme.members}
        if bound is not None and bound.prefix == f"theme-{theme.pk}":
            theme.review_form = bound
            theme.title_value = bound.data.get(bound.add_prefix("title"), "")
            theme.checked = {parse_id(v) for v in bound.data.getlist(bound.add_prefix("findings"))}
    return render(
        request,
        "tracker/theme_list.html",
        {
            "authority": authority,
            # A confirmed theme comes up again when new findings are suggested for it.
            "suggested": [t for t in themes if t.needs_review],
            "confirmed": [t for t in themes if not t.needs_review],
            "bound": bound,
        },
        status=status,
    )


@login_required
def theme_list(request, slug: str):
    """Recurring themes of an authority: suggestions to accept or reject, and confirmed ones."""
    authority = _authority_for_user(request, slug)
    _require_manager(request)
    return _theme_page(request, authority)


@login_required
@require_POST
def theme_suggest(request, slug: str):
    authority = _authority_for_user(request, slug)
    _require_manager(request)
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
    theme = _object_for_user(request, selectors.theme_for_user, pk, allowed=_can_manage)
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
    theme = _object_for_user(request, selectors.theme_for_user, pk, allowed=_can_manage)
    inspection_services.theme_reject(theme=theme, user=request.user)
    messages.success(request, f"Theme “{theme.title}” rejected; it will not be suggested again.")
    return redirect("tracker:theme-list", slug=theme.authority.slug)


# --- Board packs ----------------------------------------------------------------------------------


@login_required
def board_pack(request):
    """The Excel board pack of every authority the user may see, or of one (?authority=slug)."""
    slug = request.GET.get("authority")
    authority = _authority_for_user(request, slug) if slug else None
    if authority is None:
        authorities = list(selectors.authority_list(user=request.user)[:2])
        authority = authorities[0] if len(authorities) == 1 else None
    return exports.board_pack_response(user=request.user, authority=authority)


@login_required
def action_list_board_pack(request):
    """The board pack of the actions the list shows with the same filters."""
    filterset = ActionFilter(
        request.GET, queryset=selectors.action_list(user=request.user), request=request
    )
    if not filterset.is_valid():
        table = ActionTable(filterset.qs)
        RequestConfig(request, paginate={"per_page": PER_PAGE}).configure(table)
        return render(
            request,
            "tracker/action_list.html",
            {"filter": filterset, "table": table},
            status=400,
        )
    return exports.board_pack_response(
        user=request.user, actions=filterset.qs, note=_filter_note(filterset)
    )


def _filter_note(filterset) -> str:
    """“Filtered: Status: In progress; RAG rating: Red” for the pack's summary sheet."""
    parts = []
    for name, value in filterset.form.cleaned_data.items():
        if value in (None, "", False) or name not in filterset.form.fields:
            continue
        field = filterset.form.fields[name]
        if value is True:
            shown = "yes"
        elif isinstance(value, date):
            shown = govuk_date(value)
        elif hasattr(value, "get_full_name"):
            shown = selectors.person_name(value)
        elif hasattr(field, "choices") and not hasattr(value, "pk"):
            shown = str(dict(field.choices).get(value, value))
        else:
            shown = str(value)
        parts.append(f"{field.label}: {shown}")
    return "Filtered: " + "; ".join(parts) if parts else "All actions"
