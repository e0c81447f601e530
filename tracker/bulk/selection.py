"""What a bulk change is about: the rows chosen, and a fingerprint of them as they were shown.

The confirmation page shows N rows with a fingerprint of their state; the change
runs only if the same rows are still in the same state, so nobody changes rows
that moved on since they were counted.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable

from inspections.models import Finding, FollowUp
from tracker.models import Action


def _row_key(row) -> str:
    if isinstance(row, Action):
        return f"{row.pk}:{row.version}"
    if isinstance(row, FollowUp):
        return f"{row.pk}:{row.state}:{row.verdict}"
    if isinstance(row, Finding):
        return f"{row.pk}:{row.state}:{row.text}"
    raise TypeError(f"No bulk fingerprint for {type(row).__name__}")


def fingerprint(rows: Iterable) -> str:
    """A short digest of the rows' ids and the state a bulk change depends on."""
    keys = sorted(_row_key(row) for row in rows)
    return hashlib.sha256("\n".join(keys).encode()).hexdigest()[:32]
