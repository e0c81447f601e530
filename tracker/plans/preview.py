"""Read a plan spreadsheet into a preview of what importing it would do; saves nothing.

``plan_preview`` reads the chosen sheet with the chosen columns, matches each row's
finding (by reference or exact words, else by similarity, with a score) and owner
(by email, then name), maps the status words, and lists what a person must decide
and the rows that cannot be read. Reads are a fixed handful of queries whatever the
number of rows.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from datetime import date, datetime

from django.contrib.auth import get_user_model

from inspections.models import Finding, FindingState, LocalAuthority
from tracker import permissions, scope
from tracker.formats import shorten
from tracker.plans import words
from tracker.plans.columns import FIELD_LABELS, guess_mapping
from tracker.plans.dates import DateError, parse_date
from tracker.plans.models import PlanImport
from tracker.plans.sheets import PlanFileError, Sheet, read_plan_file
from tracker.plans.similar import CHOOSE_AT, FindingIndex
from tracker.roles import Role
from tracker.services import TrackerError

User = get_user_model()
PREVIEW_ROWS = 5
NO_OWNER_WORDS = {"", "unassigned", "not assigned", "nobody", "tbc", "n/a", "none"}
# "SG-2024-03.2" is the board pack's reference of the second action on SG-2024-03.
_ACTION_SUFFIX = re.compile(r"\.\d+$")


class PlanImportError(TrackerError):
    """The plan cannot be imported as it stands; the message says what to do."""


@dataclass
class Row:
    number: int  # as the spreadsheet numbers it
    finding_key: str
    finding_text: str  # how the plan names the finding: its reference, else its words
    finding_words: str  # the finding column's text, if any
    title: str
    owner_key: str
    owner_text: str
    lead_role: str
    start_date: date | None
    deadline: date
    status_word: str
    rag_word: str
    update_text: str
    update_date: date | None
    success_measure: str


@dataclass
class FindingChoice:
    key: str
    text: str  # the plan's words (its reference, else its finding text)
    rows: list[int]
    matched: int | None = None  # the finding, when its reference matched exactly
    candidates: list[tuple[int, str, float]] = field(default_factory=list)  # id, label, score

    @property
    def suggested(self) -> int | None:
        if self.candidates and self.candidates[0][2] >= CHOOSE_AT:
            return self.candidates[0][0]
        return None


@dataclass
class OwnerChoice:
    key: str
    text: str
    rows: list[int]
    matched: int | None = None


@dataclass
class WordChoice:
    key: str
    text: str
    column: str  # "status" or "rag"
    rows: list[int]


@dataclass
class PlanPreview:
    authority: LocalAuthority
    filename: str
    content_hash: str
    sheets: list[str]
    sheet: str
    header_row: int
    headers: list[str]
    columns: dict[str, int]
    column_problem: str  # set when the columns needed are not chosen; nothing is read then
    sample: list[list[str]]
    rows: list[Row]
    problems: list[tuple[int, str]]
    findings: list[FindingChoice]
    owners: list[OwnerChoice]
    unknown_words: list[WordChoice]
    finding_labels: dict[int, str]
    owner_labels: dict[int, str]
    previous: PlanImport | None

    @property
    def to_confirm(self) -> list[FindingChoice]:
        return [f for f in self.findings if f.matched is None]

    @property
    def unmatched_owners(self) -> list[OwnerChoice]:
        return [o for o in self.owners if o.matched is None]

    @property
    def mapped(self) -> list[tuple[str, str]]:
        return [(FIELD_LABELS[name], self.headers[i]) for name, i in self.columns.items()]


def _cell(row: tuple, columns: dict[str, int], name: str):
    index = columns.get(name)
    if index is None or index >= len(row):
        return None
    return row[index]


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return f"{value:%d/%m/%Y}"
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return " ".join(str(value).split())


def match_key(text: str) -> str:
    return re.sub(r"[^a-z0-9@.]+", " ", text.lower()).strip()


def _date(row, columns, name, problems, number) -> tuple[date | None, bool]:
    try:
        return parse_date(_cell(row, columns, name)), True
    except DateError as exc:
        problems.append((number, f"{FIELD_LABELS[name]}: {exc}"))
        return None, False


def _read_rows(sheet: Sheet, header_row: int, columns: dict[str, int]):
    rows: list[Row] = []
    problems: list[tuple[int, str]] = []
    finding_text = finding_ref = ""
    for number, row in enumerate(sheet.rows[header_row:], start=header_row + 1):
        filled = [c for c in row if _text(c)]
        title = _text(_cell(row, columns, "action"))
        if not title:
            # An empty row, or a heading across the plan ("Outcome 1: …").
            if len(filled) > 1:
                problems.append((number, "Action: the cell is empty"))
            continue
        # A finding cell merged down over its actions is read as filled in below.
        text = _text(_cell(row, columns, "finding"))
        ref = _ACTION_SUFFIX.sub("", _text(_cell(row, columns, "finding_reference")))
        if text or ref:
            finding_text, finding_ref = text, ref
        if not (finding_text or finding_ref):
            problems.append((number, "Ofsted finding: no finding or reference for this action"))
            continue
        start, ok_start = _date(row, columns, "start_date", problems, number)
        deadline, ok_deadline = _date(row, columns, "deadline", problems, number)
        update_date, ok_update = _date(row, columns, "update_date", problems, number)
        if ok_deadline and deadline is None:
            problems.append((number, "Deadline: the cell is empty"))
            continue
        if not (ok_start and ok_deadline and ok_update):
            continue
        if start and start > deadline:
            problems.append((number, "Start date: it is after the deadline"))
            continue
        owner = _text(_cell(row, columns, "owner"))
        rows.append(
            Row(
                number=number,
                finding_key=match_key(finding_ref)
                if finding_ref
                else "text:" + match_key(finding_text),
                finding_text=finding_ref or finding_text,
                finding_words=finding_text,
                title=title[:200],
                owner_key="" if owner.lower() in NO_OWNER_WORDS else match_key(owner),
                owner_text=owner,
                lead_role=_text(_cell(row, columns, "lead_role"))[:200],
                start_date=start,
                deadline=deadline,
                status_word=_text(_cell(row, columns, "status")),
                rag_word=_text(_cell(row, columns, "rag")),
                update_text=_text(_cell(row, columns, "latest_update")),
                update_date=update_date,
                success_measure=_text(_cell(row, columns, "success_measure")),
            )
        )
    return rows, problems


def _authority_findings(authority: LocalAuthority) -> list[Finding]:
    return list(
        Finding.objects.filter(document__authority=authority, state=FindingState.CONFIRMED)
        .select_related("document__authority")
        .only(
            "text",
            "order",
            "document__reference_label",
            "document__authority__code",
        )
        .order_by("document__visit_start", "order", "pk")
    )


def _finding_label(finding: Finding) -> str:
    return f"{finding.reference}: {shorten(finding.text)}"


def _match_findings(rows: list[Row], findings: list[Finding]) -> list[FindingChoice]:
    by_reference = {match_key(f.reference): f for f in findings}
    by_text = {match_key(f.text): f for f in findings}
    index = FindingIndex([(f.pk, f.text) for f in findings])
    choices: dict[str, FindingChoice] = {}
    for row in rows:
        choice = choices.get(row.finding_key)
        if choice is None:
            choice = choices[row.finding_key] = FindingChoice(row.finding_key, row.finding_text, [])
            # The council's own numbering ("1.2") in the reference column falls back
            # on the finding's words.
            exact = by_reference.get(row.finding_key) or by_text.get(match_key(row.finding_words))
            if exact is not None:
                choice.matched = exact.pk
            else:
                labels = {f.pk: _finding_label(f) for f in findings}
                words_ = row.finding_words or row.finding_text
                choice.candidates = [
                    (c.key, labels[c.key], c.score) for c in index.candidates(words_)
                ]
        choice.rows.append(row.number)
    return list(choices.values())


def _possible_owners(authority: LocalAuthority) -> list:
    return list(
        User.objects.filter(
            is_active=True,
            memberships__authority=authority,
            groups__name__in=[Role.OWNER, Role.MANAGER],
        )
        .distinct()
        .order_by("first_name", "last_name", "username")
    )


def _person_name(user) -> str:
    return user.get_full_name() or user.get_username()


def _match_owners(rows: list[Row], people: list) -> list[OwnerChoice]:
    keys: dict[str, int] = {}
    # Names last, so that an email address or username always wins over a name.
    for person in people:
        for name in (person.get_full_name(), f"{person.last_name}, {person.first_name}"):
            if name.strip(", "):
                keys.setdefault(match_key(name), person.pk)
    for person in people:
        for address in (person.email, person.username):
            if address:
                keys[match_key(address)] = person.pk
    choices: dict[str, OwnerChoice] = {}
    for row in rows:
        if not row.owner_key:
            continue
        choice = choices.setdefault(
            row.owner_key, OwnerChoice(row.owner_key, row.owner_text, [], keys.get(row.owner_key))
        )
        choice.rows.append(row.number)
    return list(choices.values())


def _unknown_words(rows: list[Row]) -> list[WordChoice]:
    found: dict[tuple[str, str], WordChoice] = {}
    for row in rows:
        for column, word, reader in (
            ("status", row.status_word, words.read_status),
            ("rag", row.rag_word, words.read_rag),
        ):
            if reader(word) is None:
                key = words.normalise(word)
                choice = found.setdefault(
                    (column, key), WordChoice(f"{column}:{key}", word, column, [])
                )
                choice.rows.append(row.number)
    return list(found.values())


def content_hash(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def require_manager_of(user, authority: LocalAuthority) -> None:
    if user is None:
        return
    if not permissions.can_manage(user):
        raise PlanImportError("Only an improvement manager can import a plan.")
    if not scope.can_see_authority(user, authority.pk):
        raise PlanImportError("You do not have access to this authority's plan.")


def plan_preview(
    *,
    data: bytes,
    filename: str,
    authority: LocalAuthority,
    user,
    sheet: str | None = None,
    header_row: int | None = None,
    columns: dict[str, int] | None = None,
) -> PlanPreview:
    """What importing the file would do, with what a person must decide; saves nothing.

    ``sheet``, ``header_row`` and ``columns`` default to the sheet and row that look
    most like a plan's headings and the columns guessed from them.
    ``user=None`` is the command line. ``PlanImportError`` if the file cannot be read."""
    require_manager_of(user, authority)
    try:
        sheets = read_plan_file(data, filename)
    except PlanFileError as exc:
        raise PlanImportError(str(exc), field="file") from exc
    names = [s.name for s in sheets]
    if sheet is None:
        # The sheet whose headings look most like a plan's: a pack's Summary comes first.
        chosen = max(sheets, key=lambda s: s.best_header()[1])
    elif sheet in names:
        chosen = sheets[names.index(sheet)]
    else:
        raise PlanImportError(f"The file has no sheet called '{sheet}'.", field="sheet")
    header_row = header_row or chosen.header_row()
    if not 1 <= header_row <= max(len(chosen.rows), 1):
        raise PlanImportError(
            f"The sheet has {len(chosen.rows)} rows; choose a header row within them.",
            field="header_row",
        )
    headers = chosen.headers(header_row)
    columns = guess_mapping(headers) if columns is None else columns
    columns = {name: i for name, i in columns.items() if 0 <= i < len(headers)}
    column_problem = ""
    if "action" not in columns or not ({"finding", "finding_reference"} & set(columns)):
        column_problem = (
            "Choose the columns that hold the action and the Ofsted finding (or its reference)."
        )
    elif "deadline" not in columns:
        column_problem = "Choose the column that holds the deadline."
    rows, problems = _read_rows(chosen, header_row, columns) if not column_problem else ([], [])
    findings = _authority_findings(authority)
    people = _possible_owners(authority)
    digest = content_hash(data)
    return PlanPreview(
        authority=authority,
        filename=filename,
        content_hash=digest,
        sheets=names,
        sheet=chosen.name,
        header_row=header_row,
        headers=headers,
        columns=columns,
        column_problem=column_problem,
        sample=[
            [_text(row[i]) if i < len(row) else "" for i in columns.values()]
            for row in chosen.rows[header_row : header_row + PREVIEW_ROWS]
        ],
        rows=rows,
        problems=problems,
        findings=_match_findings(rows, findings),
        owners=_match_owners(rows, people),
        unknown_words=_unknown_words(rows),
        finding_labels={f.pk: _finding_label(f) for f in findings},
        owner_labels={p.pk: _person_name(p) for p in people},
        previous=PlanImport.objects.filter(authority=authority, content_hash=digest)
        .select_related("imported_by")
        .first(),
    )
