"""Admin for imported documents, including the upload → preview → confirm import."""

from __future__ import annotations

import time
import uuid
from pathlib import Path

from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.core.files.storage import default_storage
from django.db import transaction
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from simple_history.admin import SimpleHistoryAdmin

from config.admin import LabelledTabularInline
from inspections.forms import ReportPreviewForm, ReportUploadForm
from inspections.matching.themes import likeness_words
from inspections.models import (
    Document,
    Finding,
    FollowUp,
    FollowUpParagraph,
    Judgement,
    LocalAuthority,
    Paragraph,
    RegisteredAuthority,
    Theme,
    ThemeFinding,
)
from inspections.parsing import report_to_dict
from inspections.services import (
    Corrections,
    ReportImportError,
    existing_document,
    report_import,
    report_parse,
)
from tracker import scope
from tracker.admin_scope import AuthorityScopedAdmin, AuthorityScopedMixin, SuperuserOnlyAdmin

PENDING_MAX_AGE_SECONDS = 24 * 60 * 60


def pending_dir() -> Path:
    folder = Path(settings.MEDIA_ROOT) / "pending-imports"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def pending_path(token: str) -> Path:
    # The token is validated as 32 hex digits by the form, so it cannot leave the folder.
    return pending_dir() / token


def _refuse_other_authority(user, result) -> None:
    """An admin imports documents only for the authorities they belong to."""
    authority = result.document.authority
    if result.created and not scope.can_see_authority(user, authority.pk):
        default_storage.delete(result.document.source_file.name)
        raise ReportImportError(
            f"This document is about {authority.name}, which you do not administer; "
            "nothing was imported. Ask a superuser to import it."
        )


def _discard_stale_pending() -> None:
    cutoff = time.time() - PENDING_MAX_AGE_SECONDS
    for stale in pending_dir().iterdir():
        if stale.stat().st_mtime < cutoff:
            stale.unlink(missing_ok=True)


@admin.register(RegisteredAuthority)
class RegisteredAuthorityAdmin(SuperuserOnlyAdmin, admin.ModelAdmin):
    """The register is loaded from data; superusers add the other names documents print.

    A name added here decides which authority documents are filed under, so it is not
    left to the admin role, whose reach is one authority.
    """

    list_display = ["short_name", "la_code", "ons_code", "ofsted_urn", "region", "ended"]
    search_fields = ["short_name", "official_name", "la_code", "ons_code", "ofsted_urn"]
    list_filter = ["region"]
    readonly_fields = ["la_code"]


@admin.register(LocalAuthority)
class LocalAuthorityAdmin(AuthorityScopedAdmin, admin.ModelAdmin):
    list_display = ["name", "code", "document_count"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}

    # Adding or removing an authority changes who exists, not what one authority holds.
    def has_add_permission(self, request):
        return request.user.is_superuser

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser

    @admin.display(description="Documents")
    def document_count(self, obj):
        return obj.documents.count()


class JudgementInline(AuthorityScopedMixin, LabelledTabularInline):
    model = Judgement
    extra = 0


class FindingInline(AuthorityScopedMixin, admin.StackedInline):
    model = Finding
    extra = 0
    fields = ["order", "source_list", "state", "text", "framework_reference"]
    show_change_link = True


@admin.register(Document)
class DocumentAdmin(AuthorityScopedAdmin, SimpleHistoryAdmin):
    list_display = ["__str__", "kind", "visit_start", "visit_end", "letter_date", "received_date"]
    list_filter = ["kind", "authority"]
    list_select_related = ["authority"]
    search_fields = ["authority__name", "title", "source_filename"]
    date_hierarchy = "visit_start"
    readonly_fields = [
        "content_hash",
        "source_filename",
        "imported_at",
        "imported_by",
        "page_count",
    ]
    exclude = ["text", "source_file"]
    inlines = [JudgementInline, FindingInline]
    change_list_template = "admin/inspections/document/change_list.html"

    def get_urls(self):
        return [
            path(
                "import/",
                self.admin_site.admin_view(self.import_view),
                name="inspections_document_import",
            ),
        ] + super().get_urls()

    def import_view(self, request):
        if not self.has_add_permission(request):
            raise PermissionDenied
        if request.method == "POST" and "confirm" in request.POST:
            return self._confirm(request)
        upload_form = ReportUploadForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and upload_form.is_valid():
            previews = self._preview(request, upload_form)
            if previews:
                return self._render(request, "preview", previews=previews)
        return self._render(request, "upload", upload_form=upload_form)

    def _preview(self, request, upload_form) -> list[dict]:
        _discard_stale_pending()
        previews = []
        received = upload_form.cleaned_data["received_date"]
        for index, upload in enumerate(upload_form.cleaned_data["files"]):
            data = upload.read()
            entry = {"filename": upload.name, "error": None, "form": None, "parsed": None}
            existing = existing_document(data=data)
            if existing is not None:
                entry["error"] = f"Already imported as {existing}."
            else:
                try:
                    report = report_parse(data=data, filename=upload.name)
                except ReportImportError as error:
                    entry["error"] = str(error)
                else:
                    token = uuid.uuid4().hex
                    pending_path(token).write_bytes(data)
                    parsed = report_to_dict(report)
                    entry["parsed"] = parsed
                    entry["form"] = ReportPreviewForm(
                        prefix=f"file{index}",
                        initial={
                            "token": token,
                            "filename": upload.name,
                            "include": True,
                            "local_authority": report.local_authority,
                            "kind": report.kind,
                            "visit_start": report.visit_start,
                            "visit_end": report.visit_end,
                            "letter_date": report.letter_date,
                            "published_date": report.published_date,
                            "received_date": received,
                            "visit_number": report.visit_number,
                            "improvement_items": "\n".join(parsed["improvement_items"] or []),
                        },
                    )
            previews.append(entry)
        if not any(entry["form"] for entry in previews):
            for entry in previews:
                messages.error(request, f"{entry['filename']}: {entry['error']}")
            return []
        return previews

    def _confirm(self, request):
        try:
            count = min(int(request.POST.get("count", "0")), 50)
        except ValueError:
            count = 0
        forms_ = [
            ReportPreviewForm(request.POST, prefix=f"file{i}")
            for i in range(count)
            if f"file{i}-token" in request.POST
        ]
        if not all(form.is_valid() for form in forms_):
            previews = [
                {"filename": form.data.get(f"{form.prefix}-filename"), "form": form}
                for form in forms_
            ]
            return self._render(request, "preview", previews=previews)
        for form in forms_:
            if form.cleaned_data["include"]:
                self._import_one(request, form)
        return redirect(reverse("admin:inspections_document_changelist"))

    def _import_one(self, request, form: ReportPreviewForm) -> None:
        data_path = pending_path(form.cleaned_data["token"])
        filename = form.cleaned_data["filename"]
        if not data_path.exists():
            messages.error(request, f"{filename}: the upload has expired; please upload it again.")
            return
        data = data_path.read_bytes()
        corrections = Corrections(
            local_authority=form.cleaned_data["local_authority"],
            kind=form.cleaned_data["kind"],
            visit_start=form.cleaned_data["visit_start"],
            visit_end=form.cleaned_data["visit_end"],
            letter_date=form.cleaned_data["letter_date"],
            published_date=form.cleaned_data["published_date"],
            visit_number=form.cleaned_data["visit_number"],
            improvement_items=form.item_lines(),
        )
        try:
            with transaction.atomic():
                result = report_import(
                    data=data,
                    filename=filename,
                    user=request.user,
                    received_date=form.cleaned_data["received_date"],
                    corrections=corrections,
                )
                _refuse_other_authority(request.user, result)
        except ReportImportError as error:
            messages.error(request, f"{filename}: {error}")
            return
        data_path.unlink(missing_ok=True)
        level = messages.SUCCESS if result.created else messages.WARNING
        messages.add_message(request, level, result.message)
        for note in result.notes:
            link = format_html('<a href="{}">{}</a>', note.path, note.link_text)
            messages.warning(request, format_html("{} {}.", note.text, link))

    def _render(self, request, step: str, **context):
        return TemplateResponse(
            request,
            f"admin/inspections/document/import_{step}.html",
            {
                **self.admin_site.each_context(request),
                "opts": self.model._meta,
                "title": "Import Ofsted reports" if step == "upload" else "Check what was read",
                **context,
            },
        )


@admin.register(Finding)
class FindingAdmin(AuthorityScopedAdmin, SimpleHistoryAdmin):
    list_display = ["__str__", "document", "source_list", "state", "order"]
    list_filter = ["source_list", "state", "document__authority"]
    list_select_related = ["document__authority"]
    search_fields = ["text"]
    autocomplete_fields = ["document"]
    filter_horizontal = ["paragraphs"]

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "paragraphs":
            finding_id = request.resolver_match.kwargs.get("object_id")
            document_id = Finding.objects.filter(pk=finding_id).values("document_id")[:1]
            kwargs["queryset"] = Paragraph.objects.filter(document_id__in=document_id)
        return super().formfield_for_manytomany(db_field, request, **kwargs)


@admin.register(Paragraph)
class ParagraphAdmin(AuthorityScopedAdmin, admin.ModelAdmin):
    list_display = ["document", "order", "number", "page", "heading"]
    list_select_related = ["document__authority"]
    list_filter = ["document__authority"]
    search_fields = ["text"]
    readonly_fields = ["document"]


class ThemeFindingInline(AuthorityScopedMixin, LabelledTabularInline):
    model = ThemeFinding
    extra = 0
    fields = ["finding", "state"]
    raw_id_fields = ["finding"]


@admin.register(Theme)
class ThemeAdmin(AuthorityScopedAdmin, SimpleHistoryAdmin):
    list_display = ["title", "authority", "state", "likeness", "decided_by", "decided_at"]
    list_filter = ["state", "authority"]
    list_select_related = ["authority", "decided_by"]
    search_fields = ["title", "findings__text"]
    readonly_fields = ["likeness", "reason", "created_at", "decided_by", "decided_at"]
    exclude = ["score"]  # shown in words, as likeness
    inlines = [ThemeFindingInline]

    @admin.display(description="How alike the findings are")
    def likeness(self, obj):
        return likeness_words(obj.score)


class FollowUpParagraphInline(AuthorityScopedMixin, LabelledTabularInline):
    model = FollowUpParagraph
    extra = 0
    fields = ["paragraph", "rank", "matched"]
    readonly_fields = ["rank", "matched"]
    raw_id_fields = ["paragraph"]


@admin.register(FollowUp)
class FollowUpAdmin(AuthorityScopedAdmin, SimpleHistoryAdmin):
    list_display = ["finding", "document", "state", "verdict", "suggested_verdict", "confidence"]
    list_filter = ["state", "verdict", "document__authority"]
    list_select_related = ["finding__document__authority", "document__authority"]
    search_fields = ["finding__text", "reason"]
    raw_id_fields = ["finding", "document", "later_finding"]
    readonly_fields = [
        "suggested_verdict",
        "confidence",  # the score, in words
        "reason",
        "created_at",
        "decided_by",
        "decided_at",
    ]
    exclude = ["score"]
    inlines = [FollowUpParagraphInline]


from inspections.areas import admin as areas_admin  # noqa: E402, F401  (registers eras and areas)
