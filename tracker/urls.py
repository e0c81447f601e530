from django.urls import path

from tracker import people, views

app_name = "tracker"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("actions/", views.action_list, name="action-list"),
    path("actions/<int:pk>/", views.action_detail, name="action-detail"),
    path("actions/<int:pk>/edit/", views.action_edit, name="action-edit"),
    path("actions/<int:pk>/status/", views.action_update_status, name="action-update-status"),
    path("actions/<int:pk>/at-risk/", views.action_update_risk, name="action-update-risk"),
    path("actions/<int:pk>/updates/", views.action_add_update, name="action-add-update"),
    path("actions/<int:pk>/evidence/<str:kind>/", views.evidence_add, name="evidence-add"),
    path("evidence/<int:pk>/download/", views.evidence_download, name="evidence-download"),
    path("evidence/<int:pk>/review/", views.evidence_review, name="evidence-review"),
    path("findings/", views.finding_list, name="finding-list"),
    path("findings/<int:pk>/", views.finding_detail, name="finding-detail"),
    path("findings/<int:pk>/actions/new/", views.action_create, name="action-create"),
    path(
        "findings/<int:pk>/confirm/",
        views.finding_decide,
        {"decision": "confirm"},
        name="finding-confirm",
    ),
    path(
        "findings/<int:pk>/reject/",
        views.finding_decide,
        {"decision": "reject"},
        name="finding-reject",
    ),
    path("across-visits/", views.across_visits_choose, name="across-visits-choose"),
    path("authorities/<slug:slug>/across-visits/", views.across_visits, name="across-visits"),
    path(
        "authorities/<slug:slug>/follow-ups/",
        views.followup_review_list,
        name="followup-review-list",
    ),
    path("authorities/<slug:slug>/themes/", views.theme_list, name="theme-list"),
    path("authorities/<slug:slug>/themes/suggest/", views.theme_suggest, name="theme-suggest"),
    path("follow-ups/<int:pk>/", views.followup_review, name="followup-review"),
    path("follow-ups/<int:pk>/reject/", views.followup_reject, name="followup-reject"),
    path("themes/<int:pk>/confirm/", views.theme_confirm, name="theme-confirm"),
    path("themes/<int:pk>/reject/", views.theme_reject, name="theme-reject"),
    path("board-pack/", views.board_pack, name="board-pack"),
    path("actions/board-pack/", views.action_list_board_pack, name="action-list-board-pack"),
    path("inspections/", views.document_list, name="document-list"),
    path("inspections/<int:pk>/", views.document_detail, name="document-detail"),
    path("people/", people.people, name="people"),
    path(
        "people/memberships/<int:pk>/remove/",
        people.membership_remove,
        name="people-membership-remove",
    ),
    path("people/<int:pk>/roles/", people.roles_set, name="people-roles"),
]
