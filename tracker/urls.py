from django.urls import path

from tracker.views import (
    across_visits,
    actions,
    audit,
    board_pack,
    findings,
    measures,
    notifications,
    people,
    plans,
    reviews,
)

app_name = "tracker"

urlpatterns = [
    path("", actions.dashboard, name="dashboard"),
    path("actions/", actions.action_list, name="action-list"),
    path("actions/<int:pk>/", actions.action_detail, name="action-detail"),
    path("actions/<int:pk>/edit/", actions.action_edit, name="action-edit"),
    path("actions/<int:pk>/status/", actions.action_update_status, name="action-update-status"),
    path("actions/<int:pk>/at-risk/", actions.action_update_risk, name="action-update-risk"),
    path("actions/<int:pk>/updates/", actions.action_add_update, name="action-add-update"),
    path("actions/<int:pk>/evidence/<str:kind>/", actions.evidence_add, name="evidence-add"),
    path("evidence/<int:pk>/download/", actions.evidence_download, name="evidence-download"),
    path("evidence/<int:pk>/review/", actions.evidence_review, name="evidence-review"),
    path("findings/", findings.finding_list, name="finding-list"),
    path("findings/<int:pk>/", findings.finding_detail, name="finding-detail"),
    path("findings/<int:pk>/actions/new/", actions.action_create, name="action-create"),
    path(
        "findings/<int:pk>/confirm/",
        findings.finding_decide,
        {"decision": "confirm"},
        name="finding-confirm",
    ),
    path(
        "findings/<int:pk>/reject/",
        findings.finding_decide,
        {"decision": "reject"},
        name="finding-reject",
    ),
    path("across-visits/", across_visits.across_visits_choose, name="across-visits-choose"),
    path(
        "authorities/<slug:slug>/across-visits/", across_visits.across_visits, name="across-visits"
    ),
    path(
        "authorities/<slug:slug>/follow-ups/",
        reviews.followup_review_list,
        name="followup-review-list",
    ),
    path("authorities/<slug:slug>/themes/", reviews.theme_list, name="theme-list"),
    path("authorities/<slug:slug>/themes/suggest/", reviews.theme_suggest, name="theme-suggest"),
    path("follow-ups/<int:pk>/", reviews.followup_review, name="followup-review"),
    path("follow-ups/<int:pk>/reject/", reviews.followup_reject, name="followup-reject"),
    path("themes/<int:pk>/confirm/", reviews.theme_confirm, name="theme-confirm"),
    path("themes/<int:pk>/reject/", reviews.theme_reject, name="theme-reject"),
    path("board-pack/", board_pack.board_pack, name="board-pack"),
    path("actions/board-pack/", board_pack.action_list_board_pack, name="action-list-board-pack"),
    path("inspections/", findings.document_list, name="document-list"),
    path("inspections/<int:pk>/", findings.document_detail, name="document-detail"),
    path("audit/", audit.audit_log, name="audit-log"),
    path("account/emails/", notifications.preferences, name="notification-preferences"),
    path("people/", people.people, name="people"),
    path(
        "people/memberships/<int:pk>/remove/",
        people.membership_remove,
        name="people-membership-remove",
    ),
    path("people/<int:pk>/roles/", people.roles_set, name="people-roles"),
    path("plan-import/", plans.plan_import_start, name="plan-import-start"),
    path("plan-import/<str:token>/", plans.plan_import_columns, name="plan-import-columns"),
    path("plan-import/<str:token>/review/", plans.plan_import_review, name="plan-import-review"),
    path("measures/", measures.measure_list, name="measure-list"),
    path("measures/upload/", measures.measure_upload, name="measure-upload"),
    path("measures/<int:pk>/", measures.measure_detail, name="measure-detail"),
    path("findings/<int:pk>/measures/new/", measures.measure_create, name="measure-create"),
]
