"""The across-visits page: inspectors' verdicts at later visits beside our own status then."""

import datetime
import importlib
from urllib.parse import quote

import pytest
import time_machine
from django.urls import reverse

from inspections.models import (
    DocumentKind,
    FollowUp,
    FollowUpParagraph,
    ReviewState,
    Theme,
    ThemeFinding,
    Verdict,
)
from tests.factories import (
    ActionFactory,
    DocumentFactory,
    EvidenceFactory,
    FindingFactory,
    LocalAuthorityFactory,
    ParagraphFactory,
    UserFactory,
)
from tests.tracker.test_history import states_on
from tracker import services
from tracker.models import Action, SettledStatus
from tracker.roles import Role
from tracker.settled import settled_statuses_keep
from tracker.statuses import ReviewState as EvidenceReview
from tracker.statuses import Status

pytestmark = pytest.mark.django_db

LEADERS = "The impact of leaders on social work practice with children and families"

MAY_2018 = datetime.date(2018, 5, 22)
OCT_2018 = datetime.date(2018, 10, 24)
JUNE_2024 = datetime.date(2024, 6, 3)


def visit(authority, day, kind=DocumentKind.MONITORING_VISIT, **kwargs):
    return DocumentFactory(authority=authority, kind=kind, visit_start=day, visit_end=day, **kwargs)


def follow_up(finding, document, verdict, state=ReviewState.CONFIRMED, numbers=()):
    followup = FollowUp.objects.create(
        finding=finding, document=document, verdict=verdict, suggested_verdict=verdict, state=state
    )
    for rank, number in enumerate(numbers, start=1):
        paragraph = ParagraphFactory(document=document, order=number, number=number)
        FollowUpParagraph.objects.create(followup=followup, paragraph=paragraph, rank=rank)
    return followup


def noon(day):
    return datetime.datetime.combine(day, datetime.time(12), tzinfo=datetime.UTC)


def url(authority, query=""):
    return reverse("tracker:across-visits", args=[authority.slug]) + query


@pytest.fixture
def visits(authority, manager, owner):
    """South Gloucestershire: a May 2018 monitoring visit whose return-home-interviews finding
    inspectors found no progress on in October 2018 (while our action said verified), and a
    June 2024 inspection whose verdict is only suggested."""
    may = visit(authority, MAY_2018, visit_number=3)
    october = visit(authority, OCT_2018, visit_number=5)
    june = visit(authority, JUNE_2024, kind=DocumentKind.ILACS)
    rhi = FindingFactory(
        document=may,
        order=1,
        text="More work is required to improve return home interviews.",
        judgement_area="children in care",
    )
    oversight = FindingFactory(
        document=may,
        order=2,
        text="The quality of management oversight.",
        judgement_area="leaders",
    )
    later_rhi = FindingFactory(
        document=june, order=1, text="The take-up, timeliness and impact of return home interviews."
    )
    follow_up(rhi, october, Verdict.NO_PROGRESS, numbers=[17, 18])
    follow_up(rhi, june, Verdict.SOME_PROGRESS, state=ReviewState.SUGGESTED, numbers=[40])
    follow_up(oversight, october, Verdict.IMPROVED, numbers=[9])
    with time_machine.travel(noon(datetime.date(2018, 6, 1)), tick=False):
        action = services.action_create(
            finding=rhi,
            user=manager,
            title="Bring return home interviews in house",
            deadline=datetime.date(2018, 12, 31),
            owner=owner,
        )
    with time_machine.travel(noon(datetime.date(2018, 9, 1)), tick=False):
        EvidenceFactory(action=action, review_state=EvidenceReview.ACCEPTED)
        services.action_transition(
            action=action, user=owner, new_status=Status.IN_PROGRESS, expected_version=1
        )
        services.action_transition(
            action=action, user=owner, new_status=Status.COMPLETED, expected_version=2
        )
        services.action_transition(
            action=action, user=manager, new_status=Status.VERIFIED, expected_version=3
        )
    with time_machine.travel(noon(datetime.date(2019, 1, 10)), tick=False):
        services.action_transition(
            action=action, user=manager, new_status=Status.IN_PROGRESS, expected_version=4
        )
    theme = Theme.objects.create(
        authority=authority, title="Return home interviews", state=ReviewState.CONFIRMED
    )
    for finding in (rhi, later_rhi):
        ThemeFinding.objects.create(theme=theme, finding=finding, state=ReviewState.CONFIRMED)
    return {
        "may": may,
        "october": october,
        "june": june,
        "rhi": rhi,
        "oversight": oversight,
        "later_rhi": later_rhi,
        "action": action,
    }


def test_needs_sign_in(client, authority):
    for target in (url(authority), reverse("tracker:across-visits-choose")):
        response = client.get(target)
        assert response.status_code == 302 and "/login/" in response["Location"]


def test_another_authoritys_view_does_not_exist_for_an_outsider(
    client, outsider_other_authority, visits, authority
):
    client.force_login(outsider_other_authority)
    assert client.get(url(authority)).status_code == 404
    assert client.get(reverse("tracker:across-visits", args=["no-such-place"])).status_code == 404


def test_a_viewer_sees_verdicts_beside_our_status_then(client, viewer, visits, authority):
    client.force_login(viewer)

    response = client.get(url(authority))

    assert response.status_code == 200
    data = response.context["data"]
    assert [d.pk for d in data.columns] == [visits["october"].pk, visits["june"].pk]
    (theme_group, rest) = data.groups
    assert theme_group.title == "Return home interviews"
    assert theme_group.flagged_text == "Flagged in May 2018, again in June 2024"
    rhi_row = theme_group.rows[0]
    assert rhi_row.finding == visits["rhi"]
    october, june = rhi_row.cells
    assert october.cell.verdict == Verdict.NO_PROGRESS and october.cell.confirmed
    # Verified on 1 September 2018: that is what our plan said at the October visit,
    # although the action has been reopened since.
    assert october.ours.summary == "1 verified"
    assert october.gap
    assert june.cell.pending and june.cell.verdict == Verdict.SOME_PROGRESS
    assert june.ours.summary == "1 in progress"
    assert not june.gap
    assert Action.objects.get().status == Status.IN_PROGRESS
    assert [r.finding for r in rest.rows] == [visits["oversight"]]

    html = response.content.decode()
    assert '<div class="app-table-container" tabindex="0" role="region" aria-label=' in html
    assert '<caption class="govuk-table__caption' in html
    assert html.count('<th scope="col"') == 3
    assert '<th scope="row"' in html and '<th scope="rowgroup"' in html
    assert "Theme: Return home interviews" in html
    assert "Flagged in May 2018, again in June 2024" in html
    # The 2024 finding has no later visit yet: one cell says so rather than one per column.
    assert '<td class="govuk-table__cell" colspan="2">' in html
    assert "No later inspection or visit yet" in html
    assert "No progress or worse" in html
    assert "Suggested – not yet confirmed" in html
    assert "Our status then:" in html
    assert "Check</strong> Our status said blue (1 verified); inspectors saw no progress." in html
    assert "Paragraph 17, Paragraph 18" in html
    finding_url = reverse("tracker:finding-detail", args=[visits["rhi"].pk])
    assert f'href="{finding_url}#visit-{visits["october"].pk}"' in html
    assert "On 1 finding our own status said the work was in hand" in html
    # The board pack of this authority is one click away; reviews are for managers.
    assert reverse("tracker:board-pack") + f"?authority={authority.slug}" in html
    assert reverse("tracker:followup-review-list", args=[authority.slug]) not in html


def test_the_matrix_is_shown_a_page_of_findings_at_a_time(
    client, manager, visits, authority, monkeypatch
):
    # The module, not the function ``tracker.selectors`` exports under the same name.
    monkeypatch.setattr(importlib.import_module("tracker.selectors.across_visits"), "PER_PAGE", 1)
    client.force_login(manager)

    pages = [client.get(url(authority, f"?page={n}")).context["data"] for n in (1, 2, 3)]

    assert [[r.finding for r in page.rows] for page in pages] == [
        [visits["rhi"]],
        [visits["later_rhi"]],
        [visits["oversight"]],
    ]
    # The theme's heading is repeated on the page it continues on, with the same months.
    assert [g.title for g in pages[1].groups] == ["Return home interviews"]
    assert pages[1].groups[0].flagged_text == "Flagged in May 2018, again in June 2024"
    for page in pages:
        # The same columns on every page, and counts of every page, not only this one.
        assert [d.pk for d in page.columns] == [visits["october"].pk, visits["june"].pk]
        assert (page.gap_count, page.pending_count) == (1, 1)
    # Each page's own quotes.
    (october, _june) = pages[2].rows[0].cells
    assert [q.reference for q in october.cell.evidence] == ["paragraph 9"]

    html = client.get(url(authority, "?page=2")).content.decode()
    assert '<nav class="govuk-pagination" aria-label="Pages of findings at later visits">' in html
    assert 'href="?page=3" rel="next"' in html and 'href="?page=1" rel="prev"' in html
    assert 'aria-label="Page 2" aria-current="page"' in html
    assert "(2 to 2 of 3)" in html
    assert "marked “Check” in the table; to see only that finding, choose “Only where" in html
    # A page beyond the last shows the last; the filters keep to their own pages.
    assert client.get(url(authority, "?page=9")).context["data"].page.number == 3
    gaps = client.get(url(authority, "?gap=on&page=1")).context["data"]
    assert [r.finding for r in gaps.rows] == [visits["rhi"]]
    assert gaps.page.paginator.num_pages == 1


def test_one_page_holds_twenty_five_findings(client, manager, authority):
    may, october = visit(authority, MAY_2018), visit(authority, OCT_2018)
    for n in range(26):
        FindingFactory(document=may, order=n + 1)
    client.force_login(manager)

    first = client.get(url(authority)).context["data"]

    assert len(first.rows) == 25 and first.page.paginator.num_pages == 2
    assert [len(r.later) for r in first.rows[:1]] == [1]
    assert october == first.columns[0]


def test_a_manager_is_offered_the_review_of_pending_suggestions(client, manager, visits, authority):
    client.force_login(manager)

    html = client.get(url(authority)).content.decode()

    pending = FollowUp.objects.get(state=ReviewState.SUGGESTED)
    assert reverse("tracker:followup-review", args=[pending.pk]) in html
    assert "1 verdict in the table was suggested" in html
    assert reverse("tracker:followup-review-list", args=[authority.slug]) in html


def test_status_as_at_several_days_agrees_with_one_day_at_a_time(visits, django_assert_num_queries):
    days = [MAY_2018, datetime.date(2018, 6, 1), OCT_2018, datetime.date(2019, 1, 10), JUNE_2024]
    ids = [visits["action"].pk]

    with django_assert_num_queries(1):
        many = states_on(ids, days)

    for day in days:
        assert many[day] == states_on(ids, [day])[day]
    assert many[MAY_2018] == {}
    assert many[OCT_2018][visits["action"].pk].status == Status.VERIFIED


def test_filter_by_judgement_area(client, viewer, visits, authority):
    client.force_login(viewer)

    data = client.get(url(authority, "?area=" + quote(LEADERS))).context["data"]

    assert [r.finding for r in data.rows] == [visits["oversight"]]
    assert data.is_filtered


def test_filter_by_verdict_keeps_findings_with_it_at_any_later_visit(
    client, viewer, visits, authority
):
    client.force_login(viewer)

    improved = client.get(url(authority, "?verdict=improved")).context["data"]
    either = client.get(url(authority, "?verdict=improved&verdict=some_progress")).context["data"]

    assert [r.finding for r in improved.rows] == [visits["oversight"]]
    assert {r.finding for r in either.rows} == {visits["oversight"], visits["rhi"]}


def test_filter_for_self_assessment_gaps(client, viewer, visits, authority):
    client.force_login(viewer)

    response = client.get(url(authority, "?gap=on"))

    assert [r.finding for r in response.context["data"].rows] == [visits["rhi"]]
    assert 'id="filter-gap" name="gap" type="checkbox" value="on" checked' in (
        response.content.decode()
    )


def test_a_wrong_filter_is_explained_and_ignored(client, viewer, visits, authority):
    client.force_login(viewer)

    response = client.get(url(authority, "?verdict=splendid"))

    assert response.status_code == 200
    html = response.content.decode()
    assert "There is a problem" in html
    assert 'href="#filter-verdict_0"' in html and 'id="filter-verdict_0"' in html
    assert len(response.context["data"].rows) == 3


def test_an_authority_with_one_document_gets_a_helpful_message(client, viewer, authority):
    FindingFactory(document__authority=authority)
    client.force_login(viewer)

    response = client.get(url(authority))

    assert "Only one document has been imported for South Gloucestershire" in (
        response.content.decode()
    )
    assert "<table" not in response.content.decode()


def test_no_finding_has_a_later_document_yet(client, viewer, authority):
    visit(authority, MAY_2018)
    FindingFactory(document=visit(authority, JUNE_2024))
    client.force_login(viewer)

    html = client.get(url(authority)).content.decode()

    assert "None of these findings has a later document yet" in html


def test_one_authority_goes_straight_to_its_view(client, viewer, authority):
    client.force_login(viewer)

    response = client.get(reverse("tracker:across-visits-choose"))

    assert response.status_code == 302 and response["Location"] == url(authority)


def test_several_authorities_are_offered_as_a_choice(client, authority, other_authority):
    user = UserFactory(roles=[Role.VIEWER], authorities=[authority, other_authority])
    client.force_login(user)

    response = client.get(reverse("tracker:across-visits-choose"))

    assert response.status_code == 200
    html = response.content.decode()
    assert url(authority) in html and url(other_authority) in html


def test_navigation_and_dashboard_link_to_it(client, viewer, visits, authority):
    client.force_login(viewer)

    html = client.get(reverse("tracker:dashboard")).content.decode()

    assert f'href="{reverse("tracker:across-visits-choose")}"' in html
    assert ">Across visits</a>" in html
    # The dashboard says where our own status and the inspectors disagreed.
    assert "on 1 finding our own status said the work was in hand" in html
    assert url(authority, "?gap=on") in html
    document = client.get(reverse("tracker:document-detail", args=[visits["may"].pk]))
    assert url(authority) in document.content.decode()


def test_the_dashboard_says_nothing_when_inspectors_agree(client, viewer, visits):
    FollowUp.objects.filter(verdict=Verdict.NO_PROGRESS).update(verdict=Verdict.SOME_PROGRESS)
    client.force_login(viewer)

    assert client.get(reverse("tracker:dashboard")).context["gaps"] == []


def _bulk(authority, manager, findings_per_visit, later_visits, actions_per_finding):
    """Visits a month apart from 2019, each listing findings that every later visit follows up,
    with actions whose history starts before the first visit."""
    documents = [
        visit(authority, datetime.date(2019 + i // 12, i % 12 + 1, 5))
        for i in range(later_visits + 1)
    ]
    findings = [
        FindingFactory(document=document, order=n + 1)
        for document in documents[:-1]
        for n in range(findings_per_visit)
    ]
    with time_machine.travel(noon(datetime.date(2018, 12, 1)), tick=False):
        actions = [
            ActionFactory(finding=finding, owner=manager, deadline=datetime.date(2030, 1, 1))
            for finding in findings
            for _ in range(actions_per_finding)
        ]
    for action in actions[::2]:
        with time_machine.travel(noon(action.finding.document.visit_start), tick=False):
            services.action_transition(
                action=action, user=manager, new_status=Status.IN_PROGRESS, expected_version=1
            )
    verdicts = list(Verdict)
    for i, finding in enumerate(findings):
        for j, later in enumerate(
            d for d in documents if d.visit_start > finding.document.visit_start
        ):
            follow_up(
                finding,
                later,
                verdicts[(i + j) % len(verdicts)],
                state=ReviewState.CONFIRMED if j % 2 else ReviewState.SUGGESTED,
                numbers=[100 + i],
            )
    theme = Theme.objects.create(authority=authority, title="Recurring", state="confirmed")
    for finding in findings[::3]:
        ThemeFinding.objects.create(theme=theme, finding=finding, state="confirmed")


# Measured: session, user, groups, the authority, the four queries of status_matrix
# without quotes, the quotes of the page's findings, and our kept status where
# inspectors saw no progress and at the page's other visits; two more (the actions'
# history, once for each) while the statuses at past visits are not kept yet.
ACROSS_VISITS_QUERIES = 11


@pytest.mark.parametrize(("findings", "later_visits", "actions"), [(1, 1, 1), (4, 3, 2), (6, 8, 4)])
def test_query_count_does_not_grow_with_findings_visits_or_actions(
    client, manager, authority, findings, later_visits, actions, django_assert_max_num_queries
):
    _bulk(authority, manager, findings, later_visits, actions)
    client.force_login(manager)

    with django_assert_max_num_queries(ACROSS_VISITS_QUERIES + 2):
        first = client.get(url(authority))
    assert not SettledStatus.objects.exists()  # a page only reads
    settled_statuses_keep()
    with django_assert_max_num_queries(ACROSS_VISITS_QUERIES):
        response = client.get(url(authority))
    with django_assert_max_num_queries(ACROSS_VISITS_QUERIES):
        client.get(url(authority, "?verdict=no_progress&gap=on"))

    assert response.status_code == 200
    data = response.context["data"]
    assert data.rows == first.context["data"].rows  # the same, from what was kept
    assert len(data.columns) == later_visits
    assert data.page.paginator.count == findings * later_visits
    assert len(data.rows) == min(findings * later_visits, 25)


def test_dashboard_query_count_with_gaps(client, viewer, visits, django_assert_max_num_queries):
    client.force_login(viewer)
    # The page's own twelve (with the count of measures off track and what needs the
    # viewer's attention); the follow-ups whose answer is not kept, the history of their
    # actions, the kept gaps, those of the findings just worked out; their authorities;
    # the authorities' last boards, for the actions re-dated since (none has met here).
    with django_assert_max_num_queries(17):
        assert client.get(reverse("tracker:dashboard")).status_code == 200
    settled_statuses_keep()
    # Once kept, no history is read.
    with django_assert_max_num_queries(15):
        assert client.get(reverse("tracker:dashboard")).status_code == 200


def test_the_dashboard_says_the_same_once_our_status_at_past_visits_is_kept(client, viewer, visits):
    client.force_login(viewer)

    first = client.get(reverse("tracker:dashboard")).context["gaps"]
    assert not SettledStatus.objects.exists()  # a page only reads
    assert settled_statuses_keep() > 0
    kept = SettledStatus.objects.get(finding=visits["rhi"], on=OCT_2018)
    again = client.get(reverse("tracker:dashboard")).context["gaps"]

    assert [(g.authority, g.findings) for g in first] == [(visits["rhi"].document.authority, 1)]
    assert [(g.authority, g.findings) for g in again] == [(g.authority, g.findings) for g in first]
    assert (kept.rag, kept.counts, kept.claims_progress) == ("blue", {"verified": 1}, True)


def test_a_visit_today_is_worked_out_each_time_not_kept(client, viewer, manager, visits, authority):
    today = datetime.date(2026, 3, 2)
    visits["october"].visit_start = visits["october"].visit_end = today
    visits["october"].save()
    client.force_login(viewer)

    with time_machine.travel(noon(today), tick=False):
        assert len(client.get(reverse("tracker:dashboard")).context["gaps"]) == 0  # in progress
        services.action_transition(
            action=visits["action"],
            user=manager,
            new_status=Status.COMPLETED,
            expected_version=5,
        )
        gaps = client.get(reverse("tracker:dashboard")).context["gaps"]

    assert [g.findings for g in gaps] == [1]
    assert not SettledStatus.objects.filter(on=today).exists()


def test_a_corrected_visit_date_is_worked_out_again(client, viewer, visits):
    client.force_login(viewer)
    assert len(client.get(reverse("tracker:dashboard")).context["gaps"]) == 1

    # On 1 February 2019 the action had been reopened: in progress, overdue.
    visits["october"].visit_start = visits["october"].visit_end = datetime.date(2019, 2, 1)
    visits["october"].save()

    assert client.get(reverse("tracker:dashboard")).context["gaps"] == []


def test_another_authority_never_appears(client, viewer, visits, authority):
    elsewhere = LocalAuthorityFactory(name="Elsewhere")
    hidden = FindingFactory(document=visit(elsewhere, MAY_2018), text="SECRET elsewhere finding")
    follow_up(hidden, visit(elsewhere, OCT_2018), Verdict.NO_PROGRESS)
    client.force_login(viewer)

    html = client.get(url(authority)).content.decode()

    assert "SECRET" not in html
    assert client.get(url(elsewhere)).status_code == 404
    dashboard = client.get(reverse("tracker:dashboard"))
    assert [g.authority for g in dashboard.context["gaps"]] == [authority]
