"""Audit: every create, change and delete is attributable, visible to managers, and read-only."""

import importlib
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from inspections.models import FindingState, FollowUp, Theme, Verdict
from tests.factories import ActionFactory, DocumentFactory, FindingFactory, UserFactory
from tracker import services
from tracker.models import EvidenceKind, Membership
from tracker.roles import Role
from tracker.selectors import audit_entries

AUDIT = reverse("tracker:audit-log")


def _kinds_and_changes(entries):
    return [(e.kind, e.change, e.who) for e in entries]


@pytest.fixture
def busy_plan(authority, other_authority, manager, owner, action):
    """A little of everything, changed by named people, in two authorities."""
    services.action_update(action=action, user=manager, expected_version=1, title="Audit RHIs")
    services.progress_update_add(action=action, user=owner, text="Started the audit")
    services.evidence_add(action=action, user=owner, kind=EvidenceKind.NOTE, note="Minutes")
    suggested = FindingFactory(document__authority=authority, state=FindingState.SUGGESTED)
    services.finding_confirm(finding=suggested, user=manager)
    later = DocumentFactory(authority=authority)
    FollowUp.objects.create(finding=action.finding, document=later, verdict=Verdict.SOME_PROGRESS)
    Theme.objects.create(authority=authority, title="Return home interviews")
    newcomer = UserFactory(username="newcomer@example.gov.uk", roles=[Role.OWNER])
    Membership.objects.create(user=newcomer, authority=authority)
    secret = ActionFactory(
        finding__document__authority=other_authority, title="Another council's secret"
    )
    return secret


def test_manager_sees_who_did_what_in_their_authority_only(client, manager, busy_plan):
    client.force_login(manager)
    response = client.get(AUDIT)
    assert response.status_code == 200
    body = response.content.decode()
    for expected in (
        "Audit RHIs",
        "Started the audit",
        "Minutes",
        "Return home interviews",
        "newcomer@example.gov.uk",
        "Mina Manager",
        "Olu Owner",
        "Title:",
    ):
        assert expected in body, expected
    assert "Another council" not in body
    kinds = {e.kind for e in response.context["entries"]}
    assert kinds >= {
        "Action",
        "Progress update",
        "Evidence",
        "Finding",
        "Follow-up",
        "Theme",
        "Access to an authority",
        "Person",
    }


def test_changes_name_the_person_and_the_fields(manager, owner, action):
    services.action_transition(
        action=action, user=owner, new_status="in_progress", expected_version=1
    )
    entries, _ = audit_entries(user=manager, kind="action")
    latest = entries[0]
    assert (latest.kind, latest.change, latest.who) == ("Action", "Changed", "Olu Owner")
    assert ("Status", "Not started", "In progress") in latest.changes


def test_deletions_and_role_changes_are_recorded(manager, owner, action, authority):
    evidence = services.evidence_add(
        action=action, user=owner, kind=EvidenceKind.NOTE, note="Wrong file"
    )
    evidence.delete()
    owner.groups.add(Group.objects.get_or_create(name=Role.VIEWER)[0])
    entries, _ = audit_entries(user=manager)
    assert ("Evidence", "Deleted") in [(e.kind, e.change) for e in entries]
    person = next(e for e in entries if e.kind == "Person" and e.record == owner.username)
    assert any(label == "Roles" and Role.VIEWER in new for label, _, new in person.changes)


def test_page_has_a_fixed_query_count(client, manager, busy_plan, django_assert_max_num_queries):
    client.force_login(manager)
    client.get(AUDIT)
    finding = FindingFactory(document__authority=manager.memberships.get().authority)
    for _ in range(20):
        ActionFactory(finding=finding)
    with django_assert_max_num_queries(40):
        assert client.get(AUDIT).status_code == 200


@pytest.mark.parametrize("who", ["owner", "other_owner", "viewer"])
def test_only_managers_see_the_log(client, request, who, busy_plan):
    client.force_login(request.getfixturevalue(who))
    assert client.get(AUDIT).status_code == 403
    assert AUDIT not in client.get(reverse("tracker:dashboard")).content.decode()


def test_managers_find_the_log_from_the_dashboard(client, manager):
    client.force_login(manager)
    assert f'href="{AUDIT}"' in client.get(reverse("tracker:dashboard")).content.decode()


def test_log_cannot_be_changed_from_the_app(client, manager):
    client.force_login(manager)
    assert client.post(AUDIT, {"kind": "action"}).status_code == 405
    assert client.delete(AUDIT).status_code == 405


def test_manager_of_another_authority_sees_none_of_this_one(outsider_other_authority, busy_plan):
    entries, _ = audit_entries(user=outsider_other_authority)
    records = {e.record for e in entries}
    assert "Another council's secret" in records
    for theirs in ("Audit RHIs", "Started the audit", "Minutes", "Return home interviews"):
        assert theirs not in records
    assert not any("newcomer" in r or "South Gloucestershire" in r for r in records)


def test_admin_history_cannot_revert(admin_client, manager, action):
    services.action_update(action=action, user=manager, expected_version=1, title="Renamed")
    history_id = action.history.earliest().history_id
    url = reverse("admin:tracker_action_simple_history", args=[action.pk, history_id])
    response = admin_client.get(url)
    assert response.status_code == 200
    assert b"Revert" not in response.content
    response = admin_client.post(url, {"title": "Back", "deadline": action.deadline})
    action.refresh_from_db()
    assert action.title == "Renamed"


def test_admin_edits_are_attributed(admin_client, admin_user, action):
    url = reverse("admin:inspections_finding_change", args=[action.finding.pk])
    page = admin_client.get(url)
    assert page.status_code == 200
    data = {
        "document": action.finding.document_id,
        "source_list": action.finding.source_list,
        "order": action.finding.order,
        "text": "Corrected wording",
        "state": action.finding.state,
    }
    assert admin_client.post(url, data).status_code == 302
    record = action.finding.history.latest()
    assert record.history_user == admin_user and record.text == "Corrected wording"


def test_admin_history_pages_are_read_only(admin_client, owner, action):
    owner.groups.add(Group.objects.get_or_create(name=Role.VIEWER)[0])
    for url in (
        reverse("admin:auth_user_history", args=[owner.pk]),
        reverse("admin:inspections_finding_history", args=[action.finding.pk]),
        reverse("admin:tracker_membership_history", args=[owner.memberships.get().pk]),
    ):
        response = admin_client.get(url)
        assert response.status_code == 200, url
        assert b"Revert" not in response.content


def test_times_are_shown_in_the_sites_time_zone(settings, manager, owner, action):
    settings.TIME_ZONE = "Europe/London"
    evidence = services.evidence_add(action=action, user=owner, kind=EvidenceKind.NOTE, note="Log")
    evidence.reviewed_at = datetime(2025, 7, 1, 14, 5, tzinfo=UTC)
    evidence.save()
    entries, _ = audit_entries(user=manager, kind="evidence")
    assert ("Reviewed at", "—", "1 July 2025 at 3:05pm") in entries[0].changes


def test_since_counts_whole_days_in_the_sites_time_zone(settings, manager, action):
    settings.TIME_ZONE = "Europe/London"
    london = ZoneInfo("Europe/London")
    for version, title in enumerate(("Early", "Late"), start=1):
        services.action_update(action=action, user=manager, expected_version=version, title=title)
    when = {
        "Early": datetime(2025, 7, 1, 0, 30, tzinfo=london),  # 30 June 23:30 UTC
        "Late": datetime(2025, 7, 1, 23, 30, tzinfo=london),
    }
    for record in action.history.all():
        # The creation falls late on the day before, and is left out.
        moment = when.get(record.title, datetime(2025, 6, 30, 23, 30, tzinfo=london))
        action.history.filter(history_id=record.history_id).update(history_date=moment)
    with CaptureQueriesContext(connection) as queries:
        entries, _ = audit_entries(user=manager, kind="action", since=date(2025, 7, 1))
    assert [e.record for e in entries] == ["Late", "Early"]
    # Compared as stored, so that the index on history_date can be used.
    assert any('"history_date" >= ' in q["sql"] for q in queries.captured_queries)


def test_findings_are_shown_by_their_reference(manager, busy_plan, action):
    entries, _ = audit_entries(user=manager)
    reference = action.finding.reference
    followup = next(e for e in entries if e.kind == "Follow-up")
    assert followup.record.startswith(f"Finding {reference} at a later visit")
    created = next(e for e in entries if e.kind == "Action" and e.change == "Created")
    assert ("Finding", "", reference) in created.changes


def test_the_log_is_read_a_page_at_a_time_newest_first(client, manager, busy_plan, monkeypatch):
    monkeypatch.setattr(importlib.import_module("tracker.selectors.audit"), "PER_PAGE", 2)
    client.force_login(manager)

    first = client.get(AUDIT).content.decode()
    last_page = client.get(AUDIT).context["page"].paginator.num_pages
    second = client.get(AUDIT + "?kind=&page=2").content.decode()

    assert last_page > 2
    assert '<nav class="govuk-pagination" aria-label="Pages of the audit log">' in first
    assert 'href="?page=2" rel="next"><span class="govuk-pagination__link-title">Older' in first
    assert 'rel="prev"' not in first
    # The filters travel with the page links.
    newer = 'href="?kind=&amp;page=1" rel="prev"><span class="govuk-pagination__link-title">Newer'
    assert newer in second
    assert f'aria-label="Page {last_page}"' in second
