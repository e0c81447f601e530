""" "Needs your attention" on the dashboard: every line's count is the rows of the list it links."""

import datetime
import functools

import pytest
from django.urls import reverse
from django.utils import timezone

from inspections.models import FindingState, FollowUp, Verdict
from tests.factories import (
    ActionFactory,
    DocumentFactory,
    EvidenceFactory,
    FindingFactory,
)
from tracker import services
from tracker.attention.selectors import LINES, needs_attention
from tracker.models import Action, EvidenceKind
from tracker.statuses import Closure, ReviewState, Status

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate


def days(n: int) -> datetime.date:
    return TODAY() + datetime.timedelta(days=n)


@pytest.fixture
def busy(authority, other_authority, owner, manager):
    """Something waiting of every kind, in two authorities, with rows that must not count."""
    for place, who in ((authority, owner), (other_authority, None)):
        document = DocumentFactory(authority=place)
        later = DocumentFactory(authority=place, visit_start=datetime.date(2025, 5, 1))
        planned = FindingFactory(document=document)
        FindingFactory(document=document)  # confirmed, no action
        # Its only action was cancelled: it has no action that counts, and needs planning again.
        ActionFactory(
            finding=FindingFactory(document=document),
            owner=None,
            start_date=None,
            deadline=days(30),
            status=Closure.CANCELLED,
        )
        FindingFactory(document=document, state=FindingState.SUGGESTED)
        FindingFactory(document=document, state=FindingState.SUGGESTED)
        FindingFactory(document=document, state=FindingState.REJECTED)
        FollowUp.objects.create(finding=planned, document=later, verdict=Verdict.SOME_PROGRESS)
        make = functools.partial(ActionFactory, finding=planned, start_date=None)
        make(owner=None, deadline=days(90))  # unowned
        make(owner=None, deadline=days(90), status=Status.VERIFIED)  # unowned, done: no count
        make(owner=who, deadline=days(-3), status=Status.IN_PROGRESS)  # overdue
        make(owner=who, deadline=days(-3), status=Status.COMPLETED)  # late but done
        make(owner=who, deadline=days(5))  # due soon, not started
        make(owner=who, deadline=days(60), at_risk=True, at_risk_reason="Vacancies")
        slipped = make(owner=who, deadline=days(40), status=Status.IN_PROGRESS)
        slipped.deadline_revisions = 1
        slipped.save()
        EvidenceFactory(action=slipped, added_by=who)  # awaiting review
        EvidenceFactory(
            action=slipped,
            added_by=who,
            review_state=ReviewState.MORE_REQUESTED,
            review_comment="Add the audit",
        )
        # Someone else's action does not count as the owner's.
        make(owner=manager, deadline=days(-1), status=Status.IN_PROGRESS)
        # Cancelled and superseded actions are out of the plan: nothing about them waits.
        for closure in Closure:
            closed = make(owner=None, deadline=days(5), status=closure, at_risk=True)
            closed.deadline_revisions = 1
            closed.save()
            EvidenceFactory(action=closed, added_by=who)
            mine = make(owner=who, deadline=days(-3), status=closure)
            EvidenceFactory(action=mine, added_by=who, review_state=ReviewState.MORE_REQUESTED)


def rows_of(client, url: str) -> int:
    response = client.get(url)
    assert response.status_code == 200, url
    if "followups" in response.context:
        return len(response.context["followups"])
    return response.context["table"].paginator.count


@pytest.mark.parametrize("who", ["manager", "owner", "viewer"])
def test_every_count_is_the_rows_of_the_list_it_links_to(client, busy, request, who):
    user = request.getfixturevalue(who)
    client.force_login(user)
    attention = needs_attention(user=user)

    assert [group.authority.name for group in attention.authorities] == ["South Gloucestershire"]
    lines = attention.authorities[0].items
    assert lines, "each role has something waiting here"
    for item in lines:
        assert item.count == rows_of(client, item.url), item.line.key


def test_each_role_sees_its_own_lines(busy, manager, owner, viewer):
    def keys(user):
        return {
            item.line.key: item.count for item in needs_attention(user=user).authorities[0].items
        }

    assert keys(manager) == {
        "suggested": 2,
        "followups": 1,
        "no_actions": 2,
        "unowned": 1,
        "evidence": 1,
        "overdue": 2,
        "due_soon": 1,
        "redated": 1,
        "at_risk": 1,
        "mine_overdue": 1,
    }
    assert keys(owner) == {"mine_new": 2, "mine_more": 1, "mine_overdue": 1}
    assert keys(viewer) == {"overdue": 2, "due_soon": 1, "redated": 1, "at_risk": 1}


def test_adding_evidence_answers_the_owners_more_asked_for_line(client, busy, manager, owner):
    def counts(user):
        return {
            item.line.key: item.count for item in needs_attention(user=user).authorities[0].items
        }

    for asked in Action.objects.filter(
        evidence__review_state=ReviewState.MORE_REQUESTED, status=Status.IN_PROGRESS, owner=owner
    ):
        services.evidence_add(action=asked, user=owner, kind=EvidenceKind.NOTE, note="The audit")

    assert "mine_more" not in counts(owner)
    assert counts(manager)["evidence"] == 1  # the same action, its new evidence to review
    client.force_login(owner)
    listed = client.get(reverse("tracker:action-list"), {"evidence": ReviewState.MORE_REQUESTED})
    assert listed.context["table"].paginator.count == 0


def test_the_dashboard_shows_the_lines_with_their_links(client, busy, manager):
    client.force_login(manager)
    page = client.get(reverse("tracker:dashboard")).content.decode()

    assert "Needs your attention" in page
    assert "2 suggested findings to confirm or reject" in page
    assert "1 open action with no owner" in page
    assert "?authority=" in page and "owner=null" in page
    assert "Nothing needs your attention" not in page


def test_nothing_waiting_is_said_calmly(client, manager, authority):
    ActionFactory(
        finding__document__authority=authority,
        owner=manager,
        deadline=days(90),
        status=Status.IN_PROGRESS,
    )
    client.force_login(manager)
    page = client.get(reverse("tracker:dashboard")).content.decode()

    assert "Nothing needs your attention right now." in page
    assert "govuk-task-list" not in page


def test_lines_of_many_authorities_are_summed_up_past_the_limit(settings, manager):
    from tracker.attention import selectors

    for _ in range(selectors.MAX_AUTHORITIES + 2):
        action = ActionFactory(owner=None, deadline=days(90))
        manager.memberships.create(authority=action.finding.document.authority)

    attention = needs_attention(user=manager)

    assert len(attention.authorities) == selectors.MAX_AUTHORITIES
    assert attention.more_authorities == 2


def test_every_line_has_words_for_one_and_many():
    for line in LINES:
        assert line.words(1) == line.one and line.words(2) == line.many
        assert line.tag and line.colour


def test_an_unassigned_action_is_never_on_track(client, manager, authority):
    action = ActionFactory(finding__document__authority=authority, owner=None, deadline=days(90))
    client.force_login(manager)

    detail = client.get(reverse("tracker:action-detail", args=[action.pk])).content.decode()
    assert "On track" not in detail
    assert "Nobody owns it yet" in detail
    listed = client.get(reverse("tracker:action-list"), {"rag": "green"})
    assert listed.context["table"].paginator.count == 0
    listed = client.get(reverse("tracker:action-list"), {"rag": "amber"})
    assert listed.context["table"].paginator.count == 1


@pytest.mark.parametrize("more", [0, 30])
def test_the_counts_take_five_queries_whatever_the_data(
    busy, manager, authority, more, django_assert_num_queries
):
    for _ in range(more):
        action = ActionFactory(
            finding__document__authority=authority, owner=None, deadline=days(-2)
        )
        EvidenceFactory(action=action, added_by=manager)
    manager.groups.all()  # the roles are read once per request, before the counts

    # The roles, then actions, evidence, findings, follow-ups, names.
    with django_assert_num_queries(6):
        needs_attention(user=manager)
