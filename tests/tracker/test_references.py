"""Action references (SG-2024-01.3) shown wherever actions are listed, searched and jumped to."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from inspections.models import Finding
from tests.factories import ActionFactory, DocumentFactory, FindingFactory
from tracker import references
from tracker.selectors.references import reference_target

pytestmark = pytest.mark.django_db


@pytest.fixture
def three_actions(authority, owner):
    """Three actions on finding SG-2024-01, created in this order, and one on SG-2024-02."""
    document = DocumentFactory(authority=authority)
    first = FindingFactory(document=document, order=1, text="Return home interviews are late.")
    second = FindingFactory(document=document, order=2, text="Supervision is not regular.")
    start = timezone.now() - datetime.timedelta(days=10)
    actions = [
        ActionFactory(
            finding=first, owner=owner, title=title, created_at=start + datetime.timedelta(hours=i)
        )
        for i, title in enumerate(["Commission a service", "Audit monthly", "Train staff"])
    ]
    other = ActionFactory(finding=second, owner=owner, title="Refresh the policy")
    return first, actions, other


def test_the_database_reference_is_the_findings_own(authority):
    for label in ("2024", "2018b", ""):
        document = DocumentFactory(authority=authority, reference_label=label)
        for order in (1, 9, 10, 100):
            FindingFactory(document=document, order=order)
    annotated = Finding.objects.select_related("document__authority").annotate(
        ref=references.finding_reference_expression()
    )
    assert len(annotated) == 12
    for finding in annotated:
        assert finding.ref == finding.reference
    assert {f.ref for f in annotated} >= {"SG-2024-01", "SG-2018b-100", "SG-undated-09"}


def test_each_action_has_its_own_reference_on_the_list_and_its_page(client, manager, three_actions):
    finding, actions, other = three_actions
    client.force_login(manager)

    page = client.get(reverse("tracker:action-list")).content.decode()
    for n in (1, 2, 3):
        assert f"SG-2024-01.{n}" in page
    assert "SG-2024-02.1" in page

    detail = client.get(reverse("tracker:action-detail", args=[actions[2].pk])).content.decode()
    assert "Action SG-2024-01.3 on finding SG-2024-01" in detail
    # The finding's page and the dashboard list the actions by their own references too.
    finding_page = client.get(reverse("tracker:finding-detail", args=[finding.pk]))
    assert "SG-2024-01.2" in finding_page.content.decode()


def _listed(client, name, q):
    response = client.get(reverse(name), {"q": q})
    assert response.status_code == 200
    return {record.pk for record in response.context["table"].paginated_rows.data}


def test_action_search_finds_by_reference_in_any_case_and_by_prefix(client, manager, three_actions):
    _, actions, other = three_actions
    client.force_login(manager)
    ids = [a.pk for a in actions]

    assert _listed(client, "tracker:action-list", "sg-2024-01.3") == {ids[2]}
    assert _listed(client, "tracker:action-list", "SG-2024-01") == set(ids)
    assert _listed(client, "tracker:action-list", "SG-2024-0") == {*ids, other.pk}
    # Words still work, and a reference of nothing finds nothing.
    assert _listed(client, "tracker:action-list", "audit") == {ids[1]}
    assert _listed(client, "tracker:action-list", "SG-2024-07") == set()


def test_finding_search_finds_by_reference_and_by_an_actions_reference(
    client, manager, three_actions
):
    finding, _, other = three_actions
    client.force_login(manager)

    assert _listed(client, "tracker:finding-list", "sg-2024-01") == {finding.pk}
    assert _listed(client, "tracker:finding-list", "SG-2024-01.2") == {finding.pk}
    assert _listed(client, "tracker:finding-list", "SG-2024") == {finding.pk, other.finding_id}
    assert _listed(client, "tracker:finding-list", "supervision") == {other.finding_id}


def test_go_jumps_to_the_finding_or_the_action(client, manager, three_actions):
    finding, actions, _ = three_actions
    client.force_login(manager)

    response = client.get(reverse("tracker:go-reference", args=["sg-2024-01"]))
    assert response.status_code == 302
    assert response["Location"] == reverse("tracker:finding-detail", args=[finding.pk])

    response = client.get(reverse("tracker:go"), {"reference": " SG-2024-01.2 "})
    assert response["Location"] == reverse("tracker:action-detail", args=[actions[1].pk])


@pytest.mark.parametrize("reference", ["SG-2024-01.9", "SG-2024-31", "not a reference"])
def test_go_says_clearly_when_nothing_matches(client, manager, three_actions, reference):
    client.force_login(manager)

    response = client.get(reverse("tracker:go"), {"reference": reference})

    assert response.status_code == 404
    page = response.content.decode()
    assert f"Nothing has the reference {reference}" in page
    assert 'name="reference"' in page  # the box, to try again


def test_go_is_scoped_to_the_users_authorities(client, outsider_other_authority, three_actions):
    _, actions, _ = three_actions
    client.force_login(outsider_other_authority)

    response = client.get(reverse("tracker:go-reference", args=["SG-2024-01.1"]))

    assert response.status_code == 404
    assert reference_target(user=outsider_other_authority, reference="SG-2024-01.1") is None
    assert str(actions[0].pk) not in response.get("Location", "")


def test_the_dashboard_has_the_go_box(client, manager):
    client.force_login(manager)
    page = client.get(reverse("tracker:dashboard")).content.decode()
    assert f'action="{reverse("tracker:go")}"' in page
    assert "Go to a finding or action by its reference" in page
