from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import GroupAdmin, UserAdmin
from django.contrib.auth.models import Group
from simple_history.admin import SimpleHistoryAdmin

from tracker.admin_scope import AuthorityScopedAdmin, ReadOnlyAdmin, SuperuserOnlyAdmin
from tracker.models import Action, Evidence, Membership, ProgressUpdate, ReminderSent
from tracker.notifications.models import Notification


@admin.register(Membership)
class MembershipAdmin(SuperuserOnlyAdmin, SimpleHistoryAdmin):
    list_display = ("user", "authority")
    list_filter = ("authority",)
    search_fields = ("user__username", "user__email", "user__first_name", "user__last_name")
    autocomplete_fields = ("user",)


class ProgressUpdateInline(ReadOnlyAdmin, admin.TabularInline):
    model = ProgressUpdate
    extra = 0
    fields = ("text", "author", "created_at")
    readonly_fields = fields


# Actions, their updates and evidence change only through the app (tracker.services), which
# keeps the workflow, the stale-edit versions and the history; the admin shows them.
@admin.register(Action)
class ActionAdmin(ReadOnlyAdmin, AuthorityScopedAdmin, SimpleHistoryAdmin):
    list_display = ("title", "finding", "owner", "deadline", "status", "at_risk")
    list_filter = ("status", "at_risk", "finding__document__authority")
    search_fields = ("title", "description", "finding__text")
    list_select_related = ("finding__document__authority", "owner")
    inlines = [ProgressUpdateInline]


@admin.register(Evidence)
class EvidenceAdmin(ReadOnlyAdmin, AuthorityScopedAdmin, SimpleHistoryAdmin):
    list_display = ("label", "action", "kind", "review_state", "added_by", "added_at")
    list_filter = ("kind", "review_state")
    # Files are stored privately and only served by the permission-checked view.
    exclude = ("file",)


# Who was told what about an action, and whether the email went: to answer "was I told?".
# Written only by tracker.notifications as the plan changes; nobody changes them here.
@admin.register(Notification)
class NotificationAdmin(ReadOnlyAdmin, AuthorityScopedAdmin, admin.ModelAdmin):
    list_display = ("created_at", "recipient", "kind", "action", "emailed_at")
    list_filter = (
        "kind",
        ("emailed_at", admin.EmptyFieldListFilter),
        "action__finding__document__authority",
    )
    search_fields = ("recipient__username", "recipient__email", "action__title", "detail")
    list_select_related = ("recipient", "action")
    date_hierarchy = "created_at"
    fields = (
        "recipient",
        "kind",
        "action",
        "actor",
        "evidence",
        "detail",
        "created_at",
        "emailed_at",
    )


@admin.register(ReminderSent)
class ReminderSentAdmin(ReadOnlyAdmin, SuperuserOnlyAdmin, admin.ModelAdmin):
    list_display = ("owner", "sent_on", "action_count")
    date_hierarchy = "sent_on"


# People, groups, permissions and passwords are for superusers only. The admin's history page
# of a person shows who changed their account and roles (simple-history), read only.
class HistoryUserAdmin(SuperuserOnlyAdmin, SimpleHistoryAdmin, UserAdmin):
    pass


class SuperuserGroupAdmin(SuperuserOnlyAdmin, GroupAdmin):
    pass


admin.site.unregister(get_user_model())
admin.site.register(get_user_model(), HistoryUserAdmin)
admin.site.unregister(Group)
admin.site.register(Group, SuperuserGroupAdmin)
