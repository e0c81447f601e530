"""The words councils use for progress, mapped to the product's workflow.

Status comes from the status column; a RAG word adds what the status cannot say:
"Blue" on its own means verified, and a rating worse than the one the product would
derive (amber or red on an action that is not late) means the council saw a risk, which
is kept as the action's at-risk flag. A word nobody has mapped is listed, never guessed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from tracker.statuses import DONE_STATUSES, RAG_RANK, Rag, Status, derive_rag


@dataclass(frozen=True)
class Progress:
    status: str | None  # a Status value, or None when the words do not say
    rag: str | None  # a Rag value, or None
    at_risk: bool = False


STATUS_WORDS = {
    Status.NOT_STARTED: (
        "not started",
        "not yet started",
        "to start",
        "planned",
        "not due",
        "not begun",
        "pending",
    ),
    Status.IN_PROGRESS: (
        "in progress",
        "on track",
        "ongoing",
        "started",
        "underway",
        "under way",
        "in hand",
        "progressing",
        "open",
    ),
    Status.COMPLETED: ("complete", "completed", "done", "closed", "achieved", "finished"),
    Status.VERIFIED: ("verified", "signed off", "embedded", "complete and embedded"),
}
# In progress, with the council's own warning that it is slipping.
AT_RISK_WORDS = ("slipped", "slipping", "delayed", "at risk", "behind", "off track", "overdue")

RAG_WORDS = {
    Rag.RED: ("red", "r"),
    Rag.AMBER: ("amber", "a", "amber/red", "red/amber"),
    Rag.GREEN: ("green", "g", "amber/green", "green/amber"),
    Rag.BLUE: ("blue", "b"),
}

_STATUS_BY_WORD = {word: status for status, words in STATUS_WORDS.items() for word in words}
_RAG_BY_WORD = {word: rag for rag, words in RAG_WORDS.items() for word in words}


def normalise(word) -> str:
    text = re.sub(r"[\s_]+", " ", str(word or "")).strip().lower()
    return text.strip(" .!-–")


def read_status(word) -> Progress | None:
    """What a status cell says, or None when the word is not known."""
    text = normalise(word)
    if not text:
        return Progress(None, None)
    if text in _STATUS_BY_WORD:
        return Progress(_STATUS_BY_WORD[text], None)
    if text in AT_RISK_WORDS:
        return Progress(Status.IN_PROGRESS, None, at_risk=True)
    # "Green - on track", "Complete (blue)": a RAG word and a status word in one cell.
    parts = [normalise(p) for p in re.split(r"[-–(),:;]", text) if normalise(p)]
    if len(parts) > 1:
        found = [read_status(p) or read_rag(p) for p in parts]
        if all(found):
            return _combine(found)
    rag = read_rag(text)
    if rag is not None:
        return rag
    return None


def read_rag(word) -> Progress | None:
    text = normalise(word)
    if not text:
        return Progress(None, None)
    if text in _RAG_BY_WORD:
        return Progress(None, _RAG_BY_WORD[text])
    return None


def _combine(found: list[Progress]) -> Progress:
    status = next((p.status for p in found if p.status), None)
    rag = next((p.rag for p in found if p.rag), None)
    return Progress(status, rag, at_risk=any(p.at_risk for p in found))


def combine(status: Progress, rag: Progress) -> Progress:
    """One reading of a row's status and RAG cells; the status column wins on status."""
    return _combine([status, rag])


def settle(
    progress: Progress, *, deadline: date | None, owned: bool, today: date
) -> tuple[str, bool]:
    """The status to save and whether the council flagged a risk.

    Blue with no status means verified. A red or amber rating counts as the
    council's warning only when it is worse than the rating the product derives
    from the status and deadline itself (red for late work, amber when due soon),
    so a plan exported from here reads back without inventing risks."""
    status = progress.status
    if status is None:
        status = {
            Rag.BLUE: Status.VERIFIED,
            Rag.GREEN: Status.IN_PROGRESS,
            Rag.AMBER: Status.IN_PROGRESS,
            Rag.RED: Status.IN_PROGRESS,
        }.get(progress.rag, Status.NOT_STARTED)
    if status in DONE_STATUSES:
        return status, False
    derived = derive_rag(status=status, deadline=deadline, at_risk=False, owned=owned, today=today)
    rated = progress.rag in (Rag.RED, Rag.AMBER)
    rated_worse = rated and RAG_RANK[progress.rag] < RAG_RANK[derived]
    return status, progress.at_risk or rated_worse
