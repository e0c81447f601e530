"""An uploaded plan kept between the steps of its import, as the document import keeps
reports: in private media under a random token, with who uploaded it and for which
authority beside it, removed once imported or after a day."""

from __future__ import annotations

import json
import re
import time
import uuid
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings

MAX_AGE_SECONDS = 24 * 60 * 60
TOKEN = re.compile(r"^[0-9a-f]{32}$")


@dataclass(frozen=True)
class PendingPlan:
    token: str
    filename: str
    authority_id: int
    user_id: int | None
    data: bytes


def _folder() -> Path:
    folder = Path(settings.MEDIA_ROOT) / "pending-plans"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _discard_stale() -> None:
    cutoff = time.time() - MAX_AGE_SECONDS
    for stale in _folder().iterdir():
        if stale.stat().st_mtime < cutoff:
            stale.unlink(missing_ok=True)


def keep(*, data: bytes, filename: str, authority_id: int, user_id: int | None) -> str:
    _discard_stale()
    token = uuid.uuid4().hex
    (_folder() / token).write_bytes(data)
    meta = {"filename": filename, "authority_id": authority_id, "user_id": user_id}
    (_folder() / f"{token}.json").write_text(json.dumps(meta), encoding="utf-8")
    return token


def load(token: str, *, user_id: int | None) -> PendingPlan | None:
    """The kept upload, or None when the token is unknown, expired or someone else's."""
    if not TOKEN.match(token):
        return None
    data_path, meta_path = _folder() / token, _folder() / f"{token}.json"
    if not (data_path.exists() and meta_path.exists()):
        return None
    meta = json.loads(meta_path.read_text(encoding="utf-8"))
    if meta["user_id"] != user_id:
        return None
    return PendingPlan(
        token, meta["filename"], meta["authority_id"], meta["user_id"], data_path.read_bytes()
    )


def discard(token: str) -> None:
    if TOKEN.match(token):
        (_folder() / token).unlink(missing_ok=True)
        (_folder() / f"{token}.json").unlink(missing_ok=True)
