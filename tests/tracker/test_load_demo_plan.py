import datetime
import json
from pathlib import Path

import pytest
from django.contrib.auth import authenticate
from django.core.management import call_command
from django.core.management.base import CommandError

from inspections.models import Finding, FindingState
from tracker.models import Action, Membership, SettledStatus
from tracker.notifications.models import Notification
from tracker.statuses import Rag, Status

DEMO_PLAN = Path(__file__).resolve().parents[2] / "fixtures" / "demo_plan.json"
DEMO_PASSWORD = json.loads(DEMO_PLAN.read_text(encoding="utf-8"))["demo_password"]


@pytest.fixture
def seeds_imported(db):
    call_command("import_reports", "seeds/", verbosity=0)


def test_says_clearly_when_the_seeds_are_missing(db):
    with pytest.raises(CommandError, match="import_reports seeds/"):
        call_command("load_demo_plan")
    assert not Action.objects.exists()


def test_refuses_without_debug(db, settings):
    settings.DEBUG = False
    settings.TESTING = False
    with pytest.raises(CommandError, match="published password"):
        call_command("load_demo_plan")


def test_loads_a_living_plan_once(seeds_imported, capsys):
    call_command("load_demo_plan")
    out = capsys.readouterr().out
    assert "manager@example.gov.uk" in out and DEMO_PASSWORD in out
    actions = list(Action.objects.with_rag())
    rags = {a.rag for a in actions}
    assert {Rag.RED, Rag.AMBER, Rag.GREEN, Rag.BLUE} <= rags
    assert any(a.at_risk for a in actions)
    assert sum(a.status == Status.VERIFIED for a in actions) == 1
    verified = next(a for a in actions if a.status == Status.VERIFIED)
    assert verified.history.count() == 4
    assert (
        verified.history.earliest("history_date").history_date
        < verified.history.latest("history_date").history_date
    )

    manager = authenticate(username="manager@example.gov.uk", password=DEMO_PASSWORD)
    assert manager is not None
    assert Membership.objects.filter(user=manager).count() == 2
    admin = authenticate(username="admin@example.gov.uk", password=DEMO_PASSWORD)
    assert admin.is_staff and not admin.is_superuser
    assert admin.has_perm("inspections.change_document")
    assert not admin.has_perm("tracker.change_action")

    call_command("load_demo_plan")
    assert Action.objects.count() == len(actions)
    assert "0 action(s) created" in capsys.readouterr().out


def test_forgets_kept_statuses_of_the_findings_it_back_dates(seeds_imported):
    finding = Finding.objects.filter(state=FindingState.CONFIRMED).first()
    SettledStatus.objects.create(
        finding=finding, on=datetime.date(2025, 1, 1), counts={}, claims_progress=False
    )

    call_command("load_demo_plan")

    planned = Finding.objects.filter(actions__isnull=False).distinct()
    assert not SettledStatus.objects.filter(finding__in=planned).exists()


def test_emails_nobody_about_the_plans_past(
    seeds_imported, mailoutbox, django_capture_on_commit_callbacks
):
    """The plan's story is in people's notifications, already sent: loading it emails
    nobody, and the daily email does not bring it up again."""
    with django_capture_on_commit_callbacks(execute=True):
        call_command("load_demo_plan", verbosity=0)
    assert Notification.objects.exists()
    assert not Notification.objects.filter(emailed_at__isnull=True).exists()
    assert mailoutbox == []
