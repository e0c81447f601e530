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
from tracker.boards.models import BoardMeeting
from tracker.measures.models import Measure
from tracker.models import EvidenceKind
from tracker.plans import pending
from tracker.roles import Role

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
NOT_FOUND_ANYONE = S(404, 404, 404, 404, 404, 404)
REFUSED_ANYONE = S(403, 403, 403, 403, 403, 403)

EXPECTED: dict[str, dict[str, dict[str, int | str]]] = {
    "login": {"GET": EVERYONE_200, "POST": EVERYONE_200},
    "logout": {"GET": S(LOGIN, 405, 405, 405, 405, 405), "POST": S(LOGIN, 302, 302, 302, 302, 302)},
    "accessibility": {"GET": EVERYONE_200, "POST": S(405, 405, 405, 405, 405, 405)},
    "tracker:audit-log": {"GET": S(LOGIN, 403, 200, 200, 403, 403), "POST": NOT_ALLOWED},
    "tracker:dashboard": {"GET": LIST, "POST": LIST},
    # Going to a reference: the box's own page, then the action of authority A by its
    # reference, which people of other authorities are told does not exist.
    "tracker:go": {"GET": LIST, "POST": NOT_ALLOWED},
    "tracker:go-reference": {"GET": S(LOGIN, 302, 404, 302, 302, 302), "POST": NOT_ALLOWED},
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
    # Corrections: the uploader or a manager withdraws evidence; managers cancel or
    # supersede and restore suggestions; only its author corrects or retracts an update.
    "tracker:evidence-withdraw": {
        "GET": S(LOGIN, 200, 404, 200, 403, 403),
        "POST": S(LOGIN, 400, 404, 400, 403, 403),
    },
    "tracker:action-close": {
        "GET": S(LOGIN, 403, 404, 200, 403, 403),
        "POST": S(LOGIN, 403, 404, 400, 403, 403),
    },
    "tracker:update-edit": {
        "GET": S(LOGIN, 200, 404, 403, 403, 403),
        "POST": S(LOGIN, 400, 404, 403, 403, 403),
    },
    "tracker:update-retract": {
        "GET": NOT_ALLOWED,
        "POST": S(LOGIN, 302, 404, 403, 403, 403),
    },
    "tracker:finding-restore": {
        "GET": NOT_ALLOWED,
        "POST": S(LOGIN, 403, 404, 302, 403, 403),
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
    # An empty choice of judgement area is refused (400) and saves nothing.
    "tracker:finding-set-area": {
        "GET": NOT_ALLOWED,
        "POST": S(LOGIN, 403, 404, 400, 403, 403),
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
    # Bulk changes from the lists: managers only. An empty post goes back to the list
    # with a message (302); another authority's follow-ups do not exist for its managers.
    "tracker:bulk-findings": {"GET": NOT_ALLOWED, "POST": S(LOGIN, 403, 302, 302, 403, 403)},
    "tracker:bulk-actions": {"GET": NOT_ALLOWED, "POST": S(LOGIN, 403, 302, 302, 403, 403)},
    "tracker:bulk-followups": {"GET": NOT_ALLOWED, "POST": S(LOGIN, 403, 404, 302, 403, 403)},
    # Managers manage the people of their own authorities.
    "tracker:people": {
        "GET": S(LOGIN, 403, 200, 200, 403, 403),
        "POST": S(LOGIN, 403, 400, 400, 403, 403),
    },
    "tracker:people-membership-remove": {
        "GET": NOT_ALLOWED,
        "POST": S(LOGIN, 403, 404, 302, 403, 403),
    },
    "tracker:people-roles": {
        "GET": NOT_ALLOWED,
        "POST": S(LOGIN, 403, 404, 302, 403, 403),
    },
    # Adding oneself to an authority: a superuser's step; a manager of it changes nothing.
    "tracker:people-self-add": {
        "GET": NOT_ALLOWED,
        "POST": S(LOGIN, 403, 404, 302, 403, 403),
    },
    # Everyone signed in chooses how they get emails; an empty form is refused.
    "tracker:notification-preferences": {
        "GET": S(LOGIN, 200, 200, 200, 200, 200),
        "POST": S(LOGIN, 400, 400, 400, 400, 400),
    },
    # Sign-in pages: single sign-on's exist only when it is set up (not in these tests).
    "accounts:sso-start": {"GET": NOT_FOUND_ANYONE, "POST": NOT_FOUND_ANYONE},
    "accounts:sso-callback": {"GET": NOT_FOUND_ANYONE, "POST": NOT_FOUND_ANYONE},
    "accounts:no-access": {
        "GET": S(403, 403, 403, 403, 403, 403),
        "POST": S(403, 403, 403, 403, 403, 403),
    },
    "password_change": {
        "GET": S(LOGIN, 200, 200, 200, 200, 200),
        "POST": S(LOGIN, 200, 200, 200, 200, 200),
    },
    "password_change_done": {
        "GET": S(LOGIN, 200, 200, 200, 200, 200),
        "POST": S(LOGIN, 405, 405, 405, 405, 405),
    },
    "tracker:board-pack": {"GET": LIST, "POST": LIST},
    # Board meetings: managers record them; everyone who sees all their authorities reads them.
    "tracker:meeting-list": {"GET": LIST, "POST": NOT_ALLOWED},
    "tracker:meeting-create": {
        "GET": S(LOGIN, 403, 200, 200, 403, 403),
        "POST": S(LOGIN, 403, 400, 400, 403, 403),
    },
    "tracker:meeting-detail": {"GET": READ, "POST": NOT_ALLOWED},
    "tracker:meeting-edit": {
        "GET": S(LOGIN, 403, 404, 200, 403, 403),
        "POST": S(LOGIN, 403, 404, 400, 403, 403),
    },
    "tracker:meeting-pack": {"GET": READ, "POST": NOT_ALLOWED},
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
    meeting: object
    update: object


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
    update = services.progress_update_add(action=action, user=owner, text="Audit started.")
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
    meeting = BoardMeeting.objects.create(title=f"{name} board", held_on=date(2025, 6, 2))
    meeting.authorities.set([authority])
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
        meeting,
        update,
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
        "tracker:go-reference": {"reference": f"{plan.finding.reference}.1"},
        "tracker:action-edit": {"pk": plan.action.pk},
        "tracker:action-update-status": {"pk": plan.action.pk},
        "tracker:action-update-risk": {"pk": plan.action.pk},
        "tracker:action-add-update": {"pk": plan.action.pk},
        "tracker:evidence-add": {"pk": plan.action.pk, "kind": "note"},
        "tracker:evidence-download": {"pk": plan.evidence.pk},
        "tracker:evidence-review": {"pk": plan.evidence.pk},
        "tracker:evidence-withdraw": {"pk": plan.evidence.pk},
        "tracker:action-close": {"pk": plan.action.pk},
        "tracker:update-edit": {"pk": plan.update.pk},
        "tracker:update-retract": {"pk": plan.update.pk},
        "tracker:finding-restore": {"pk": plan.suggested.pk},
        "tracker:finding-detail": {"pk": plan.finding.pk},
        "tracker:action-create": {"pk": plan.finding.pk},
        "tracker:finding-confirm": {"pk": plan.suggested.pk},
        "tracker:finding-reject": {"pk": plan.suggested.pk},
        "tracker:finding-set-area": {"pk": plan.finding.pk},
        "tracker:document-detail": {"pk": plan.document.pk},
        "tracker:across-visits": {"slug": plan.authority.slug},
        "tracker:followup-review-list": {"slug": plan.authority.slug},
        "tracker:theme-list": {"slug": plan.authority.slug},
        "tracker:bulk-followups": {"slug": plan.authority.slug},
        "tracker:theme-suggest": {"slug": plan.authority.slug},
        "tracker:followup-review": {"pk": plan.followup.pk},
        "tracker:followup-reject": {"pk": plan.followup.pk},
        "tracker:theme-confirm": {"pk": plan.theme.pk},
        "tracker:theme-reject": {"pk": plan.theme.pk},
        "tracker:plan-import-columns": {"token": plan.plan_token},
        "tracker:plan-import-review": {"token": plan.plan_token},
        "tracker:measure-detail": {"pk": plan.measure.pk},
        "tracker:meeting-detail": {"pk": plan.meeting.pk},
        "tracker:meeting-edit": {"pk": plan.meeting.pk},
        "tracker:meeting-pack": {"pk": plan.meeting.pk},
        "tracker:measure-create": {"pk": plan.finding.pk},
        "tracker:people-membership-remove": {
            "pk": plan.authority.memberships.get(user=plan.action.owner).pk
        },
        "tracker:people-roles": {"pk": plan.action.owner.pk},
        "tracker:people-self-add": {"pk": plan.authority.pk},
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
#
# Every admin URL (walked from the admin site, so a new model or view cannot escape) is
# requested by every role with GET and with an empty POST. Only staff reach the admin at all;
# the admin role (staff, member of authority A) reaches the documents and findings of A and
# nothing of B; people, groups, memberships and passwords are for superusers; the plan itself
# (actions, evidence, reminders) is read only for everyone.

ADMIN_ROLES = ("anonymous", "owner", "outsider", "manager", "viewer", "admin", "superuser")
ADMIN_LOGIN = "admin login"
# The admin's redirect to its index: for an object, "doesn't exist, perhaps deleted".
ADMIN_INDEX = GONE = "to the admin index"

# What the admin role may do with each model of its own authority; None: nothing at all.
ADMIN_ROLE_MAY = {
    "inspections.localauthority": {"view", "change"},
    # The register decides where documents are filed: superusers alone keep it.
    "inspections.registeredauthority": None,
    # Framework eras and their areas serve every authority: superusers alone keep them.
    "inspections.frameworkera": None,
    "inspections.document": {"view", "add", "change", "delete"},
    "inspections.finding": {"view", "add", "change", "delete"},
    "inspections.paragraph": {"view", "add", "change", "delete"},
    "inspections.theme": {"view", "add", "change", "delete"},
    "inspections.followup": {"view", "add", "change", "delete"},
    "tracker.membership": None,
    "tracker.action": None,
    "tracker.evidence": None,
    "tracker.remindersent": None,
    "tracker.notification": None,
    "auth.user": None,
    "auth.group": None,
    "axes.accessattempt": None,
    "axes.accesslog": None,
    "axes.accessfailurelog": None,
}
# Shown to superusers but changed by nobody in the admin.
READ_ONLY = {
    "tracker.action",
    "tracker.evidence",
    "tracker.remindersent",
    "tracker.notification",
}
# Sign-in records are written by django-axes alone: a superuser reads and clears them.
WRITTEN_BY_AXES = {"axes.accessattempt", "axes.accesslog", "axes.accessfailurelog"}
# Model admins with Django's own history page, which treats a hidden object as missing.
WITHOUT_SIMPLE_HISTORY = {
    "inspections.localauthority",
    "inspections.paragraph",
    "tracker.notification",
}
# Objects that belong to no authority: only superusers see them.
NOT_AUTHORITY_DATA = {
    "inspections.registeredauthority",
    "tracker.membership",
    "tracker.remindersent",
    "auth.user",
    "auth.group",
    "axes.accessattempt",
    "axes.accesslog",
    "axes.accessfailurelog",
}


def admin_site_urls() -> dict[str, object]:
    """Every named URL of the admin site: its own views and each model's."""
    from django.contrib import admin

    found = {}
    for entry in admin.site.get_urls():
        for pattern in getattr(entry, "url_patterns", [entry]):
            if pattern.name:
                found[pattern.name] = pattern
    return found


def admin_objects(plan: Plan) -> dict[str, object]:
    """One object of each registered model in the plan's authority (or of nobody's)."""
    from axes.models import AccessAttempt, AccessFailureLog, AccessLog

    from inspections.models import FrameworkEra, Paragraph, RegisteredAuthority
    from tracker.models import ReminderSent
    from tracker.notifications.models import Kind, Notification

    owner = plan.action.owner
    return {
        "inspections.localauthority": plan.authority,
        "inspections.registeredauthority": RegisteredAuthority.objects.first(),
        "inspections.frameworkera": FrameworkEra.objects.first(),
        "inspections.document": plan.document,
        "inspections.finding": plan.finding,
        "inspections.paragraph": Paragraph.objects.filter(document__authority=plan.authority)[0],
        "inspections.theme": plan.theme,
        "inspections.followup": plan.followup,
        "tracker.membership": plan.authority.memberships.first(),
        "tracker.action": plan.action,
        "tracker.evidence": plan.evidence,
        "tracker.remindersent": ReminderSent.objects.get_or_create(
            owner=owner, sent_on=plan.action.deadline, defaults={"action_count": 1}
        )[0],
        "tracker.notification": Notification.objects.create(
            recipient=owner, kind=Kind.ASSIGNED, action=plan.action
        ),
        "auth.user": owner,
        "auth.group": Group.objects.get(name=Role.OWNER),
        "axes.accessattempt": AccessAttempt.objects.get_or_create(
            username=owner.username, ip_address="127.0.0.1", defaults={"failures_since_start": 1}
        )[0],
        "axes.accesslog": AccessLog.objects.get_or_create(
            username=owner.username, ip_address="127.0.0.1"
        )[0],
        "axes.accessfailurelog": AccessFailureLog.objects.get_or_create(
            username=owner.username, ip_address="127.0.0.1"
        )[0],
    }


def admin_model_of(url_name: str) -> tuple[str, str]:
    """("app.model", "view") from a model admin's URL name such as inspections_document_add."""
    for label in ADMIN_ROLE_MAY:
        prefix = label.replace(".", "_") + "_"
        if url_name.startswith(prefix):
            return label, url_name[len(prefix) :]
    raise AssertionError(
        f"Admin URL {url_name} belongs to no model in ADMIN_ROLE_MAY "
        "(tests/security/test_access_matrix.py): say what the admin role may do with it."
    )


def empty_post(label: str, view: str) -> int:
    """An allowed empty POST: the form again with its errors, or the delete confirmation,
    both 200; only a form without editable fields (axes' records) saves and redirects."""
    return 302 if label in WRITTEN_BY_AXES and view == "change" else 200


def model_page_expected(label: str, view: str, method: str, role: str, own: bool):
    """What a staff role gets on one model admin page, for an object of A (own) or of B."""
    may = ADMIN_ROLE_MAY[label] or set()
    if role == "superuser":
        if label in WRITTEN_BY_AXES and view == "add":
            return 403
        if label in READ_ONLY and (
            view in {"add", "delete"} or (view, method) == ("change", "POST")
        ):
            return 403
        if view in {"change", "delete"} and method == "POST":
            return empty_post(label, view)
        return 200 if method == "GET" or view != "add" else empty_post(label, view)
    if view == "changelist":
        return 200 if "view" in may else 403
    if view == "add" or view == "import":
        return (
            (empty_post(label, view) if method == "POST" and view == "add" else 200)
            if "add" in may
            else 403
        )
    if not may:
        # Django's own history page looks the object up before asking about permissions:
        # another authority's object is not there, as for any other page of theirs.
        if not own and view == "history" and label in WITHOUT_SIMPLE_HISTORY:
            return GONE
        return 403
    if not own:
        # Another authority's object is not there for them; a page they could not use even
        # on their own objects is refused first; simple-history's pages (which can fall back
        # to the object's history) refuse it outright.
        if view == "delete" and "delete" not in may:
            return 403
        if view == "history" and label in WITHOUT_SIMPLE_HISTORY:
            return GONE
        return 403 if view in {"history", "simple_history"} else GONE
    if view in {"history", "simple_history"}:
        return 200
    needed = "change" if view == "change" else "delete"
    if needed not in may:
        return 403
    return empty_post(label, view) if method == "POST" else 200


def admin_outcome(response) -> int | str:
    location = response.get("Location", "")
    if response.status_code == 302 and location.startswith(reverse("login") + "?"):
        return LOGIN
    if response.status_code == 302 and location.startswith(reverse("admin:login") + "?"):
        return ADMIN_LOGIN
    if response.status_code == 302 and location == reverse("admin:index"):
        return GONE
    return response.status_code


@pytest.fixture
def admin_people(people_and_plans):
    people, plan_a, plan_b = people_and_plans
    people = {**people, "superuser": UserFactory(username="root@example.gov.uk", is_staff=True)}
    people["superuser"].is_superuser = True
    people["superuser"].save()
    return people, plan_a, plan_b


def admin_model_urls(plan: Plan):
    """(label, view, url) for every model admin URL, built with the plan's objects."""
    objects = admin_objects(plan)
    for name in sorted(admin_site_urls()):
        if name in ADMIN_SITE_EXPECTED:
            continue
        label, view = admin_model_of(name)
        obj = objects[label]
        if view == "simple_history":
            history = obj.history.first()
            url = reverse(f"admin:{name}", args=[obj.pk, history.history_id])
        elif view == "password_change" or view in {"change", "delete", "history"}:
            url = reverse(f"admin:{name}", args=[obj.pk])
        else:
            url = reverse(f"admin:{name}")
        yield label, view, url


ADMIN_SITE_EXPECTED = {
    # (GET, POST) for the admin role and the superuser; everyone else goes to the admin login.
    "index": (200, 200),
    "login": (ADMIN_INDEX, 200),  # signed in already: on to the index; a POST signs in again
    "logout": (405, 302),
    "password_change": (200, 200),
    "password_change_done": (200, 405),
    "autocomplete": (403, 405),
    "jsi18n": (200, 405),
    "view_on_site": (404, 404),
    "app_list": (200, 200),
}


def test_every_admin_url_has_expectations():
    for name in admin_site_urls():
        if name not in ADMIN_SITE_EXPECTED:
            admin_model_of(name)


def admin_request(people, role, method, url):
    client = Client()
    with transaction.atomic():
        if role != "anonymous":
            client.force_login(people[role])
        response = fetch(client, method, url)
        got = admin_outcome(response)
        transaction.set_rollback(True)
    return got


@pytest.mark.parametrize("method", ["GET", "POST"])
@pytest.mark.parametrize("label", sorted(ADMIN_ROLE_MAY))
def test_admin_access_matrix(label, method, admin_people):
    """Every admin URL of a model × every role, with objects of A (the role's) and of B."""
    people, plan_a, plan_b = admin_people
    wrong = []
    for own, plan in ((True, plan_a), (False, plan_b)):
        for url_label, view, url in admin_model_urls(plan):
            if url_label != label or (not own and view in {"changelist", "add", "import"}):
                continue
            for role in ADMIN_ROLES:
                if role == "superuser" and not own:
                    continue  # a superuser's authority is every authority
                if role == "anonymous":
                    expected = LOGIN
                elif role in {"owner", "outsider", "manager", "viewer"}:
                    expected = ADMIN_LOGIN
                elif label in NOT_AUTHORITY_DATA and role == "admin":
                    expected = 403
                else:
                    expected = model_page_expected(label, view, method, role, own)
                got = admin_request(people, role, method, url)
                if got != expected:
                    wrong.append(f"{method} {url} as {role}: expected {expected}, got {got}")
    assert not wrong, "\n".join(wrong)


@pytest.mark.parametrize("name", sorted(ADMIN_SITE_EXPECTED))
def test_admin_site_pages(name, admin_people):
    people, _, _ = admin_people
    pattern = admin_site_urls()[name]
    args = {"app_list": ["inspections"], "view_on_site": [1, 1]}.get(name, [])
    url = reverse(f"admin:{name}", args=args)
    expected_get, expected_post = ADMIN_SITE_EXPECTED[name]
    wrong = []
    for method, expected in (("GET", expected_get), ("POST", expected_post)):
        for role in ADMIN_ROLES:
            want = expected if role in {"admin", "superuser"} else ADMIN_LOGIN
            if name == "login" and role not in {"admin", "superuser"}:
                want = 200  # the admin's sign-in form itself
            if name == "logout" and role in {"owner", "outsider", "manager", "viewer"}:
                want = ADMIN_INDEX  # not staff: nothing of the admin's to sign out of
            got = admin_outcome(fetch_signed_in(people, role, method, url))
            if got != want:
                wrong.append(
                    f"{method} {url} ({pattern.name}) as {role}: expected {want}, got {got}"
                )
    assert not wrong, "\n".join(wrong)


def fetch_signed_in(people, role, method, url):
    client = Client()
    with transaction.atomic():
        if role != "anonymous":
            client.force_login(people[role])
        response = fetch(client, method, url)
        transaction.set_rollback(True)
    return response


def test_admin_role_reaches_only_inspections_app(admin_people):
    people, _, _ = admin_people
    client = Client()
    client.force_login(people["admin"])
    for app, expected in (("inspections", 200), ("tracker", 404), ("auth", 404), ("axes", 404)):
        assert client.get(reverse("admin:app_list", args=[app])).status_code == expected, app


def test_anonymous_admin_goes_to_sign_in():
    from django.contrib import admin

    client = Client()
    for model in admin.site._registry:
        meta = model._meta
        url = reverse(f"admin:{meta.app_label}_{meta.model_name}_changelist")
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith((reverse("login"), reverse("admin:login"))), url


def test_group_permissions_do_not_leak_tracker_writes():
    """The admin role administers documents, not the plan nor people."""
    admin_group = Group.objects.get(name=Role.ADMIN)
    apps = set(admin_group.permissions.values_list("content_type__app_label", flat=True))
    assert apps == {"inspections"}
