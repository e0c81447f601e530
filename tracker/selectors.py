"""Every read of the tracker pages; each selector starts from what the user may see.

The joins and annotations a page needs live here, so a page's query count is
fixed by its selector and does not grow with the number of rows.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from itertools import groupby
from operator import attrgetter, itemgetter

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
)
from tracker import deadlines
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
    StateAsAt,
    Status,
    rag_expression,
    rag_rank_expression,
)

User = get_user_model()


def authority_list(*, user) -> QuerySet[LocalAuthority]:
    if user.is_superuser:
        return LocalAuthority.objects.all()
    return LocalAuthority.objects.filter(memberships__user=user)


def _authority_ids(user):
    return Membership.objects.filter(user=user).values("authority_id")


def document_list(*, user) -> QuerySet[Document]:
    # The extracted text is tens of kilobytes a document and no page shows it.
    documents = (
        Document.objects.select_related("authority")
        .defer("text")
        .order_by("authority__name", "-visit_start", "-pk")
    )
    if user.is_superuser:
        return documents
    return documents.filter(authority__in=_authority_ids(user))


def finding_queryset(*, user) -> QuerySet[Finding]:
    findings = Finding.objects.all()
    if user.is_superuser:
        return findings
    return findings.filter(document__authority__in=_authority_ids(user))


def action_queryset(*, user) -> QuerySet[Action]:
    return Action.objects.for_user(user)


ACTION_LONG_TEXTS = ("description", "success_measure", "at_risk_reason")


class _KeysFirstActionQuerySet(ActionQuerySet):
    """A list whose later pages find their keys first, then fetch only those rows.

    ``OFFSET n`` makes the database build, join and annotate (latest update:
    two subqueries a row) every row before the page; sorting only the keys and
    then reading 25 rows keeps a deep page of 60,000 actions fast. The first
    page (and the dashboard's short lists) stay one query.
    """

    def __getitem__(self, k):
        if not isinstance(k, slice) or not k.start or self._result_cache is not None:
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
    worst = (
        actions.annotate(rag=rag_expression(today))
        .annotate(rank=rag_rank_expression())
        .order_by("rank")
        .values("rank")[:1]
    )
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
    actions = action_list(user=user, today=today)
    counts = actions.order_by().aggregate(
        total=Count("pk"),
        overdue=Count(
            "pk", filter=Q(deadline__lt=today) & ~Q(status__in=[Status.COMPLETED, Status.VERIFIED])
        ),
        **{f"rag_{r.value}": Count("pk", filter=Q(rag=r.value)) for r in Rag},
        **{f"status_{s.value}": Count("pk", filter=Q(status=s.value)) for s in Status},
    )
    return Dashboard(
        total=counts["total"],
        by_rag=[(r, counts[f"rag_{r.value}"]) for r in sorted(Rag, key=RAG_RANK.get)],
        by_status=[(s, counts[f"status_{s.value}"]) for s in Status],
        overdue=list(actions.overdue(today).order_by("deadline", "pk")[:limit]),
        overdue_count=counts["overdue"],
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


def _person(user) -> str:
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
    names = {u.pk: _person(u) for u in User.objects.filter(pk__in=user_ids)} if user_ids else {}
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
        who = _person(record.history_user) if record.history_user else "System"
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
        who = _person(update.author) if update.author else REMOVED_PERSON
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
        return _person(record.history_user) if record.history_user else REMOVED_PERSON

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


def _end_of_day(on: date) -> datetime:
    return timezone.make_aware(datetime.combine(on + timedelta(days=1), time.min))


def actions_state_as_at(*, action_ids, on: date) -> dict[int, StateAsAt]:
    """Status, deadline, at-risk flag and owner of many actions at the end of a day, in one query.

    Actions created after that day, or deleted by then, are absent.
    """
    History = Action.history.model
    cutoff = _end_of_day(on)
    latest = (
        History.objects.filter(id=OuterRef("id"), history_date__lt=cutoff)
        .order_by("-history_date", "-history_id")
        .values("history_id")[:1]
    )
    records = History.objects.filter(id__in=action_ids, history_id=Subquery(latest)).exclude(
        history_type="-"
    )
    return {
        r.id: StateAsAt(
            action_id=r.id,
            on=on,
            status=r.status,
            deadline=r.deadline,
            at_risk=r.at_risk,
            owner_id=r.owner_id,
        )
        for r in records.only("id", "status", "deadline", "at_risk", "owner_id", "history_type")
    }


def action_state_as_at(*, action: Action, on: date) -> StateAsAt | None:
    return actions_state_as_at(action_ids=[action.pk], on=on).get(action.pk)


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


def actions_states_as_at(*, action_ids, dates) -> dict[date, dict[int, StateAsAt]]:
    """``actions_state_as_at`` for several days at once, still in one query.

    The across-visits view asks for our status on every later visit's date;
    one query per date would grow with the number of visits. This reads every
    history row up to the last day once and walks it forward in Python.
    """
    return {
        on: {state.action_id: state for state, _ in states}
        for on, states in _history_as_at(action_ids=action_ids, dates=dates).items()
    }


def _history_as_at(
    *, action_ids, dates, days_by_finding: dict[int, set[date]] | None = None
) -> dict[date, list[tuple[StateAsAt, int]]]:
    """For each day, every action's state at the end of it with its finding then: one query.

    With ``days_by_finding``, each action only on the days its finding needs: across a
    national scope, every action on every visit day is millions of states.
    """
    days = sorted(set(dates))
    result: dict[date, list[tuple[StateAsAt, int]]] = {on: [] for on in days}
    if not days:
        return result
    cutoffs = [(on, _end_of_day(on)) for on in days]
    cutoff_of = dict(cutoffs)
    rows = (
        Action.history.model.objects.filter(id__in=action_ids, history_date__lt=cutoffs[-1][1])
        .order_by("id", "history_date", "history_id")
        .values_list(
            "id",
            "history_date",
            "history_type",
            "status",
            "deadline",
            "at_risk",
            "owner_id",
            "finding_id",
        )
    )
    for action_id, records in groupby(rows, key=itemgetter(0)):
        records = list(records)
        position, latest = 0, None
        wanted = cutoffs
        if days_by_finding is not None:
            needed = days_by_finding.get(records[-1][7], ())
            wanted = [(on, cutoff_of[on]) for on in sorted(needed) if on in cutoff_of]
        for on, cutoff in wanted:
            while position < len(records) and records[position][1] < cutoff:
                latest = records[position]
                position += 1
            if latest is None or latest[2] == "-":
                continue
            _, _, _, status, deadline, at_risk, owner_id, finding_id = latest
            state = StateAsAt(
                action_id=action_id,
                on=on,
                status=status,
                deadline=deadline,
                at_risk=at_risk,
                owner_id=owner_id,
            )
            result[on].append((state, finding_id))
    return result


# --- Across visits: what inspectors said at each later visit, beside our status then ------------


@dataclass(frozen=True)
class OurStatusThen:
    """A finding's actions at the end of a visit's first day, from their history."""

    on: date
    rag: Rag | None  # the worst RAG among them; None when there were no actions yet
    counts: tuple[tuple[Status, int], ...]  # statuses with at least one action

    @property
    def total(self) -> int:
        return sum(n for _, n in self.counts)

    @property
    def summary(self) -> str:
        """“2 in progress, 1 verified”, or “No actions yet”."""
        if not self.counts:
            return "No actions yet"
        return ", ".join(f"{n} {status.label.lower()}" for status, n in self.counts)

    @property
    def claims_progress(self) -> bool:
        """We said it was in hand: on track or verified, or every action finished."""
        if not self.counts:
            return False
        done = sum(n for status, n in self.counts if status in (Status.COMPLETED, Status.VERIFIED))
        return self.rag in (Rag.GREEN, Rag.BLUE) or done == self.total


def _our_status(on: date, states: list[StateAsAt]) -> OurStatusThen:
    counts = {status: 0 for status in Status}
    for state in states:
        counts[Status(state.status)] += 1
    return OurStatusThen(
        on=on,
        rag=min((s.rag for s in states), key=RAG_RANK.get, default=None),
        counts=tuple((status, n) for status, n in counts.items() if n),
    )


def is_self_assessment_gap(verdict: str | None, ours: OurStatusThen | None) -> bool:
    """Our own status said the work was in hand, the inspectors saw no progress."""
    return verdict == Verdict.NO_PROGRESS and ours is not None and ours.claims_progress


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

    @property
    def rows(self) -> tuple[VisitRow, ...]:
        return tuple(row for group in self.groups for row in group.rows)

    @property
    def pending_count(self) -> int:
        return sum(1 for r in self.rows for c in r.cells if c is not None and c.cell.pending)

    @property
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
    user,
    authority: LocalAuthority,
    judgement_area: str = "",
    verdicts: tuple[str, ...] = (),
    gaps_only: bool = False,
) -> AcrossVisits:
    """The across-visits matrix of one authority with our own status on each visit date.

    The caller has checked that the user may see the authority (``authority_list``).
    Six queries whatever the number of findings, documents, actions or history
    rows: the five of ``status_matrix`` and one for the actions' history.
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
    days = {visit_date(d) for d in columns} - {None}
    states: dict[tuple[date, int], list[StateAsAt]] = defaultdict(list)
    if days and matrix.rows:
        plan = Action.objects.filter(finding__document__authority=authority).values("pk")
        for on, found in _history_as_at(action_ids=plan, dates=days).items():
            for state, finding_id in found:
                states[(on, finding_id)].append(state)

    def visit_row(row: Row) -> VisitRow:
        cells = []
        for i in indexes:
            cell = row.cells[i]
            if cell is None:
                cells.append(None)
                continue
            on = cell.date
            ours = _our_status(on, states.get((on, row.finding.pk), [])) if on else None
            cells.append(VisitCell(cell, ours))
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


def self_assessment_gaps(*, user) -> list[GapCount]:
    """Per authority, how many findings inspectors saw no progress on at a visit when our
    own status that day said the work was in hand (see ``is_self_assessment_gap``).

    One query when inspectors have found no progress nowhere; two otherwise.
    """
    followups = FollowUp.objects.filter(
        verdict=Verdict.NO_PROGRESS, finding__state=FindingState.CONFIRMED
    ).exclude(state=InspectionReview.REJECTED)
    if not user.is_superuser:
        followups = followups.filter(finding__document__authority__in=_authority_ids(user))
    found = list(
        followups.select_related("document", "finding__document__authority").only(
            "finding_id",
            "verdict",
            "document__visit_start",
            "document__visit_end",
            "document__letter_date",
            "document__published_date",
            "finding__document__authority__name",
            "finding__document__authority__slug",
        )
    )
    days = {visit_date(f.document) for f in found} - {None}
    if not days:
        return []
    plan = Action.objects.filter(finding_id__in={f.finding_id for f in found}).values("pk")
    days_by_finding: dict[int, set[date]] = defaultdict(set)
    for followup in found:
        days_by_finding[followup.finding_id].add(visit_date(followup.document))
    states: dict[tuple[date, int], list[StateAsAt]] = defaultdict(list)
    history = _history_as_at(action_ids=plan, dates=days, days_by_finding=days_by_finding)
    for on, rows in history.items():
        for state, finding_id in rows:
            states[(on, finding_id)].append(state)
    gaps: dict[int, set[int]] = defaultdict(set)
    authorities: dict[int, LocalAuthority] = {}
    for followup in found:
        on = visit_date(followup.document)
        if on is None:
            continue
        ours = _our_status(on, states.get((on, followup.finding_id), []))
        if is_self_assessment_gap(followup.verdict, ours):
            authority = followup.finding.document.authority
            authorities[authority.pk] = authority
            gaps[authority.pk].add(followup.finding_id)
    return [
        GapCount(authorities[pk], len(findings))
        for pk, findings in sorted(gaps.items(), key=lambda item: authorities[item[0]].name)
    ]


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
    """Six queries: the four of ``finding_followups``, the actions' history and the themes."""
    document = finding.document
    history = finding_followups(finding=finding)
    finding.document = document  # keep what the caller loaded with it (the authority)
    days = {c.date for c in history.cells} - {None}
    states: dict[date, list[StateAsAt]] = defaultdict(list)
    if days:
        plan = Action.objects.filter(finding=finding).values("pk")
        for on, found in _history_as_at(action_ids=plan, dates=days).items():
            states[on] = [state for state, finding_id in found if finding_id == finding.pk]
    entries = tuple(
        TimelineEntry(cell, _our_status(cell.date, states[cell.date]) if cell.date else None)
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
