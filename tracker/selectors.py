"""Every read of the tracker pages; each selector starts from what the user may see.

The joins and annotations a page needs live here, so a page's query count is
fixed by its selector and does not grow with the number of rows.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.contrib.auth import get_user_model
from django.db.models import (
    Count,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.functions import Coalesce
from django.utils import timezone

from inspections.models import Document, Finding, FindingState, Judgement, LocalAuthority
from tracker import deadlines
from tracker.models import (
    RAG_RANK,
    Action,
    Evidence,
    Membership,
    ProgressUpdate,
    Rag,
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
    documents = Document.objects.select_related("authority").order_by(
        "authority__name", "-visit_start", "-pk"
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


def action_list(*, user, today: date | None = None) -> QuerySet[Action]:
    """Actions the user may see, with RAG, latest update and everything a table row shows."""
    return (
        Action.objects.for_user(user)
        .with_rag(today)
        .with_latest_update()
        .select_related("owner", "finding__document__authority")
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


def owner_choices(*, user) -> QuerySet:
    """People who can own actions in the user's authorities (for filters)."""
    people = User.objects.filter(
        Q(groups__name__in=[Role.OWNER, Role.MANAGER]) | Q(is_superuser=True), is_active=True
    )
    if not user.is_superuser:
        people = people.filter(memberships__authority__in=_authority_ids(user))
    return people.distinct().order_by("first_name", "last_name", "username")


def assignable_owners(*, authority_id: int) -> QuerySet:
    """People who can be given an action of this authority."""
    return (
        User.objects.filter(
            Q(groups__name__in=[Role.OWNER, Role.MANAGER]) | Q(is_superuser=True),
            is_active=True,
            memberships__authority_id=authority_id,
        )
        .distinct()
        .order_by("first_name", "last_name", "username")
    )


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


def action_history(*, action: Action) -> list[HistoryEntry]:
    """The timeline of an action, newest first: who changed what, from what to what."""
    records = list(
        action.history.select_related("history_user").order_by("history_date", "history_id")
    )
    user_ids = {r.owner_id for r in records if r.owner_id}
    names = (
        {
            u.pk: (u.get_full_name() or u.get_username())
            for u in User.objects.filter(pk__in=user_ids)
        }
        if user_ids
        else {}
    )
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
        who = (
            (record.history_user.get_full_name() or record.history_user.get_username())
            if record.history_user
            else "System"
        )
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
    entries.reverse()
    return entries


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
    document = (
        document_list(user=user)
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
