"""The plan's fields, and which spreadsheet column holds each, guessed from the headings."""

from __future__ import annotations

import re

# (field, label shown to people, headings councils use for it)
FIELDS = (
    (
        "finding",
        "Ofsted finding",
        (
            "finding",
            "ofsted finding",
            "finding what ofsted said",
            "what ofsted said",
            "area for improvement",
            "areas for improvement",
            "recommendation",
            "ofsted recommendation",
            "what needs to improve",
            "improvement area",
            "issue",
        ),
    ),
    (
        "finding_reference",
        "Finding reference",
        ("reference", "ref", "finding reference", "finding ref", "ofsted ref", "ref no", "no"),
    ),
    (
        "action",
        "Action",
        (
            "action",
            "actions",
            "improvement action",
            "what we will do",
            "action to be taken",
            "actions to be taken",
            "activity",
            "task",
        ),
    ),
    (
        "owner",
        "Owner",
        (
            "owner",
            "action owner",
            "responsible officer",
            "lead officer",
            "responsible",
            "lead",
            "who",
            "accountable officer",
        ),
    ),
    ("lead_role", "Lead role", ("lead role", "role", "job title", "lead service")),
    ("start_date", "Start date", ("start", "start date", "date started", "from")),
    (
        "deadline",
        "Deadline",
        (
            "deadline",
            "due",
            "due date",
            "due by",
            "target date",
            "by when",
            "completion date",
            "end date",
            "timescale",
        ),
    ),
    ("status", "Status", ("status", "progress status", "current status", "progress")),
    ("rag", "RAG", ("rag", "rag rating", "rag status", "rating", "brag", "brag rating")),
    (
        "latest_update",
        "Latest update",
        (
            "latest update",
            "latest progress update",
            "progress update",
            "update",
            "commentary",
            "comments",
            "progress commentary",
        ),
    ),
    ("update_date", "Date of the update", ("update date", "date of update", "last updated")),
    (
        "success_measure",
        "Success measure",
        (
            "success measure",
            "what success looks like",
            "measure of success",
            "success criteria",
            "how will we know",
            "evidence of impact",
            "impact",
            "outcome",
        ),
    ),
)
FIELD_LABELS = {name: label for name, label, _ in FIELDS}
FIELD_NAMES = tuple(FIELD_LABELS)


def normalise_heading(text) -> str:
    words = re.sub(r"[^a-z0-9]+", " ", str(text or "").lower()).split()
    return " ".join(words)


def _score(heading: str, synonym: str) -> float:
    if heading == synonym:
        return 100 + len(synonym)
    if re.search(rf"\b{re.escape(synonym)}\b", heading):
        # The longer the phrase found, the surer the guess ("latest update" beats "update").
        return len(synonym)
    return 0


def header_score(cell) -> int:
    """2 if a cell's text is a heading the plan's fields use, 1 if it contains one, else 0."""
    if not isinstance(cell, str):
        return 0
    heading = normalise_heading(cell)
    if not heading or len(heading) > 60:
        return 0
    scores = [_score(heading, s) for _, _, synonyms in FIELDS for s in synonyms if len(s) > 3]
    best = max(scores, default=0)
    return 2 if best >= 100 else int(best > 0)


def guess_mapping(headings: list[str]) -> dict[str, int]:
    """Field name → 0-based column index, for the fields whose heading is recognised.

    Each column serves one field and each field one column, best matches first."""
    candidates = []
    for column, text in enumerate(headings):
        heading = normalise_heading(text)
        if not heading:
            continue
        for name, _label, synonyms in FIELDS:
            score = max(_score(heading, s) for s in synonyms)
            if score:
                candidates.append((score, -column, name, column))
    mapping: dict[str, int] = {}
    used: set[int] = set()
    for _rank, _order, name, column in sorted(candidates, reverse=True):
        if name not in mapping and column not in used:
            mapping[name] = column
            used.add(column)
    return mapping
