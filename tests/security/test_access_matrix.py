"""Who can reach what: every URL of the app × every role × GET and POST.

The URL conf is walked, so a new URL cannot escape: a URL without a row in
EXPECTED fails ``test_every_url_has_expectations`` with a message saying
where to add it. Each row gives, for GET and for POST (an empty form), the
status each role gets:

- ``LOGIN``: anonymous, redirected to the sign-in page;
- 200 (or 302 after a successful form, 400 for an empty form that is refused
  with its errors shown);
- 403: the user can see the object but may not do this;
- 404: the object is outside the user's authorities (an IDOR attempt);
- 405: the method is not accepted.

Object URLs are then requested by people of one authority with the ids of
another authority's objects: every one must be 404 (``test_no_object_of_
another_authority_is_reachable``). The Django admin has its own checks below.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pytest
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from inspections.models import FindingState, FollowUp, Theme, Verdict
from tests.factories import (
    ActionFactory,
    DocumentFactory,
    FindingFactory,
    LocalAuthorityFactory,
    ParagraphFactory,
    UserFactory,
)
from tracker import services
from tracker.measures.models import Measure
from tracker.models import EvidenceKind, Role
from tracker.plans import pending

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
LOGIN = "login"
ROLES = ("anonymous", "owner", "outsider", "manager", "viewer", "admin")


def S(anonymous, owner, outsider, manager, viewer, admin):  # noqa: N802 - reads as a table row
    return dict(zip(ROLES, (anonymous, owner, outsider, manager, viewer, admin), strict=True))


# Columns: anonymous, owner (of the action), outsider (owner and manager of
# another authority), manager, board viewer, admin (staff, admin role).
EVERYONE_200 = S(200, 200, 200, 200, 200, 200)
READ = S(LOGIN, 200, 404, 200, 200, 200)  # a page about one object of the authority
LIST = S(LOGIN, 200, 200, 200, 200, 200)  # a list scoped to the user's authorities
NOT_ALLOWED = S(LOGIN, 405, 405, 405, 405, 405)

EXPECTED: dict[str, dict[str, dict[str, int | str]]] = {
    "login": {"GET": EVERYONE_200, "POST": EVERYONE_200},
    "logout": {"GET": S(LOGIN, 405, 405, 405, 405, 405), "POST": S(LOGIN, 302, 302, 302, 302, 302)},
    "accessibility": {"GET": EVERYONE_200, "POST": S(405, 405, 405, 405, 405, 405)},
    "tracker:audit-log": {"GET": S(LOGIN, 403, 200, 200, 403, 403), "POST": NOT_ALLOWED},
    "tracker:dashboard": {"GET": LIST, "POST": LIST},
    "tracker:action-list": {"GET": LIST, "POST": LIST},
    "tracker:action-detail": {"GET": READ, "POST": READ},
    # An empty POST shows the blank form again (200), as a GET would.
    "tracker:action-edit": {
        "GET": S(LOGIN, 403, 404, 200, 403, 403),
        "POST": S(LOGIN, 403, 404, 200, 403, 403),
    },
    "tracker:action-update-status": {
        "GET": NOT_ALLOWED,
        "POST": S(LOGIN, 400, 404, 400, 403, 403),
    },
    "tracker:action-update-risk": {
        "GET": NOT_ALLOWED,
        "POST": S(LOGIN, 400, 404, 400, 403, 403),
    },
    "tracker:action-add-update": {
        "GET": NOT_ALLOWED,
        "POST": S(LOGIN, 400, 404, 400, 403, 403),
    },
    "tracker:evidence-add": {
        "GET": NOT_ALLOWED,
        "POST": S(LOGIN, 400, 404, 400, 403, 403),
    },
    "tracker:evidence-download": {"GET": READ, "POST": READ},
    "tracker:evidence-review": {
        "GET": NOT_ALLOWED,
        "POST": S(LOGIN, 403, 404, 400, 403, 403),
    },
    "tracker:finding-list": {"GET": LIST, "POST": LIST},
    "tracker:finding-detail": {"GET": READ, "POST": READ},
    "tracker:action-create": {
        "GET": S(LOGIN, 403, 404, 200, 403, 403),
        "POST": S(LOGIN, 403, 404, 200, 403, 403),
    },
    "tracker:finding-confirm": {
        "GET": NOT_ALLOWED,
        "POST": S(LOGIN, 403, 404, 302, 403, 403),
    },
    "tracker:finding-reject": {
        "GET": NOT_ALLOWED,
        "POST": S(LOGIN, 403, 404, 302, 403, 403),
    },
    "tracker:document-list": {"GET": LIST, "POST": LIST},
    "tracker:document-detail": {"GET": READ, "POST": READ},
    # Across visits, follow-up and theme reviews, board packs.
    "tracker:across-visits-choose": {
        "GET": S(LOGIN, 302, 302, 302, 302, 302),
        "POST": S(LOGIN, 302, 302, 302, 302, 302),
    },
    "tracker:across-visits": {"GET": READ, "POST": READ},
    "tracker:followup-review-list": {
        "GET": S(LOGIN, 403, 404, 200, 403, 403),
        "POST": S(LOGIN, 403, 404, 200, 403, 403),
    },
    "tracker:followup-review": {
        "GET": S(LOGIN, 403, 404, 200, 403, 403),
        "POST": S(LOGIN, 403, 404, 200, 403, 403),
    },
    "tracker:followup-reject": {
        "GET": NOT_ALLOWED,
        "POST": S(LOGIN, 403, 404, 302, 403, 403),
    },
    "tracker:theme-list": {
        "GET": S(LOGIN, 403, 404, 200, 403, 403),
        "POST": S(LOGIN, 403, 404, 200, 403, 403),
    },
    "tracker:theme-suggest": {
        "GET": NOT_ALLOWED,
        "POST": S(LOGIN, 403, 404, 302, 403, 403),
    },
    "tracker:theme-confirm": {
        "GET": NOT_ALLOWED,
        "POST": S(LOGIN, 403, 404, 400, 403, 403),
    },
    "tracker:theme-reject": {
        "GET": NOT_ALLOWED,
        "POST": S(LOGIN, 403, 404, 302, 403, 403),
    },
    "tracker:board-pack": {"GET": LIST, "POST": LIST},
    "tracker:action-list-board-pack": {"GET": LIST, "POST": LIST},
    # Plan import: managers only; an upload kept between steps is its uploader's alone.
    "tracker:plan-import-start": {
        "GET": S(LOGIN, 403, 200, 200, 403, 403),
        "POST": S(LOGIN, 403, 200, 200, 403, 403),
    },
    "tracker:plan-import-columns": {"GET": S(LOGIN, 404, 404, 200, 404, 404), "POST": NOT_ALLOWED},
    "tracker:plan-import-review": {
        "GET": S(LOGIN, 404, 404, 200, 404, 404),
        "POST": S(LOGIN, 404, 404, 400, 404, 404),
    },
    # Measures: managers add them; managers and owners record values.
    "tracker:measure-list": {"GET": LIST, "POST": LIST},
    "tracker:measure-upload": {
        "GET": S(LOGIN, 200, 200, 200, 403, 403),
        "POST": S(LOGIN, 200, 200, 200, 403, 403),
    },
    "tracker:measure-detail": {"GET": READ, "POST": S(LOGIN, 200, 404, 200, 403, 403)},
    "tracker:measure-create": {
        "GET": S(LOGIN, 403, 404, 200, 403, 403),
        "POST": S(LOGIN, 403, 404, 200, 403, 403),
    },
}


def app_urls() -> dict[str, URLPattern]:
    """Every named URL outside the Django admin, by its reversible name."""
    found: dict[str, URLPattern] = {}

    def walk(patterns, namespace: str | None):
        for entry in patterns:
            if isinstance(entry, URLResolver):
                if entry.app_name == "admin":
                    continue
                inner = ":".join(p for p in (namespace, entry.namespace) if p) or None
                walk(entry.url_patterns, inner)
            elif isinstance(entry, URLPattern):
                name = f"{namespace}:{entry.name}" if namespace else entry.name
                assert entry.name, f"Give the URL {entry.pattern} a name so it can be checked."
                found[name] = entry

    walk(get_resolver().url_patterns, None)
    return found


URLS = app_urls()


def test_every_url_has_expectations():
    missing = sorted(set(URLS) - set(EXPECTED))
    assert not missing, (
        f"New URLs without access expectations: {missing}. Add a row for each to EXPECTED in "
        "tests/security/test_access_matrix.py saying what every role gets for GET and POST "
        "(and, if it takes an id or slug, how to build it in url_kwargs)."
    )


@dataclass
class Plan:
    """One authority's objects, of the kinds the URLs take."""

    authority: object
    document: object
    finding: object
    suggested: object
    action: object
    evidence: object
    followup: object
    theme: object
    measure: object
    plan_token: str


def make_plan(name: str, owner, manager, members) -> Plan:
    authority = LocalAuthorityFactory(name=name)
    for member in members:
        member.memberships.create(authority=authority)
    document = DocumentFactory(authority=authority)
    later = DocumentFactory(
        authority=authority, visit_start=document.visit_start.replace(year=2025)
    )
    paragraph = ParagraphFactory(document=later)
    finding = FindingFactory(document=document)
    suggested = FindingFactory(document=document, state=FindingState.SUGGESTED)
    action = ActionFactory(finding=finding, owner=owner, created_by=manager)
    evidence = services.evidence_add(
        action=action,
        user=owner,
        kind=EvidenceKind.FILE,
        file=SimpleUploadedFile("minutes.pdf", PDF),
    )
    followup = FollowUp.objects.create(
        finding=finding, document=later, verdict=Verdict.SOME_PROGRESS, score=0.5
    )
    followup.paragraphs.add(paragraph)
    theme = Theme.objects.create(authority=authority, title=f"Recurring in {name}")
    theme.findings.add(finding)
    measure = Measure.objects.create(
        finding=finding,
        name="Return home interviews within 72 hours",
        baseline_value=38,
        baseline_date=date(2025, 3, 31),
        target_value=80,
        target_date=date(2025, 12, 31),
    )
    # An owner nobody knows, so an empty confirmation is refused (400) and saves nothing.
    rows = f"Reference,Action,Owner,Deadline\n{finding.reference},Do it,Pat Jones,31/03/2099\n"
    plan_token = pending.keep(
        data=rows.encode(),
        filename="plan.csv",
        authority_id=authority.pk,
        user_id=manager.pk,
    )
    return Plan(
        authority,
        document,
        finding,
        suggested,
        action,
        evidence,
        followup,
        theme,
        measure,
        plan_token,
    )


@pytest.fixture
def people_and_plans():
    def person(username, role, staff=False):
        return UserFactory(username=username, roles=[role], is_staff=staff)

    people = {
        "owner": person("owner@a.example", Role.OWNER),
        "manager": person("manager@a.example", Role.MANAGER),
        "viewer": person("viewer@a.example", Role.VIEWER),
        "admin": person("admin@a.example", Role.ADMIN, staff=True),
        "outsider": UserFactory(username="outsider@b.example", roles=[Role.OWNER, Role.MANAGER]),
    }
    members_a = [people[key] for key in ("owner", "manager", "viewer", "admin")]
    plan_a = make_plan("Authority A", people["owner"], people["manager"], members_a)
    plan_b = make_plan("Authority B", people["outsider"], people["outsider"], [people["outsider"]])
    return people, plan_a, plan_b


def url_kwargs(name: str, plan: Plan) -> dict:
    """The arguments of each URL that takes any, built from one authority's objects."""
    by_name = {
        "tracker:action-detail": {"pk": plan.action.pk},
        "tracker:action-edit": {"pk": plan.action.pk},
        "tracker:action-update-status": {"pk": plan.action.pk},
        "tracker:action-update-risk": {"pk": plan.action.pk},
        "tracker:action-add-update": {"pk": plan.action.pk},
        "tracker:evidence-add": {"pk": plan.action.pk, "kind": "note"},
        "tracker:evidence-download": {"pk": plan.evidence.pk},
        "tracker:evidence-review": {"pk": plan.evidence.pk},
        "tracker:finding-detail": {"pk": plan.finding.pk},
        "tracker:action-create": {"pk": plan.finding.pk},
        "tracker:finding-confirm": {"pk": plan.suggested.pk},
        "tracker:finding-reject": {"pk": plan.suggested.pk},
        "tracker:document-detail": {"pk": plan.document.pk},
        "tracker:across-visits": {"slug": plan.authority.slug},
        "tracker:followup-review-list": {"slug": plan.authority.slug},
        "tracker:theme-list": {"slug": plan.authority.slug},
        "tracker:theme-suggest": {"slug": plan.authority.slug},
        "tracker:followup-review": {"pk": plan.followup.pk},
        "tracker:followup-reject": {"pk": plan.followup.pk},
        "tracker:theme-confirm": {"pk": plan.theme.pk},
        "tracker:theme-reject": {"pk": plan.theme.pk},
        "tracker:plan-import-columns": {"token": plan.plan_token},
        "tracker:plan-import-review": {"token": plan.plan_token},
        "tracker:measure-detail": {"pk": plan.measure.pk},
        "tracker:measure-create": {"pk": plan.finding.pk},
    }
    if name in by_name:
        return by_name[name]
    assert not URLS[name].pattern.converters, (
        f"{name} takes arguments: say how to build them in url_kwargs "
        "(tests/security/test_access_matrix.py)."
    )
    return {}


def fetch(client: Client, method: str, url: str):
    response = client.get(url) if method == "GET" else client.post(url, {})
    if hasattr(response, "streaming_content"):
        b"".join(response.streaming_content)
    return response


def outcome(response) -> int | str:
    if response.status_code == 302 and response["Location"].startswith(reverse("login") + "?"):
        return LOGIN
    return response.status_code


@pytest.mark.parametrize("name", sorted(set(URLS) & set(EXPECTED)))
def test_access_matrix(name, people_and_plans):
    people, plan_a, _ = people_and_plans
    url = reverse(name, kwargs=url_kwargs(name, plan_a))
    wrong = []
    for method, expected in EXPECTED[name].items():
        for role in ROLES:
            client = Client()
            # Each request starts from the same data: a successful POST is undone.
            with transaction.atomic():
                if role != "anonymous":
                    client.force_login(people[role])
                got = outcome(fetch(client, method, url))
                transaction.set_rollback(True)
            if got != expected[role]:
                wrong.append(f"{method} {url} as {role}: expected {expected[role]}, got {got}")
    assert not wrong, "\n".join(wrong)


@pytest.mark.parametrize(
    "name", sorted(n for n in set(URLS) & set(EXPECTED) if URLS[n].pattern.converters)
)
def test_no_object_of_another_authority_is_reachable(name, people_and_plans):
    """IDOR: authority A's people ask for authority B's objects by id or slug, and get 404."""
    people, _, plan_b = people_and_plans
    url = reverse(name, kwargs=url_kwargs(name, plan_b))
    wrong = []
    for method, expected in EXPECTED[name].items():
        for role in ("owner", "manager", "viewer", "admin"):
            if expected[role] == 405:
                continue
            client = Client()
            with transaction.atomic():
                client.force_login(people[role])
                got = outcome(fetch(client, method, url))
                transaction.set_rollback(True)
            if got != 404:
                wrong.append(f"{method} {url} (authority B) as {role} of A: got {got}")
    assert not wrong, "\n".join(wrong)


def test_exports_hold_only_the_users_authorities(people_and_plans):
    """Board packs are files, not pages: check what is inside them too."""
    import io

    from openpyxl import load_workbook

    people, plan_a, plan_b = people_and_plans
    client = Client()
    client.force_login(people["manager"])
    for url in (reverse("tracker:board-pack"), reverse("tracker:action-list-board-pack")):
        response = client.get(url)
        assert response.status_code == 200
        data = b"".join(response.streaming_content) if response.streaming else response.content
        workbook = load_workbook(io.BytesIO(data), read_only=True)
        cells = " ".join(
            str(value)
            for sheet in workbook.worksheets
            for row in sheet.iter_rows(values_only=True)
            for value in row
            if value is not None
        )
        assert plan_a.action.title in cells
        assert plan_b.action.title not in cells and "Authority B" not in cells
    response = client.get(reverse("tracker:board-pack"), {"authority": plan_b.authority.slug})
    assert response.status_code == 404


# --- The Django admin ------------------------------------------------------------------------


def admin_urls() -> list[str]:
    """The admin's list and add pages of every registered model (no arguments needed)."""
    from django.contrib import admin

    urls = [reverse("admin:index")]
    for model in admin.site._registry:
        meta = model._meta
        urls.append(reverse(f"admin:{meta.app_label}_{meta.model_name}_changelist"))
    return urls


@pytest.mark.parametrize("role", ["owner", "outsider", "manager", "viewer"])
def test_admin_is_for_staff_only(role, people_and_plans):
    people, _, _ = people_and_plans
    client = Client()
    client.force_login(people[role])
    for url in admin_urls():
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("admin:login")), url


def test_admin_role_sees_only_what_it_administers(people_and_plans):
    people, _, _ = people_and_plans
    client = Client()
    client.force_login(people["admin"])
    allowed_apps = {"inspections", "auth"}
    for url in admin_urls():
        response = client.get(url)
        if url == reverse("admin:index"):
            assert response.status_code == 200
            continue
        app = url.strip("/").split("/")[1]
        model = url.strip("/").split("/")[2]
        expected = 200 if app in allowed_apps and model != "group" or model == "membership" else 403
        assert response.status_code == expected, (url, response.status_code)


def test_anonymous_admin_goes_to_sign_in():
    client = Client()
    for url in admin_urls():
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith((reverse("login"), reverse("admin:login"))), url


def test_group_permissions_do_not_leak_tracker_writes():
    """The admin role administers documents and people, not the plan itself."""
    admin_group = Group.objects.get(name=Role.ADMIN)
    codenames = set(admin_group.permissions.values_list("content_type__model", flat=True))
    assert not codenames & {"action", "evidence", "progressupdate"}
