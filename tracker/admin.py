from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from simple_history.admin import SimpleHistoryAdmin

from tracker.models import Action, Evidence, Membership, ProgressUpdate, ReminderSent


@admin.register(Membership)
class MembershipAdmin(SimpleHistoryAdmin):
    list_display = ("user", "authority")
    list_filter = ("authority",)
    search_fields = ("user__username", "user__email", "user__first_name", "user__last_name")
    autocomplete_fields = ("user",)


class ProgressUpdateInline(admin.TabularInline):
    model = ProgressUpdate
    extra = 0
    fields = ("text", "author", "created_at")
    readonly_fields = ("author", "created_at")


@admin.register(Action)
class ActionAdmin(SimpleHistoryAdmin):
    list_display = ("title", "finding", "owner", "deadline", "status", "at_risk")
    list_filter = ("status", "at_risk", "finding__document__authority")
    search_fields = ("title", "description", "finding__text")
    list_select_related = ("finding__document__authority", "owner")
    raw_id_fields = ("finding", "owner")
    # Deadlines and sign-off change only through the services, which ask for reasons.
    readonly_fields = (
        *("deadline", "original_deadline", "deadline_revisions", "deadline_reason"),
        *("status", "verified_override_reason"),
        *("version", "created_by", "created_at", "updated_at"),
    )
    inlines = [ProgressUpdateInline]

    def has_add_permission(self, request):
        return False  # added on the finding's page, with its deadline


@admin.register(Evidence)
class EvidenceAdmin(SimpleHistoryAdmin):
    list_display = ("label", "action", "kind", "review_state", "added_by", "added_at")
    list_filter = ("kind", "review_state")
    raw_id_fields = ("action",)
    # Files are stored privately and only served by the permission-checked view.
    exclude = ("file",)
    readonly_fields = ("original_name", "content_type", "size", "added_by", "added_at")


@admin.register(ReminderSent)
class ReminderSentAdmin(admin.ModelAdmin):
    list_display = ("owner", "sent_on", "action_count")
    date_hierarchy = "sent_on"


# The admin's history page of a person shows who changed their account and
# roles (simple-history), read only like every history here.
class HistoryUserAdmin(SimpleHistoryAdmin, UserAdmin):
    pass


admin.site.unregister(get_user_model())
admin.site.register(get_user_model(), HistoryUserAdmin)
