"""Each page's query count is fixed by its selector: one bound for 20, 200 and 2,000 actions."""

import datetime
import random

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from inspections.models import AreaState, FindingArea, JudgementArea, LocalAuthority
from tests.factories import (
    ActionFactory,
    DocumentFactory,
    EvidenceFactory,
    FindingFactory,
    LocalAuthorityFactory,
    ProgressUpdateFactory,
    UserFactory,
)
from tracker.models import Action, ProgressUpdate
from tracker.roles import Role
from tracker.statuses import Closure, Status

# Measured: each includes the session and user look-ups and the user's groups.
# The dashboard also looks for findings inspectors saw no progress on (the user's
# authorities, follow-ups whose answer is not kept yet, and kept gaps); the
# finding page reads the finding's follow-ups and themes (four queries and one);
# the actions list sorts the keys of its page first, then reads those rows;
# the document page asks whether the user may review its suggested follow-ups;
# the action page's history reads its evidence's and its updates' history as well. The dashboard
# counts measures off track and the finding page lists its measures (one query each).
# "Needs your attention" counts actions, evidence waiting, findings and follow-ups by
# authority and reads the names of the authorities with something waiting (five queries).
# A manager's finding page finds the framework era and lists its judgement areas (two).
# The dashboard counts actions re-dated since each authority's last board (two).
MAX_QUERIES = {
    "tracker:dashboard": 18,
    "tracker:action-list": 10,  # with the reader's roles, for the People and access link
    "tracker:finding-list": 9,  # with the reader's roles, for the People and access link
    "tracker:action-detail": 10,
    "tracker:document-detail": 7,
    "tracker:finding-detail": 14,
}


def _plan(authority, owners, n):
    """n actions over a handful of findings, with a mix of statuses, deadlines and updates."""
    rng = random.Random(n)
    findings = [FindingFactory(document__authority=authority) for _ in range(4)]
    today = timezone.localdate()
    deadlines = [today + datetime.timedelta(days=rng.randint(-60, 120)) for _ in range(n)]
    actions = [
        Action(
            finding=findings[i % len(findings)],
            title=f"Action {i}",
            owner=owners[i % len(owners)] if i % 11 else None,  # some nobody owns
            deadline=deadline,
            # Every fifth action re-dated: the list marks these as slipped.
            original_deadline=deadline - datetime.timedelta(days=30 * (i % 5 == 0)),
            deadline_revisions=i % 5 == 0,
            deadline_reason="Waiting for the audit" if i % 5 == 0 else "",
            # Cancelled and superseded too: the lists leave them out in the database.
            status=rng.choice([*Status, *Closure]),
            at_risk=(i % 7 == 0),
            at_risk_reason="Staffing" if i % 7 == 0 else "",
        )
        for i, deadline in enumerate(deadlines)
    ]
    Action.objects.bulk_create(actions, batch_size=500)
    ProgressUpdate.objects.bulk_create(
        [
            ProgressUpdate(action=a, author=a.owner, text=f"Update on {a.title}")
            for a in actions[::3]
        ],
        batch_size=500,
    )
    detailed = ActionFactory(finding=findings[0], owner=owners[0])
    for _ in range(3):
        ProgressUpdateFactory(action=detailed)
        EvidenceFactory(action=detailed)
    return findings[0], detailed


@pytest.mark.parametrize("n", [20, 200, 2000])
def test_page_query_counts_do_not_grow(
    client, authority, manager, owner, other_owner, n, django_assert_max_num_queries
):
    finding, detailed = _plan(authority, [owner, other_owner], n)
    client.force_login(manager)
    pages = {
        "tracker:dashboard": reverse("tracker:dashboard"),
        "tracker:action-list": reverse("tracker:action-list") + "?status=in_progress&sort=rag",
        "tracker:finding-list": reverse("tracker:finding-list") + "?rag=red",
        "tracker:action-detail": reverse("tracker:action-detail", args=[detailed.pk]),
        "tracker:document-detail": reverse("tracker:document-detail", args=[finding.document_id]),
        "tracker:finding-detail": reverse("tracker:finding-detail", args=[finding.pk]),
    }
    for name, url in pages.items():
        with django_assert_max_num_queries(MAX_QUERIES[name]):
            response = client.get(url)
        assert response.status_code == 200, name
    # Unfiltered lists as well, only the slipped actions, the lists the dashboard's
    # "Needs your attention" links to, and searches by reference.
    for name, query in (
        ("tracker:action-list", ""),
        ("tracker:finding-list", ""),
        ("tracker:action-list", "?owner=null&open=on"),
        ("tracker:action-list", "?evidence=pending&due_soon=on&at_risk=on"),
        ("tracker:action-list", "?mine=on&status=not_started"),
        ("tracker:action-list", f"?q={finding.reference}"),
        ("tracker:finding-list", "?state=confirmed&no_actions=on"),
        ("tracker:finding-list", f"?q={finding.reference}.1"),
        ("tracker:action-list", "?slipped=true"),
    ):
        with django_assert_max_num_queries(MAX_QUERIES[name]):
            response = client.get(reverse(name) + query)
        assert response.status_code == 200
    assert "Slipped" in response.content.decode()
    # The counts hold with the bulk form and a checkbox per row, which managers see.
    assert 'form="bulk-form"' in response.content.decode()


@pytest.mark.parametrize("n", [10, 100])
def test_findings_list_by_judgement_area_does_not_grow(
    client, authority, manager, n, django_assert_max_num_queries
):
    """Each row shows its area and whether it is suggested or confirmed, and by whom."""
    leaders = JudgementArea.objects.get(era__code="ilacs-2023", name__startswith="The impact")
    document = DocumentFactory(authority=authority)
    findings = [FindingFactory(document=document, order=i + 1) for i in range(n)]
    FindingArea.objects.bulk_create(
        FindingArea(
            finding=f,
            judgement_area=leaders,
            state=AreaState.CONFIRMED if i % 2 else AreaState.SUGGESTED,
            decided_by=manager if i % 2 else None,
        )
        for i, f in enumerate(findings)
    )
    client.force_login(manager)
    for query in ("", f"?judgement_area={leaders.name}&area_state=confirmed&per_page=100"):
        with django_assert_max_num_queries(MAX_QUERIES["tracker:finding-list"]):
            response = client.get(reverse("tracker:finding-list") + query)
        assert response.status_code == 200
        assert leaders.name in response.content.decode()


def test_action_page_queries_do_not_grow_with_updates_and_evidence(
    client, authority, manager, owner, finding
):
    """The history merges updates and evidence reviews: still a fixed number of queries."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tracker import services
    from tracker.corrections import services as corrections
    from tracker.models import EvidenceKind
    from tracker.statuses import ReviewState

    def page_queries(action):
        client.force_login(manager)
        url = reverse("tracker:action-detail", args=[action.pk])
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    def busy(n):
        action = ActionFactory(finding=finding, owner=owner)
        for i in range(n):
            update = services.progress_update_add(action=action, user=owner, text=f"Update {i}")
            corrections.progress_update_edit(update=update, user=owner, text=f"Update {i}, fixed")
            evidence = services.evidence_add(
                action=action, user=owner, kind=EvidenceKind.NOTE, note=f"Note {i}"
            )
            services.evidence_review(
                evidence=evidence, user=manager, state=ReviewState.MORE_REQUESTED, comment="More"
            )
            services.evidence_review(evidence=evidence, user=manager, state=ReviewState.ACCEPTED)
            if i % 2:
                corrections.evidence_withdraw(evidence=evidence, user=owner, reason="Wrong note.")
        corrections.action_cancel(
            action=action, user=manager, reason="Dropped.", expected_version=1
        )
        return action

    few, many = page_queries(busy(1)), page_queries(busy(25))
    assert few == many <= MAX_QUERIES["tracker:action-detail"]


def test_people_page_queries_do_not_grow_with_members(client, authority, manager):
    client.force_login(manager)
    counts = []
    for n in (5, 50):
        for i in range(n):
            UserFactory(
                username=f"p{n}-{i}@example.gov.uk", roles=[Role.OWNER], authorities=[authority]
            )
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse("tracker:people")).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_people_page_queries_do_not_grow_with_authorities_for_a_superuser(admin_client):
    """A superuser manages every authority (about 150 of them), some seen by nobody yet."""
    counts = []
    for n in (5, 50):
        for i in range(n):
            seen = LocalAuthorityFactory(name=f"Seen {n}-{i}")
            LocalAuthorityFactory(name=f"Unseen {n}-{i}")
            UserFactory(username=f"s{n}-{i}@example.gov.uk", roles=[Role.OWNER], authorities=[seen])
        with CaptureQueriesContext(connection) as queries:
            response = admin_client.get(reverse("tracker:people"))
        assert response.status_code == 200
        unseen = LocalAuthority.objects.filter(name__startswith="Unseen").count()
        assert response.text.count("Nobody but superusers can see") == unseen
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_board_meeting_pages_queries_do_not_grow(client, authority, manager, owner):
    """The meetings list, and a meeting's "since the last board" read from history."""
    from simple_history.utils import bulk_create_with_history

    from tracker.boards.models import BoardMeeting

    finding = FindingFactory(document__authority=authority)
    today = timezone.localdate()
    client.force_login(manager)
    counts = []
    pages = {}
    for n in (20, 200):
        bulk_create_with_history(
            [
                Action(
                    finding=finding,
                    title=f"Action {i}",
                    owner=owner,
                    deadline=today + datetime.timedelta(days=i % 40 - 20),
                    original_deadline=today,
                    deadline_revisions=i % 3 == 0,  # re-dated since the boards, for the dashboard
                    status=list(Status)[i % 4],
                )
                for i in range(n)
            ],
            Action,
            batch_size=500,
        )
        for days in (60, 30, 0):
            meeting = BoardMeeting.objects.create(
                title=f"Board {n} {days}", held_on=today - datetime.timedelta(days=days)
            )
            meeting.authorities.set([authority])
        measured = []
        for url in (
            reverse("tracker:dashboard"),
            reverse("tracker:meeting-list"),
            reverse("tracker:meeting-detail", args=[meeting.pk]),
        ):
            with CaptureQueriesContext(connection) as queries:
                response = client.get(url)
            assert response.status_code == 200
            measured.append(len(queries))
            pages[url] = response.content.decode()
        counts.append(measured)
    assert counts[0] == counts[1], counts
    assert counts[0][0] <= MAX_QUERIES["tracker:dashboard"], counts
    dashboard = pages[reverse("tracker:dashboard")]
    assert "<strong>74 actions re-dated</strong> since the last board meeting" in dashboard
    assert "RAG direction of every action (220)" in response.content.decode()
