"""Downloading the Excel board pack from the dashboard, the actions list and across visits."""

import datetime
import io

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from tests.factories import ActionFactory, FindingFactory, UserFactory
from tracker import selectors
from tracker.filters import ActionFilter
from tracker.models import Action
from tracker.roles import Role
from tracker.statuses import Status

pytestmark = pytest.mark.django_db

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def days(n):
    return timezone.localdate() + datetime.timedelta(days=n)


@pytest.fixture
def plan(authority, owner):
    finding = FindingFactory(document__authority=authority, text="Return home interviews.")
    other = FindingFactory(document=finding.document, text="Management oversight.")
    return [
        ActionFactory(finding=finding, title="Audit interviews", owner=owner, deadline=days(30)),
        ActionFactory(
            finding=finding,
            title="Recruit interview workers",
            owner=owner,
            status=Status.IN_PROGRESS,
            deadline=days(-5),
        ),
        ActionFactory(
            finding=other,
            title="Refresh supervision policy",
            status=Status.IN_PROGRESS,
            deadline=days(60),
        ),
        ActionFactory(finding=other, title="Train team managers", deadline=days(10)),
    ]


@pytest.fixture
def other_plan(other_authority):
    finding = FindingFactory(document__authority=other_authority, text="SECRET finding.")
    return ActionFactory(finding=finding, title="SECRET other authority action", deadline=days(-1))


def workbook(response):
    assert response.status_code == 200
    assert response["Content-Type"] == XLSX
    assert "attachment;" in response["Content-Disposition"]
    return load_workbook(io.BytesIO(b"".join(response.streaming_content)))


def action_titles(wb):
    ws = wb["Action plan"]
    header = [c.value for c in ws[1]]
    column = header.index("Action")
    return sorted(row[column] for row in ws.iter_rows(min_row=2, values_only=True))


def all_text(wb):
    return " ".join(
        str(value)
        for ws in wb.worksheets
        for row in ws.iter_rows(values_only=True)
        for value in row
        if value is not None
    )


def test_a_board_viewer_downloads_the_pack_of_their_authority(
    client, viewer, plan, other_plan, authority
):
    client.force_login(viewer)

    response = client.get(reverse("tracker:board-pack"))

    wb = workbook(response)
    assert action_titles(wb) == sorted(a.title for a in plan)
    assert "SECRET" not in all_text(wb)
    assert "south-gloucestershire" in response["Content-Disposition"]


def test_one_authority_of_several(client, authority, other_authority, plan, other_plan):
    user = UserFactory(roles=[Role.VIEWER], authorities=[authority, other_authority])
    client.force_login(user)

    both = workbook(client.get(reverse("tracker:board-pack")))
    one = workbook(client.get(reverse("tracker:board-pack") + f"?authority={authority.slug}"))

    assert "SECRET other authority action" in action_titles(both)
    assert action_titles(one) == sorted(a.title for a in plan)


def test_another_authoritys_pack_does_not_exist_for_an_outsider(
    client, outsider_other_authority, plan, other_plan, authority
):
    client.force_login(outsider_other_authority)

    assert (
        client.get(reverse("tracker:board-pack") + f"?authority={authority.slug}").status_code
        == 404
    )
    own = workbook(client.get(reverse("tracker:board-pack")))
    assert action_titles(own) == ["SECRET other authority action"]


def test_the_filtered_download_has_exactly_the_filtered_rows(client, rf, viewer, plan, other_plan):
    client.force_login(viewer)
    query = "?status=in_progress&q=interview"

    wb = workbook(client.get(reverse("tracker:action-list-board-pack") + query))

    request = rf.get("/actions/" + query)
    request.user = viewer
    listed = ActionFilter(
        request.GET, queryset=selectors.action_list(user=viewer), request=request
    ).qs
    assert action_titles(wb) == sorted(a.title for a in listed) == ["Recruit interview workers"]
    assert "Filtered: Search: interview; Status: In progress" in all_text(wb)


def test_a_filter_for_another_authority_gives_nothing_of_it(
    client, viewer, plan, other_plan, other_authority
):
    client.force_login(viewer)

    response = client.get(
        reverse("tracker:action-list-board-pack") + f"?q=SECRET&authority={other_authority.pk}"
    )

    # Not a choice the viewer has: the list's filter says so, and nothing is exported.
    assert response.status_code == 400
    assert "There is a problem" in response.content.decode()
    wb = workbook(client.get(reverse("tracker:action-list-board-pack") + "?q=SECRET"))
    assert action_titles(wb) == []
    assert "SECRET" not in all_text(wb).replace("Search: SECRET", "")


def test_every_action_when_nothing_is_filtered(client, viewer, plan, other_plan):
    client.force_login(viewer)

    wb = workbook(client.get(reverse("tracker:action-list-board-pack")))

    assert action_titles(wb) == sorted(a.title for a in plan)


def test_a_wrong_filter_is_explained_not_exported(client, viewer, plan):
    client.force_login(viewer)

    response = client.get(
        reverse("tracker:action-list-board-pack")
        + "?deadline_after_day=soon&deadline_after_month=1&deadline_after_year=2030"
    )

    assert response.status_code == 400
    assert "There is a problem" in response.content.decode()


def test_anonymous_people_are_sent_to_sign_in(client, plan, authority):
    for url in (
        reverse("tracker:board-pack"),
        reverse("tracker:board-pack") + f"?authority={authority.slug}",
        reverse("tracker:action-list-board-pack") + "?status=in_progress",
    ):
        response = client.get(url)
        assert response.status_code == 302 and "/login/" in response["Location"]


def test_download_buttons_on_dashboard_list_and_across_visits(client, viewer, plan, authority):
    client.force_login(viewer)

    dashboard = client.get(reverse("tracker:dashboard")).content.decode()
    listed = client.get(reverse("tracker:action-list") + "?status=in_progress&rag=red")
    across = client.get(reverse("tracker:across-visits", args=[authority.slug]))

    assert f'href="{reverse("tracker:board-pack")}"' in dashboard
    assert (
        f'href="{reverse("tracker:action-list-board-pack")}?status=in_progress&amp;rag=red"'
        in listed.content.decode()
    )
    assert (
        f'href="{reverse("tracker:board-pack")}?authority={authority.slug}"'
        in across.content.decode()
    )


@pytest.mark.parametrize("n", [10, 100])
def test_download_query_count_does_not_grow(
    client, viewer, authority, owner, n, django_assert_max_num_queries
):
    findings = [FindingFactory(document__authority=authority) for _ in range(3)]
    Action.objects.bulk_create(
        Action(
            finding=findings[i % 3],
            title=f"Action {i}",
            owner=owner,
            deadline=days(i % 30 - 10),
            original_deadline=days(i % 30 - 10),
            status=list(Status)[i % 4],
        )
        for i in range(n)
    )
    client.force_login(viewer)

    # Measured: eleven (the session, the user, the filter's choices and the pack's own
    # queries, one of them looking for an earlier board).
    with django_assert_max_num_queries(12):
        wb = workbook(client.get(reverse("tracker:action-list-board-pack") + "?status=not_started"))

    assert len(action_titles(wb)) == len([i for i in range(n) if i % 4 == 0])
