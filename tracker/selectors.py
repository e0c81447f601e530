"""Every read of the tracker pages; each selector starts from what the user may see.

The joins and annotations a page needs live here, so a page's query count is
fixed by its selector and does not grow with the number of rows.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime
from functools import cached_property
from itertools import groupby
from operator import attrgetter

from django.contrib.auth import get_user_model
from django.db.models import (
    Count,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.functions import Coalesce, Concat, Lower, NullIf, Trim
from django.utils import timezone

from inspections.models import (
    Document,
    Finding,
    FindingState,
    FollowUp,
    FollowUpParagraph,
    Judgement,
    LocalAuthority,
    Paragraph,
    Theme,
    ThemeFinding,
    Verdict,
)
from inspections.models import ReviewState as InspectionReview
from inspections.selectors import (
    Cell,
    Row,
    StatusMatrix,
    documents_in_date_order,
    finding_followups,
    status_matrix,
    visit_date,
    visit_date_expression,
)
from tracker import deadlines, scope
from tracker.as_at import (
    OurStatusThen,
    is_self_assessment_gap,
    our_statuses_then,
    statuses_at_visits,
)
from tracker.models import (
    RAG_RANK,
    Action,
    ActionQuerySet,
    Evidence,
    Membership,
    ProgressUpdate,
    Rag,
    ReviewState,
    Role,
    SettledStatus,
    Status,
    rag_rank_expression,
)

User = get_user_model()


def authority_list(*, user) -> QuerySet[LocalAuthority]:
    return scope.visible(LocalAuthority.objects.all(), user, via="pk")


def _authority_ids(user):
    return Membership.objects.filter(user=user).values("authority_id")


def document_list(*, user) -> QuerySet[Document]:
    # The extracted text is tens of kilobytes a document and no page shows it.
    documents = (
        Document.objects.select_related("authority")
        .defer("text")
        .order_by("authority__name", "-visit_start", "-pk")
    )
    return scope.visible(documents, user)


def finding_queryset(*, user) -> QuerySet[Finding]:
    return scope.visible(Finding.objects.all(), user, via="document__authority")


def action_queryset(*, user) -> QuerySet[Action]:
    return Action.objects.for_user(user)


ACTION_LONG_TEXTS = ("description", "success_measure", "at_risk_reason")


class _KeysFirstActionQuerySet(ActionQuerySet):
    """A list whose pages find their keys first, then fetch only those rows.

    Sorting by RAG sorts every action the user may see; with the rows' joins and
    columns (and for ``OFFSET n``, their latest-update subqueries) the database
    carried all of them through the sort, and PostgreSQL chose to join every wide
    row before a top-25 sort. Sorting only the keys and then reading 25 rows
    keeps the first and the deepest page of 60,000 actions fast: two queries.
    """

    def __getitem__(self, k):
        if not isinstance(k, slice) or k.stop is None or self._result_cache is not None:
            return super().__getitem__(k)
        keys = list(QuerySet.__getitem__(self.values_list("pk", flat=True), k))
        rows = {action.pk: action for action in self.filter(pk__in=keys)}
        return [rows[pk] for pk in keys]


def action_list(*, user, today: date | None = None) -> QuerySet[Action]:
    """Actions the user may see, with RAG, latest update and everything a table row shows."""
    return (
        _KeysFirstActionQuerySet(Action)
        .for_user(user)
        .with_rag(today)
        .with_latest_update()
        .select_related("owner", "finding__document__authority")
        # Otherwise every row carries its document's whole text, which a deep page
        # sorts with the rows: seconds at national scale. No list shows an action's
        # long texts either; without them the rows to sort are a twentieth as wide.
        .defer("finding__document__text", *ACTION_LONG_TEXTS)
        .order_by("rag_rank", "deadline", "pk")
    )


def finding_list(*, user, today: date | None = None) -> QuerySet[Finding]:
    """Findings the user may see, with the number of actions and the worst RAG among them."""
    today = today or timezone.localdate()
    actions = Action.objects.filter(finding=OuterRef("pk")).order_by()
    worst = actions.annotate(rank=rag_rank_expression(today)).order_by("rank").values("rank")[:1]
    counted = actions.values("finding").annotate(n=Count("pk")).values("n")
    open_counted = actions.open().values("finding").annotate(n=Count("pk")).values("n")
    return (
        finding_queryset(user=user)
        .select_related("document__authority")
        .defer("document__text")
        .annotate(
            action_count=Coalesce(Subquery(counted, output_field=IntegerField()), Value(0)),
            open_action_count=Coalesce(
                Subquery(open_counted, output_field=IntegerField()), Value(0)
            ),
            worst_rag_rank=Subquery(worst, output_field=IntegerField()),
        )
        .order_by("document__authority__name", "-document__visit_start", "document_id", "order")
    )


RAG_BY_RANK = {rank: rag for rag, rank in RAG_RANK.items()}


# A drop-down of every inspection, or every person, of a regional or national
# scope holds thousands of options: no use to anyone, and most of a second to
# draw. Past this many authorities, the filters offer the chosen authority's.
FILTER_CHOICES_MAX_AUTHORITIES = 3


def _few_authorities(user) -> Exists:
    """True, in SQL, when the user belongs to at most FILTER_CHOICES_MAX_AUTHORITIES."""
    return Exists(
        Membership.objects.filter(user=user)
        .values("user")
        .annotate(n=Count("pk"))
        .filter(n__lte=FILTER_CHOICES_MAX_AUTHORITIES)
    )


def document_choices(*, user, authority_id: int | None = None) -> QuerySet[Document]:
    """Documents to offer in a filter: the chosen authority's, or all the user's if few."""
    documents = document_list(user=user).only("authority", "kind", "visit_start", "authority__name")
    if authority_id is not None:
        return documents.filter(authority_id=authority_id)
    return documents.filter(_few_authorities(user))


def owner_choices(*, user, authority_id: int | None = None) -> QuerySet:
    """People who can own actions in the user's authorities (for filters); past a few
    authorities, only those of the chosen one."""
    people = User.objects.filter(
        Q(groups__name__in=[Role.OWNER, Role.MANAGER]) | Q(is_superuser=True), is_active=True
    )
    if not user.is_superuser:
        people = people.filter(memberships__authority__in=_authority_ids(user))
    if authority_id is not None:
        people = people.filter(memberships__authority_id=authority_id)
    else:
        people = people.filter(_few_authorities(user))
    return _by_name(people.distinct())


def assignable_owners(*, authority_id: int) -> QuerySet:
    """People who can be given an action of this authority."""
    return _by_name(
        User.objects.filter(
            Q(groups__name__in=[Role.OWNER, Role.MANAGER]) | Q(is_superuser=True),
            is_active=True,
            memberships__authority_id=authority_id,
        ).distinct()
    )


def _by_name(people: QuerySet) -> QuerySet:
    """People in the order of the names pages show: the full name, or the username without one."""
    full_name = Trim(Concat("first_name", Value(" "), "last_name"))
    shown = Coalesce(NullIf(full_name, Value("")), "username")
    return people.annotate(shown_name=Lower(shown)).order_by("shown_name", "username")


def judgement_area_choices(*, user) -> list[tuple[str, str]]:
    areas = (
        finding_queryset(user=user)
        .exclude(judgement_area="")
        .order_by("judgement_area")
        .values_list("judgement_area", flat=True)
        .distinct()
    )
    return [(a, a) for a in areas]


@dataclass(frozen=True)
class Dashboard:
    total: int
    by_rag: list[tuple[Rag, int]]
    by_status: list[tuple[Status, int]]
    overdue: list[Action]
    mine: list[Action]
    next_deadlines: list[Action]
    overdue_count: int


def dashboard(*, user, today: date | None = None, limit: int = 10) -> Dashboard:
    today = today or timezone.localdate()
    # Counted by RAG and status in one pass; finding ids first keeps the join out of it.
    counted = (
        Action.objects.filter(finding__in=finding_queryset(user=user).values("pk"))
        .with_rag(today)
        .order_by()
        .values_list("rag", "status")
        .annotate(n=Count("pk"))
    )
    by_rag: dict[str, int] = defaultdict(int)
    by_status: dict[str, int] = defaultdict(int)
    for rag, status, n in counted:
        by_rag[rag] += n
        by_status[status] += n
    # The short lists show no latest update: rows without ``action_list``'s subqueries.
    actions = (
        Action.objects.for_user(user)
        .with_rag(today)
        .select_related("owner", "finding__document__authority")
        .defer("finding__document__text", *ACTION_LONG_TEXTS)
    )
    return Dashboard(
        total=sum(by_rag.values()),
        by_rag=[(r, by_rag[r]) for r in sorted(Rag, key=RAG_RANK.get)],
        by_status=[(s, by_status[s]) for s in Status],
        overdue=list(actions.overdue(today).order_by("deadline", "pk")[:limit]),
        overdue_count=by_rag[Rag.RED],  # red is open and past its deadline
        mine=list(actions.filter(owner=user).open().order_by("deadline", "pk")[: limit * 2])
        if user.is_authenticated
        else [],
        next_deadlines=list(
            actions.open().filter(deadline__gte=today).order_by("deadline", "pk")[:limit]
        ),
    )


def action_detail(*, user, pk: int, today: date | None = None) -> Action:
    """One action with everything its page shows; Action.DoesNotExist outside the user's scope."""
    return (
        action_list(user=user, today=today)
        .defer(None)  # the long texts are shown here
        .defer("finding__document__text")
        .select_related("created_by", "finding__document")
        .prefetch_related(
            Prefetch("updates", queryset=ProgressUpdate.objects.select_related("author")),
            Prefetch(
                "evidence",
                queryset=Evidence.objects.select_related("added_by", "reviewed_by"),
            ),
        )
        .get(pk=pk)
    )


@dataclass(frozen=True)
class HistoryEntry:
    when: datetime
    who: str
    summary: str
    changes: list[tuple[str, str, str]]  # (field label, old, new)
    detail: str = ""  # the update's text, or which evidence and the reviewer's comment

    @property
    def listed_changes(self) -> list[tuple[str, str, str]]:
        """The changes, unless the summary already says the only one ("Status: A → B")."""
        if [f"{label}: {old} → {new}" for label, old, new in self.changes] == [self.summary]:
            return []
        return self.changes


HISTORY_FIELDS = (
    "status",
    "owner",
    "deadline",
    "start_date",
    "at_risk",
    "at_risk_reason",
    "title",
    "description",
    "lead_role",
    "success_measure",
)

REVIEW_EVENTS = {
    ReviewState.ACCEPTED: "Evidence accepted",
    ReviewState.MORE_REQUESTED: "More evidence requested",
}

REMOVED_PERSON = "someone since removed"


def person_name(user) -> str:
    """How pages, filters and exports name a person: the full name, else the username."""
    if user is None:
        return ""
    return user.get_full_name() or user.get_username()


def action_history(*, action: Action) -> list[HistoryEntry]:
    """The timeline of an action, newest first: who changed what, from what to what, with its
    progress updates and its evidence being added and reviewed.

    Three queries whatever the number of changes, updates or evidence: the action's
    history, the evidence's history and the people they name. The updates come
    with the action (``action_detail`` prefetches them).
    """
    records = list(
        action.history.select_related("history_user").order_by("history_date", "history_id")
    )
    evidence_records = list(
        Evidence.history.filter(action_id=action.pk)
        .select_related("history_user")
        .order_by("id", "history_date", "history_id")
    )
    user_ids = {r.owner_id for r in records if r.owner_id}
    for record in evidence_records:
        user_ids |= {record.added_by_id, record.reviewed_by_id} - {None}
    names = {u.pk: person_name(u) for u in User.objects.filter(pk__in=user_ids)} if user_ids else {}
    labels = {f.name: str(f.verbose_name) for f in Action._meta.fields}
    status_labels = dict(Status.choices)

    def show(name, value):
        if value in (None, ""):
            return "—"
        if name == "owner":
            return names.get(value, "a removed user")
        if name == "status":
            return status_labels.get(value, value)
        if name == "at_risk":
            return "Yes" if value else "No"
        if isinstance(value, date):
            return value.strftime("%-d %B %Y")
        return str(value)

    entries = []
    previous = None
    for record in records:
        who = person_name(record.history_user) if record.history_user else "System"
        changes = []
        if previous is not None:
            for name in HISTORY_FIELDS:
                column = "owner_id" if name == "owner" else name
                old, new = getattr(previous, column), getattr(record, column)
                if old != new:
                    changes.append((labels[name].capitalize(), show(name, old), show(name, new)))
        summary = (
            "Created" if record.history_type == "+" else (record.history_change_reason or "Changed")
        )
        if record.history_type == "+":
            changes = [
                (
                    labels[n].capitalize(),
                    "",
                    show(n, getattr(record, "owner_id" if n == "owner" else n)),
                )
                for n in ("status", "owner", "deadline")
            ]
        entries.append(HistoryEntry(record.history_date, who, summary, changes))
        previous = record
    for update in action.updates.all():
        who = person_name(update.author) if update.author else REMOVED_PERSON
        entries.append(HistoryEntry(update.created_at, who, "Progress update", [], update.text))
    entries.extend(_evidence_events(evidence_records, names))
    # Stable: a status change and the update written with it keep their order.
    entries.sort(key=lambda e: e.when)
    entries.reverse()
    return entries


def _evidence_events(records, names: dict[int, str]) -> list[HistoryEntry]:
    """Evidence added, reviewed and removed, from its history rows (grouped by evidence)."""

    def person(user_id, record) -> str:
        if user_id in names:
            return names[user_id]
        return person_name(record.history_user) if record.history_user else REMOVED_PERSON

    events = []
    for _, rows in groupby(records, key=attrgetter("id")):
        previous = None
        for record in rows:
            evidence = record.instance
            what = f"{evidence.label} ({evidence.get_kind_display().lower()})"
            if record.history_type == "+":
                who = person(record.added_by_id, record)
                events.append(HistoryEntry(record.added_at, who, "Evidence added", [], what))
            elif record.history_type == "-":
                who = person(None, record)
                events.append(HistoryEntry(record.history_date, who, "Evidence removed", [], what))
            elif record.review_state in REVIEW_EVENTS and (
                previous is None
                or (record.review_state, record.reviewed_at)
                != (previous.review_state, previous.reviewed_at)
            ):
                comment = record.review_comment.strip()
                events.append(
                    HistoryEntry(
                        record.reviewed_at or record.history_date,
                        person(record.reviewed_by_id, record),
                        REVIEW_EVENTS[record.review_state],
                        [],
                        f"{what}. Comment: {comment}" if comment else what,
                    )
                )
            previous = record
    return events


def finding_detail(*, user, pk: int, today: date | None = None) -> Finding:
    return (
        finding_queryset(user=user)
        .select_related("document__authority")
        .prefetch_related(
            "paragraphs",
            Prefetch(
                "actions",
                queryset=Action.objects.with_rag(today)
                .with_latest_update()
                .select_related("owner")
                .order_by("deadline", "pk"),
            ),
        )
        .get(pk=pk)
    )


@dataclass(frozen=True)
class DocumentPage:
    document: Document
    judgements: list[Judgement]
    findings: list[Finding]
    plan: deadlines.PlanDeadlines


def document_detail(*, user, pk: int, today: date | None = None) -> DocumentPage:
    pending = (
        FollowUp.objects.filter(document=OuterRef("pk"), state=InspectionReview.SUGGESTED)
        .order_by()
        .values("document")
        .annotate(n=Count("pk"))
        .values("n")
    )
    document = (
        document_list(user=user)
        # Suggested follow-ups that this document's paragraphs gave, for a review link.
        .annotate(
            pending_followups=Coalesce(Subquery(pending, output_field=IntegerField()), Value(0))
        )
        .prefetch_related(
            "judgements",
            Prefetch(
                "findings",
                queryset=Finding.objects.exclude(state=FindingState.REJECTED)
                .order_by("order")
                .prefetch_related(
                    Prefetch(
                        "actions",
                        queryset=Action.objects.with_rag(today)
                        .select_related("owner")
                        .order_by("deadline", "pk"),
                    )
                ),
            ),
        )
        .get(pk=pk)
    )
    findings = list(document.findings.all())
    plan = deadlines.action_plan_deadlines(
        document, has_priority_actions=deadlines.has_priority_actions(findings)
    )
    return DocumentPage(document, list(document.judgements.all()), findings, plan)


def evidence_for_download(*, user, pk: int) -> Evidence:
    evidence = Evidence.objects.select_related("action")
    if not user.is_superuser:
        evidence = evidence.filter(action__finding__document__authority__in=_authority_ids(user))
    return evidence.get(pk=pk)


# --- Across visits: what inspectors said at each later visit, beside our status then ------------


@dataclass(frozen=True)
class VisitCell:
    """One finding at one later visit: the inspectors' verdict and our own status that day."""

    cell: Cell
    ours: OurStatusThen | None  # None when the visit has no date

    @property
    def gap(self) -> bool:
        return is_self_assessment_gap(self.cell.verdict, self.ours)


@dataclass(frozen=True)
class VisitRow:
    row: Row
    cells: tuple[VisitCell | None, ...]  # aligned with AcrossVisits.columns; None = not later

    @property
    def finding(self) -> Finding:
        return self.row.finding

    @property
    def later(self) -> tuple[VisitCell | None, ...]:
        """The cells, or none at all when no visit shown came after the finding."""
        return self.cells if any(c is not None for c in self.cells) else ()

    @property
    def gap(self) -> bool:
        return any(c is not None and c.gap for c in self.cells)


@dataclass(frozen=True)
class VisitGroup:
    theme: Theme | None
    title: str
    flagged: tuple[Document, ...]  # the documents that listed these findings, oldest first
    rows: tuple[VisitRow, ...]

    @property
    def flagged_text(self) -> str:
        """“Flagged in May 2018, again in June 2024”."""
        months = []
        for document in self.flagged:
            when = visit_date(document)
            month = f"{when:%B %Y}" if when else "an undated document"
            if month not in months:
                months.append(month)
        if not months:
            return ""
        if len(months) == 1:
            return f"Flagged in {months[0]}"
        again = months[1:]
        tail = again[0] if len(again) == 1 else ", ".join(again[:-1]) + " and " + again[-1]
        return f"Flagged in {months[0]}, again in {tail}"


@dataclass(frozen=True)
class AcrossVisits:
    authority: LocalAuthority
    matrix: StatusMatrix
    columns: tuple[Document, ...]  # later documents that follow at least one finding shown
    groups: tuple[VisitGroup, ...]
    judgement_area: str = ""
    verdicts: tuple[str, ...] = ()
    gaps_only: bool = False

    # Cached: the page reads the rows and both counts several times.
    @cached_property
    def rows(self) -> tuple[VisitRow, ...]:
        return tuple(row for group in self.groups for row in group.rows)

    @cached_property
    def pending_count(self) -> int:
        return sum(1 for r in self.rows for c in r.cells if c is not None and c.cell.pending)

    @cached_property
    def gap_count(self) -> int:
        return sum(1 for r in self.rows if r.gap)

    @property
    def is_filtered(self) -> bool:
        return bool(self.judgement_area or self.verdicts or self.gaps_only)

    @property
    def message(self) -> str:
        if self.matrix.message:
            return self.matrix.message
        if not self.rows:
            return "No findings match; try removing a filter."
        return ""


def across_visits(
    *,
    authority: LocalAuthority,
    judgement_area: str = "",
    verdicts: tuple[str, ...] = (),
    gaps_only: bool = False,
) -> AcrossVisits:
    """The across-visits matrix of one authority with our own status on each visit date.

    The caller has checked that the user may see the authority (``authority_list``).
    Six queries whatever the number of findings, documents, actions or history
    rows: the five of ``status_matrix`` and one for our kept status at each visit;
    two more (history, keeping) when some of those are not kept yet.
    """
    matrix = status_matrix(
        authority=authority, judgement_area=judgement_area or None, verdicts=verdicts or None
    )
    for document in matrix.documents:
        document.authority = authority  # for findings' references, without a query each
    indexes = [
        i for i in range(len(matrix.documents)) if any(r.cells[i] is not None for r in matrix.rows)
    ]
    columns = tuple(matrix.documents[i] for i in indexes)
    ours = statuses_at_visits(
        {
            (row.finding.pk, cell.date)
            for row in matrix.rows
            for cell in row.cells
            if cell is not None and cell.date
        },
        kept=SettledStatus.objects.filter(finding__document__authority=authority),
    )

    def visit_row(row: Row) -> VisitRow:
        cells = []
        for i in indexes:
            cell = row.cells[i]
            if cell is None:
                cells.append(None)
                continue
            cells.append(VisitCell(cell, ours[(row.finding.pk, cell.date)] if cell.date else None))
        return VisitRow(row, tuple(cells))

    groups = []
    for group in matrix.groups:
        rows = tuple(visit_row(r) for r in group.rows)
        if gaps_only:
            rows = tuple(r for r in rows if r.gap)
        if not rows:
            continue
        # When the theme's findings were listed, whatever the filters leave out.
        flagged = documents_in_date_order({r.finding.document for r in group.rows})
        groups.append(VisitGroup(group.theme, group.title, tuple(flagged), rows))
    return AcrossVisits(
        authority=authority,
        matrix=matrix,
        columns=columns,
        groups=tuple(groups),
        judgement_area=judgement_area,
        verdicts=tuple(verdicts),
        gaps_only=gaps_only,
    )


@dataclass(frozen=True)
class GapCount:
    authority: LocalAuthority
    findings: int


def self_assessment_gaps(*, user, today: date | None = None) -> list[GapCount]:
    """Per authority, how many findings inspectors saw no progress on at a visit when our
    own status that day said the work was in hand (see ``is_self_assessment_gap``).

    Our status on a visit day that is over is kept (``as_at.our_statuses_then``),
    so this counts kept rows instead of walking every action's history: three
    queries, plus a history read and an insert when some answers are not kept
    yet (a new document, a corrected date), and one more when a visit is today.
    The user's authorities are read first and the follow-ups filtered by their ids.
    """
    today = today or timezone.localdate()
    followups = (
        FollowUp.objects.filter(verdict=Verdict.NO_PROGRESS, finding__state=FindingState.CONFIRMED)
        .exclude(state=InspectionReview.REJECTED)
        .annotate(on=visit_date_expression("document__"))
        .filter(on__isnull=False)
    )
    # The authorities first, as a list of ids: joined as a subquery, the planner misjudges
    # the visit-day join below and checks every membership against every follow-up.
    authorities = {a.pk: a for a in authority_list(user=user).only("name", "slug")}
    if not user.is_superuser:
        followups = followups.filter(finding__document__authority_id__in=list(authorities))
    kept = SettledStatus.objects.filter(finding=OuterRef("finding"), on=OuterRef("on"))
    unsettled = followups.filter(Q(on__gte=today) | ~Exists(kept)).values_list(
        "finding_id", "on", "finding__document__authority_id"
    )
    live: dict[int, set[int]] = defaultdict(set)  # authority: findings, worked out just now
    worked_out = list(unsettled)
    if worked_out:
        ours = our_statuses_then(((f, on) for f, on, _ in worked_out), today=today)
        for finding_id, on, authority_id in worked_out:
            if on >= today and ours[(finding_id, on)].claims_progress:
                live[authority_id].add(finding_id)
    settled_gaps = followups.filter(Exists(kept.filter(claims_progress=True)), on__lt=today)
    counts = dict(
        settled_gaps.values("finding__document__authority_id")
        .annotate(findings=Count("finding_id", distinct=True))
        .values_list("finding__document__authority_id", "findings")
    )
    if live:  # a visit today: count a finding once even if an earlier visit has it too
        counted = set(
            settled_gaps.filter(
                finding_id__in={f for findings in live.values() for f in findings}
            ).values_list("finding_id", flat=True)
        )
        for authority_id, findings in live.items():
            counts[authority_id] = counts.get(authority_id, 0) + len(findings - counted)
    return sorted(
        (GapCount(authorities[pk], n) for pk, n in counts.items() if n),
        key=lambda gap: gap.authority.name,
    )


def authority_for_user(*, user, slug: str) -> LocalAuthority:
    """LocalAuthority.DoesNotExist unless the user belongs to it."""
    return authority_list(user=user).get(slug=slug)


@dataclass(frozen=True)
class TimelineEntry:
    cell: Cell
    ours: OurStatusThen | None

    @property
    def gap(self) -> bool:
        return is_self_assessment_gap(self.cell.verdict, self.ours)


@dataclass(frozen=True)
class FindingTimeline:
    """A finding's page: what each later visit said about it, beside our status that day."""

    entries: tuple[TimelineEntry, ...]
    themes: tuple[Theme, ...]  # confirmed themes it belongs to


def finding_timeline(*, finding: Finding) -> FindingTimeline:
    """Six queries: the four of ``finding_followups``, our kept status at each visit and
    the themes; two more (history, keeping) when some of those are not kept yet."""
    document = finding.document
    history = finding_followups(finding=finding)
    finding.document = document  # keep what the caller loaded with it (the authority)
    ours = statuses_at_visits(
        {(finding.pk, cell.date) for cell in history.cells if cell.date},
        kept=SettledStatus.objects.filter(finding=finding),
    )
    entries = tuple(
        TimelineEntry(cell, ours[(finding.pk, cell.date)] if cell.date else None)
        for cell in history.cells
    )
    themes = tuple(
        Theme.objects.filter(
            state=InspectionReview.CONFIRMED,
            memberships__finding=finding,
            memberships__state=InspectionReview.CONFIRMED,
        ).order_by("title")
    )
    return FindingTimeline(entries, themes)


def followup_for_user(*, user, pk: int) -> FollowUp:
    """One follow-up with what its review page shows; FollowUp.DoesNotExist outside scope."""
    followups = FollowUp.objects.select_related(
        "finding__document__authority", "document", "later_finding"
    ).prefetch_related(
        Prefetch(
            "quotes",
            queryset=FollowUpParagraph.objects.select_related("paragraph").order_by(
                F("rank").asc(nulls_last=True), "paragraph__order"
            ),
        )
    )
    if not user.is_superuser:
        followups = followups.filter(finding__document__authority__in=_authority_ids(user))
    return followups.get(pk=pk)


def theme_for_user(*, user, pk: int) -> Theme:
    """One theme with its findings; Theme.DoesNotExist outside the user's authorities."""
    themes = Theme.objects.select_related("authority").prefetch_related(
        Prefetch(
            "memberships",
            queryset=ThemeFinding.objects.select_related("finding__document").order_by(
                "finding__document__visit_start", "finding__order"
            ),
        )
    )
    if not user.is_superuser:
        themes = themes.filter(authority__in=_authority_ids(user))
    return themes.get(pk=pk)


def document_paragraphs(*, document_id: int) -> list[Paragraph]:
    return list(Paragraph.objects.filter(document_id=document_id).order_by("order"))


def authority_documents(*, authority: LocalAuthority) -> list[Document]:
    """An authority's documents, oldest first (for a review page's filter)."""
    return documents_in_date_order(Document.objects.filter(authority=authority))
