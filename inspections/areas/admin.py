"""Framework eras and their judgement areas in the admin: a new framework is added here
as an era with its areas. Superusers only, as every authority's findings use them."""

from django.contrib import admin

from tracker.admin_scope import SuperuserOnlyAdmin

from .models import FrameworkEra, JudgementArea


class JudgementAreaInline(SuperuserOnlyAdmin, admin.TabularInline):
    model = JudgementArea
    extra = 0
    fields = ["order", "name", "summary", "keywords", "national_framework"]


@admin.register(FrameworkEra)
class FrameworkEraAdmin(SuperuserOnlyAdmin, admin.ModelAdmin):
    list_display = ["name", "code", "starts", "ends"]
    inlines = [JudgementAreaInline]
