"""Backup and restore: an empty database gets back every action, update, history row and file."""

import json

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from inspections.models import Document, Finding, FollowUp
from inspections.services import report_import
from tests.conftest import SEEDS_DIR
from tests.factories import ActionFactory, UserFactory
from tracker import services
from tracker.models import Action, Evidence, EvidenceKind, Membership, ProgressUpdate
from tracker.roles import Role

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64

# Restores empty the database with ``flush``, which PostgreSQL cannot do inside the
# transaction a normal test runs in; the database is put back as it was afterwards.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def _snapshot():
    """Everything the restore must give back, as plain values."""
    history = {}
    user_model = UserFactory._meta.model
    for model in (
        Action,
        ProgressUpdate,
        Evidence,
        Finding,
        FollowUp,
        Document,
        Membership,
        user_model,
    ):
        history[model.__name__] = sorted(
            model.history.values_list("history_id", "id", "history_type", "history_user_id")
        )
    return {
        "actions": sorted(
            Action.objects.values_list("pk", "title", "status", "owner_id", "version")
        ),
        "updates": sorted(
            ProgressUpdate.objects.values_list("pk", "action_id", "text", "author_id")
        ),
        "evidence": sorted(
            Evidence.objects.values_list("pk", "action_id", "kind", "file", "original_name")
        ),
        "findings": Finding.objects.count(),
        "documents": sorted(Document.objects.values_list("pk", "source_file", "content_hash")),
        "users": sorted(
            (u.pk, u.username, u.password, tuple(sorted(u.groups.values_list("name", flat=True))))
            for u in UserFactory._meta.model.objects.all()
        ),
        "history": history,
    }


@pytest.fixture
def plan(settings, authority, manager, owner, action):
    report = report_import(
        data=next(SEEDS_DIR.glob("000_*.txt")).read_bytes(), filename="report.txt", user=manager
    )
    Membership.objects.get_or_create(user=manager, authority=report.document.authority)
    services.action_transition(
        action=action,
        user=owner,
        new_status="in_progress",
        expected_version=1,
        update_text="Started",
    )
    services.progress_update_add(action=action, user=owner, text="Audit half done")
    for name, data in (("audit.pdf", PDF), ("chart.png", PNG)):
        services.evidence_add(
            action=action, user=owner, kind=EvidenceKind.FILE, file=SimpleUploadedFile(name, data)
        )
    services.evidence_add(action=action, user=owner, kind=EvidenceKind.NOTE, note="Minutes")
    services.action_update(action=action, user=manager, expected_version=2, title="Renamed")
    ActionFactory(finding=report.document.findings.first(), owner=manager)
    return report.document


def _empty_everything(settings, tmp_path):
    call_command("flush", interactive=False, verbosity=0)
    ContentType.objects.clear_cache()
    settings.MEDIA_ROOT = tmp_path / "restored-media"
    assert not Action.objects.exists() and not UserFactory._meta.model.objects.exists()


def test_restore_into_an_empty_database_gives_back_everything(plan, settings, tmp_path, client):
    before = _snapshot()
    files = {e.file.name: e.file.read() for e in Evidence.objects.exclude(file="")}
    files[plan.source_file.name] = plan.source_file.read()
    assert len(files) == 3 and all(before["history"].values())

    call_command("backup_data", output=tmp_path / "backup", verbosity=0)
    manifest = json.loads((tmp_path / "backup" / "manifest.json").read_text())
    assert set(manifest["files"]) == set(files)

    _empty_everything(settings, tmp_path)
    call_command("restore_data", str(tmp_path / "backup"), verbosity=0)

    assert _snapshot() == before
    for name, data in files.items():
        with default_storage.open(name, "rb") as handle:
            assert handle.read() == data
    # The restored app works: the owner signs in as before and downloads the evidence.
    owner = UserFactory._meta.model.objects.get(username="owner@example.gov.uk")
    assert owner.check_password("correct-horse-battery")
    client.force_login(owner)
    evidence = Evidence.objects.filter(kind=EvidenceKind.FILE).first()
    response = client.get(reverse("tracker:evidence-download", args=[evidence.pk]))
    assert b"".join(response.streaming_content) == files[evidence.file.name]
    # New rows do not collide with restored ids.
    assert ActionFactory(finding=Finding.objects.first()).pk > max(p for p, *_ in before["actions"])


def test_restore_refuses_a_database_that_has_data(plan, tmp_path):
    call_command("backup_data", output=tmp_path / "backup", verbosity=0)
    with pytest.raises(CommandError, match="already holds"):
        call_command("restore_data", str(tmp_path / "backup"), verbosity=0)


def test_a_damaged_backup_is_refused_before_anything_is_written(plan, settings, tmp_path):
    call_command("backup_data", output=tmp_path / "backup", verbosity=0)
    damaged = next((tmp_path / "backup" / "media").rglob("*.pdf"))
    damaged.write_bytes(b"%PDF-1.4 changed")
    _empty_everything(settings, tmp_path)
    with pytest.raises(CommandError, match="damaged"):
        call_command("restore_data", str(tmp_path / "backup"), verbosity=0)
    assert not Action.objects.exists()


@pytest.mark.parametrize("name", ["../../outside.pdf", "/etc/passwd", "evidence/..\\..\\x.pdf"])
def test_a_manifest_cannot_write_outside_the_file_store(plan, settings, tmp_path, name):
    call_command("backup_data", output=tmp_path / "backup", verbosity=0)
    manifest_path = tmp_path / "backup" / "manifest.json"
    manifest = json.loads(manifest_path.read_text())
    manifest["files"][name] = "0" * 64
    manifest_path.write_text(json.dumps(manifest))
    _empty_everything(settings, tmp_path)
    with pytest.raises(CommandError, match="outside the file store"):
        call_command("restore_data", str(tmp_path / "backup"), verbosity=0)
    assert not (tmp_path / "outside.pdf").exists()


def test_backup_refuses_a_folder_with_files_in_it(tmp_path, db):
    (tmp_path / "old").mkdir()
    (tmp_path / "old" / "keep.txt").write_text("x")
    with pytest.raises(CommandError, match="not empty"):
        call_command("backup_data", output=tmp_path / "old", verbosity=0)


def test_backup_files_are_private(plan, tmp_path):
    call_command("backup_data", output=tmp_path / "backup", verbosity=0)
    for path in (tmp_path / "backup").rglob("*"):
        assert path.stat().st_mode & 0o077 == 0, path


def test_roles_survive_by_name(plan, settings, tmp_path):
    viewer = UserFactory(username="v@example.gov.uk", roles=[Role.VIEWER])
    call_command("backup_data", output=tmp_path / "backup", verbosity=0)
    _empty_everything(settings, tmp_path)
    call_command("restore_data", str(tmp_path / "backup"), verbosity=0)
    restored = UserFactory._meta.model.objects.get(pk=viewer.pk)
    assert list(restored.groups.values_list("name", flat=True)) == [Role.VIEWER]
