"""Back up and restore everything: the database as Django fixtures, plus the stored files.

A backup folder holds ``groups.json`` (roles, by name), ``data.json`` (every
other record, history included, with its primary keys so links and history
stay valid), ``media/`` (every evidence file and imported document the
database refers to) and ``manifest.json`` (row counts and a SHA-256 of every
file). It is independent of the database engine: a PostgreSQL backup
restores into SQLite and back. ``pg_dump`` remains the faster way to back up
a large PostgreSQL database (docs/operations.md); this is the portable one,
and the one the test suite proves.

The folder holds password hashes and evidence about children: keep it
encrypted, and readable only by the people who run restores.
"""

from __future__ import annotations

import hashlib
import json
import os
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.files import File
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.db import connection, transaction
from django.utils import timezone

from inspections.models import Document
from tracker.models import Action, Evidence

FORMAT = 1
# Rebuilt by ``migrate`` (content types, permissions) or not worth keeping
# (sessions, sign-in attempts); everything else is backed up.
EXCLUDED = ["contenttypes", "auth.permission", "auth.group", "sessions", "axes"]
# Groups are left out of data.json only because they are dumped on their own first.
NOT_BACKED_UP = [label for label in EXCLUDED if label != "auth.group"]


class BackupError(Exception):
    """The backup or restore cannot go ahead; the message says why and what to do."""


@dataclass(frozen=True)
class Summary:
    rows: int
    files: int
    folder: Path


def _sha256(handle) -> str:
    digest = hashlib.sha256()
    for chunk in iter(lambda: handle.read(1024 * 1024), b""):
        digest.update(chunk)
    return digest.hexdigest()


def _safe_name(name: str) -> str:
    """A stored file name from a manifest or the database, refused if it could leave the store."""
    path = PurePosixPath(name)
    if not name or path.is_absolute() or ".." in path.parts or "\\" in name or "\x00" in name:
        raise BackupError(f"Refusing the file name {name!r}: it points outside the file store.")
    return str(path)


def _counts() -> dict[str, int]:
    counts = {}
    for model in apps.get_models(include_auto_created=True):
        label = model._meta.label_lower
        if label in NOT_BACKED_UP or label.split(".")[0] in NOT_BACKED_UP:
            continue
        counts[label] = model._default_manager.count()
    return counts


def _stored_files() -> list[str]:
    names = set(
        Evidence.objects.exclude(file="").exclude(file__isnull=True).values_list("file", flat=True)
    )
    names |= set(
        Document.objects.exclude(source_file="")
        .exclude(source_file__isnull=True)
        .values_list("source_file", flat=True)
    )
    return sorted(names)


def backup_create(*, folder: Path) -> Summary:
    """Write a backup of the whole database and its files into ``folder`` (new or empty)."""
    folder = Path(folder)
    if folder.exists() and any(folder.iterdir()):
        raise BackupError(f"{folder} is not empty: back up into a new folder.")
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    media = folder / "media"
    outermost = not connection.in_atomic_block
    with transaction.atomic():
        if connection.vendor == "postgresql" and outermost:
            # One snapshot for every table, however long the dump takes.
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
        call_command(
            "dumpdata",
            "auth.group",
            natural_foreign=True,
            natural_primary=True,
            output=str(folder / "groups.json"),
            verbosity=0,
        )
        call_command(
            "dumpdata",
            exclude=EXCLUDED,
            natural_foreign=True,
            output=str(folder / "data.json"),
            verbosity=0,
        )
        counts = _counts()
        names = _stored_files()
    files = {}
    missing = []
    for name in names:
        safe = _safe_name(name)
        if not default_storage.exists(safe):
            missing.append(safe)
            continue
        target = media / safe
        target.parent.mkdir(parents=True, exist_ok=True)
        with default_storage.open(safe, "rb") as source, open(target, "wb") as copy:
            for chunk in iter(lambda: source.read(1024 * 1024), b""):
                copy.write(chunk)
        with open(target, "rb") as copy:
            files[safe] = _sha256(copy)
    manifest = {
        "format": FORMAT,
        "created_at": timezone.now().isoformat(),
        "database": connection.vendor,
        "counts": counts,
        "files": files,
        "missing_files": missing,
    }
    (folder / "manifest.json").write_text(json.dumps(manifest, indent=2, sort_keys=True))
    for path in folder.rglob("*"):
        os.chmod(path, 0o700 if path.is_dir() else 0o600)
    return Summary(rows=sum(counts.values()), files=len(files), folder=folder)


def _read_manifest(folder: Path) -> dict:
    try:
        manifest = json.loads((folder / "manifest.json").read_text())
    except FileNotFoundError as exc:
        raise BackupError(f"{folder} has no manifest.json: it is not a backup folder.") from exc
    if manifest.get("format") != FORMAT:
        raise BackupError(f"{folder} was written in an unknown backup format.")
    for part in ("groups.json", "data.json"):
        if not (folder / part).is_file():
            raise BackupError(f"{folder} has no {part}: the backup is incomplete.")
    return manifest


def _check_files(folder: Path, files: dict[str, str]) -> None:
    for name, expected in files.items():
        path = folder / "media" / _safe_name(name)
        if not path.is_file():
            raise BackupError(f"The backup is missing the file {name}.")
        with open(path, "rb") as handle:
            if _sha256(handle) != expected:
                raise BackupError(f"The file {name} in the backup is damaged (checksum differs).")


def _database_is_empty() -> bool:
    return not (
        get_user_model().objects.exists() or Document.objects.exists() or Action.objects.exists()
    )


@contextmanager
def _history_paused():
    """Loading rows is not a change anyone made: the history being loaded already says who
    did what. Without this, setting each user's groups would add a history row per user."""
    before = getattr(settings, "SIMPLE_HISTORY_ENABLED", True)
    settings.SIMPLE_HISTORY_ENABLED = False
    try:
        yield
    finally:
        settings.SIMPLE_HISTORY_ENABLED = before


def backup_restore(*, folder: Path) -> Summary:
    """Restore a backup into an empty database and file store; all or nothing for the data."""
    folder = Path(folder)
    manifest = _read_manifest(folder)
    files = manifest["files"]
    _check_files(folder, files)  # before anything is written
    call_command("migrate", interactive=False, verbosity=0)
    if not _database_is_empty():
        raise BackupError(
            "The database already holds people, documents or actions. Restore into an empty "
            "database (see docs/operations.md), so nothing is mixed or overwritten."
        )
    with transaction.atomic(), _history_paused():
        call_command("loaddata", str(folder / "groups.json"), verbosity=0)
        call_command("loaddata", str(folder / "data.json"), verbosity=0)
        counts = _counts()
        wrong = {
            label: (expected, counts.get(label))
            for label, expected in manifest["counts"].items()
            if label != "auth.group" and counts.get(label) != expected
        }
        if wrong:
            raise BackupError(f"The restored rows do not match the backup: {wrong}")
        # Files last, inside the transaction: if one cannot be written, no data is kept.
        for name in files:
            safe = _safe_name(name)
            source = folder / "media" / safe
            if default_storage.exists(safe):
                with default_storage.open(safe, "rb") as existing:
                    if _sha256(existing) == files[name]:
                        continue
                raise BackupError(f"The file store already has a different {safe}.")
            with open(source, "rb") as handle:
                saved = default_storage.save(safe, File(handle, name=safe))
            if saved != safe:
                raise BackupError(f"The file store saved {safe} as {saved}.")
    return Summary(rows=sum(counts.values()), files=len(files), folder=folder)
