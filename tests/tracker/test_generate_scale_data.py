"""generate_scale_data: a coherent synthetic data set, the same for the same seed, never mixed
into existing data; and every main page runs as many queries on it at 1x as at 10x."""

import os
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.db import connection
from django.db.models import Count, Max
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from bench.scale_data import NATIONAL_MANAGER, SCALE_ADMIN
from inspections.models import (
    Document,
    DocumentKind,
    Finding,
    FollowUp,
    Judgement,
    LocalAuthority,
    Paragraph,
    Theme,
)
from tracker.models import Action, Evidence, Membership, ProgressUpdate
from tracker.roles import Role
from tracker.statuses import DONE_STATUSES, Status

UNTIL = date(2025, 6, 30)
User = get_user_model()


def generate(**options):
    defaults = {"authorities": 2, "years": 5, "seed": 7, "until": UNTIL, "verbosity": 0}
    call_command("generate_scale_data", **{**defaults, **options})


def wipe():
    Action.objects.all().delete()  # writes "deleted" history rows, so history goes after
    Action.history.model.objects.all().delete()
    Evidence.history.model.objects.all().delete()
    FollowUp.objects.all().delete()
    Theme.objects.all().delete()
    Document.objects.all().delete()
    LocalAuthority.objects.all().delete()
    User.objects.all().delete()


def fingerprint() -> tuple:
    return (
        tuple(LocalAuthority.objects.order_by("name").values_list("name", "code")),
        tuple(
            Document.objects.order_by("authority__name", "visit_start", "kind").values_list(
                "authority__name", "kind", "visit_start", "visit_number", "lead_inspector"
            )
        ),
        tuple(
            Finding.objects.order_by("document__content_hash", "order").values_list(
                "text", "state", "source_list"
            )
        ),
        tuple(
            Action.objects.order_by("finding__document__content_hash", "finding__order", "title")
            .values_list("title", "status", "deadline", "owner__username", "version")
            .order_by("finding__document__content_hash", "finding__order", "created_at", "title")
        ),
        Action.history.model.objects.count(),
        ProgressUpdate.objects.count(),
        Evidence.objects.count(),
        FollowUp.objects.count(),
    )


@pytest.mark.django_db
def test_small_run_makes_a_coherent_national_picture():
    generate()

    assert LocalAuthority.objects.count() == 2
    documents = Document.objects.all()
    kinds = set(documents.values_list("kind", flat=True))
    # Five years up to 2025: full inspections under ILACS only (the SIF ended in 2018),
    # with focused visits between them.
    assert {DocumentKind.ILACS, DocumentKind.FOCUSED_VISIT} <= kinds
    assert DocumentKind.SIF not in kinds
    assert all(d.visit_start and d.visit_start < UNTIL for d in documents)
    assert Judgement.objects.exists() and Paragraph.objects.count() > documents.count() * 4
    assert Finding.objects.count() >= documents.count() * 4
    assert Theme.objects.exists()
    # Roughly the shape asked for: about four actions a finding, five history rows an action.
    actions = Action.objects.count()
    assert 2 * Finding.objects.count() < actions < 6 * Finding.objects.count()
    history = Action.history.model.objects
    assert 3 * actions < history.count() < 8 * actions
    assert ProgressUpdate.objects.exists() and Evidence.objects.exists()

    # Each action's history ends where the action is now, one row per version.
    latest = {
        row["id"]: row
        for row in history.values("id").annotate(n=Count("history_id"), last=Max("history_date"))
    }
    for action in Action.objects.all():
        assert latest[action.pk]["n"] == action.version
        last = history.filter(id=action.pk).order_by("-history_date", "-history_id").first()
        assert (last.status, last.deadline, last.owner_id, last.at_risk) == (
            action.status,
            action.deadline,
            action.owner_id,
            action.at_risk,
        )
        assert last.history_type in "+~"
    # The rules the services keep hold here too.
    assert not Action.objects.filter(status__in=DONE_STATUSES, evidence__isnull=True).exists()
    for followup in FollowUp.objects.select_related("finding__document", "document"):
        assert followup.document.authority_id == followup.finding.document.authority_id
        assert followup.document.visit_start > followup.finding.document.visit_start
    # Owners belong to the authority of their actions; the national manager to every one.
    for action in Action.objects.exclude(owner=None).select_related("finding__document")[:200]:
        assert Membership.objects.filter(
            user_id=action.owner_id, authority_id=action.finding.document.authority_id
        ).exists()
    national = User.objects.get(username=NATIONAL_MANAGER)
    assert national.memberships.count() == 2
    assert national.groups.filter(name=Role.MANAGER).exists()
    assert User.objects.get(username=SCALE_ADMIN).is_superuser
    assert Action.objects.filter(status=Status.VERIFIED).exists()
    assert Action.objects.exclude(status__in=DONE_STATUSES).exists()


@pytest.mark.django_db
def test_findings_get_references_with_the_visit_year_as_an_import_gives_them():
    generate()

    for finding in Finding.objects.select_related("document__authority"):
        year = str(finding.document.visit_end.year)
        assert finding.reference.startswith(f"{finding.document.authority.code}-{year}")
        assert "undated" not in finding.reference
    by_year: dict[tuple, list[str]] = {}
    for document in Document.objects.order_by("authority", "visit_start", "pk"):
        key = (document.authority_id, document.visit_end.year)
        by_year.setdefault(key, []).append(document.reference_label)
    for (_, year), labels in by_year.items():
        assert labels == [f"{year}{s}" for s in ("", *"bcdefgh")][: len(labels)]
    # Inadequate authorities are visited more than once a year.
    year, labels = next((y, ls) for (_, y), ls in by_year.items() if len(ls) > 1)
    assert labels[:2] == [f"{year}", f"{year}b"]


@pytest.mark.django_db
def test_the_same_seed_gives_the_same_data_and_another_seed_does_not():
    generate()
    first = fingerprint()
    wipe()
    generate()
    assert fingerprint() == first
    wipe()
    generate(seed=8)
    assert fingerprint() != first


@pytest.mark.django_db
def test_refuses_a_database_that_already_has_authorities():
    generate(authorities=1)
    before = Action.objects.count()
    with pytest.raises(CommandError, match="already holds 1 local authorities"):
        generate(authorities=1)
    assert Action.objects.count() == before


def _installed_apps(**environment) -> str:
    """INSTALLED_APPS as a fresh process with this environment (no DEBUG or TESTING) sees it."""
    env = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "TESTING", "DEV_TOOLS"}}
    env.update(SECRET_KEY="x" * 50, DJANGO_SETTINGS_MODULE="config.settings", **environment)
    return subprocess.run(
        [sys.executable, "-c", "from django.conf import settings; print(settings.INSTALLED_APPS)"],
        env=env,
        cwd=Path(__file__).resolve().parents[2],
        capture_output=True,
        text=True,
        check=True,
    ).stdout


def test_is_installed_only_as_a_development_tool():
    deployed = _installed_apps()
    assert "'tracker'" in deployed
    assert "bench.scale_data" not in deployed
    assert "bench.scale_data" in _installed_apps(DEV_TOOLS="1")
    assert "bench.scale_data" in _installed_apps(DEBUG="1")


@pytest.mark.django_db
def test_refuses_without_debug_or_testing(settings):
    settings.DEBUG = False
    settings.TESTING = False
    with pytest.raises(CommandError, match="published password"):
        generate(authorities=1)
    assert not LocalAuthority.objects.exists()


def _page_urls() -> dict[str, str]:
    largest = LocalAuthority.objects.annotate(n=Count("documents")).order_by("-n", "pk").first()
    document = Document.objects.filter(authority=largest).order_by("-visit_start").first()
    action = Action.objects.filter(finding__document__authority=largest).order_by("-version")[0]
    urls = {
        "dashboard": reverse("tracker:dashboard"),
        "actions": reverse("tracker:action-list"),
        "actions filtered": reverse("tracker:action-list")
        + f"?status=in_progress&authority={largest.pk}&sort=rag",
        "actions page 3": reverse("tracker:action-list") + "?page=3",
        "findings": reverse("tracker:finding-list"),
        "findings filtered": reverse("tracker:finding-list") + "?rag=red",
        "inspection": reverse("tracker:document-detail", args=[document.pk]),
        "action": reverse("tracker:action-detail", args=[action.pk]),
        "documents": reverse("tracker:document-list"),
        "across visits": reverse("tracker:across-visits", kwargs={"slug": largest.slug}),
    }
    return urls


def _query_counts(client) -> dict[str, int]:
    client.force_login(User.objects.get(username=NATIONAL_MANAGER))
    counts = {}
    for name, url in _page_urls().items():
        client.get(url)  # the first request may fill caches (content types, sessions)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200, name
        counts[name] = len(queries)
    return counts


@pytest.mark.django_db
def test_page_query_counts_are_the_same_at_ten_times_the_data(client):
    generate(authorities=1, years=6)
    small = _query_counts(client)
    wipe()
    generate(authorities=10, years=6)
    assert Action.objects.count() > 5 * 200
    assert _query_counts(client) == small
