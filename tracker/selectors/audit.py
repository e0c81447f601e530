"""The audit log: who created, changed or deleted what, when, across the plan and its people.

Read-only by construction: django-simple-history's rows, read. A manager sees
the rows of records in their authorities (a superuser sees all); nobody can
change or delete a row from the app, and the admin shows history without its
revert button (``SIMPLE_HISTORY_REVERT_DISABLED``).

One page costs a fixed number of queries: the rows of all kinds are merged
and paginated in the database (a UNION), then each kind on the page is read
once with its previous versions, so that what changed can be shown.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.paginator import Page, Paginator
from django.db.models import CharField, OuterRef, Q, QuerySet, Subquery, Value
from django.urls import reverse
from django.utils import timezone

from inspections.models import Document, Finding, FollowUp, LocalAuthority, Theme, ThemeFinding
from tracker import scope
from tracker.formats import shorten
from tracker.models import Action, Evidence, Membership, ProgressUpdate
from tracker.selectors.history import EMPTY, field_label, shown_value, version_changes
from tracker.selectors.people import person_name

User = get_user_model()
PER_PAGE = 50
# Bookkeeping, and the import's fingerprint: nothing a reader of the log needs.
HIDDEN_FIELDS = {"version", "updated_at", "created_at", "content_hash", "imported_at"}
TYPES = {"+": "Created", "~": "Changed", "-": "Deleted"}


@dataclass(frozen=True)
class Kind:
    key: str
    label: str
    model: type
    scope: Callable[[QuerySet], Q]  # authority ids → filter on the historical rows
    describe: Callable[[object, dict], str]  # (historical row, names read for the page)
    link: Callable[[object], str | None] = lambda record: None


def _docs(authorities):
    return Document.objects.filter(authority__in=authorities).values("pk")


def _findings(authorities):
    return Finding.objects.filter(document__authority__in=authorities).values("pk")


def _actions(authorities):
    return Action.objects.filter(finding__document__authority__in=authorities).values("pk")


KINDS = [
    Kind(
        "action",
        "Action",
        Action,
        lambda a: Q(finding_id__in=_findings(a)),
        lambda r, n: r.title,
        lambda r: reverse("tracker:action-detail", args=[r.id]),
    ),
    Kind(
        "update",
        "Progress update",
        ProgressUpdate,
        lambda a: Q(action_id__in=_actions(a)),
        lambda r, n: shorten(r.text),
        lambda r: reverse("tracker:action-detail", args=[r.action_id]),
    ),
    Kind(
        "evidence",
        "Evidence",
        Evidence,
        lambda a: Q(action_id__in=_actions(a)),
        lambda r, n: r.title or r.original_name or r.url or shorten(r.note),
        lambda r: reverse("tracker:action-detail", args=[r.action_id]),
    ),
    Kind(
        "finding",
        "Finding",
        Finding,
        lambda a: Q(document_id__in=_docs(a)),
        lambda r, n: shorten(r.text),
        lambda r: reverse("tracker:finding-detail", args=[r.id]),
    ),
    Kind(
        "followup",
        "Follow-up",
        FollowUp,
        lambda a: Q(document_id__in=_docs(a)),
        lambda r, n: (
            f"Finding {n.get((Finding, r.finding_id), r.finding_id)} at a later visit: "
            f"{r.get_verdict_display().lower()}"
        ),
        lambda r: reverse("tracker:finding-detail", args=[r.finding_id]),
    ),
    Kind(
        "theme",
        "Theme",
        Theme,
        lambda a: Q(authority_id__in=a),
        lambda r, n: r.title,
    ),
    Kind(
        "themefinding",
        "Finding in a theme",
        ThemeFinding,
        lambda a: Q(theme_id__in=Theme.objects.filter(authority__in=a).values("pk")),
        lambda r, n: (
            f"Finding {n.get((Finding, r.finding_id), r.finding_id)} in theme {r.theme_id}"
        ),
    ),
    Kind(
        "document",
        "Inspection document",
        Document,
        lambda a: Q(authority_id__in=a),
        lambda r, n: r.title or r.source_filename,
        lambda r: reverse("tracker:document-detail", args=[r.id]),
    ),
    Kind(
        "membership",
        "Access to an authority",
        Membership,
        lambda a: Q(authority_id__in=a),
        lambda r, n: (
            f"{n.get((User, r.user_id), r.user_id)} – "
            f"{n.get((LocalAuthority, r.authority_id), r.authority_id)}"
        ),
    ),
    Kind(
        "user",
        "Person",
        User,
        lambda a: Q(id__in=Membership.objects.filter(authority__in=a).values("user_id")),
        lambda r, n: getattr(r, User.USERNAME_FIELD),
    ),
]
KIND_BY_KEY = {kind.key: kind for kind in KINDS}
KIND_CHOICES = [(kind.key, kind.label) for kind in KINDS]


@dataclass(frozen=True)
class AuditEntry:
    when: datetime
    who: str
    kind: str
    change: str
    record: str
    url: str | None
    reason: str
    changes: list[tuple[str, str, str]]


def _history_rows(*, user, kinds: list[Kind], since: date | None) -> QuerySet:
    authorities = scope.authority_ids(user)
    # From midnight in the site's time zone, compared as stored so the index can be used.
    start = timezone.make_aware(datetime.combine(since, time.min)) if since else None
    queries = []
    for kind in kinds:
        rows = kind.model.history.all()
        if authorities is not None:
            rows = rows.filter(kind.scope(authorities))
        if start is not None:
            rows = rows.filter(history_date__gte=start)
        queries.append(
            rows.annotate(audit_kind=Value(kind.key, output_field=CharField()))
            .values_list("history_id", "history_date", "audit_kind")
            .order_by()
        )
    combined = queries[0].union(*queries[1:], all=True) if len(queries) > 1 else queries[0]
    return combined.order_by("-history_date", "-history_id")


def _previous(model, records) -> dict[int, object]:
    """The version before each record, in one query."""
    History = model.history.model
    earlier = (
        History.objects.filter(id=OuterRef("id"), history_date__lte=OuterRef("history_date"))
        .exclude(history_id=OuterRef("history_id"))
        .order_by("-history_date", "-history_id")
        .values("history_id")[:1]
    )
    pairs = (
        History.objects.filter(history_id__in=[r.history_id for r in records])
        .annotate(previous_id=Subquery(earlier))
        .values_list("history_id", "previous_id")
    )
    previous_ids = {h: p for h, p in pairs if p}
    previous = History.objects.in_bulk(previous_ids.values()) if previous_ids else {}
    return {h: previous[p] for h, p in previous_ids.items()}


def _changes(kind: Kind, record, before, names, groups) -> list[tuple[str, str, str]]:
    fields = [
        f
        for f in kind.model._meta.concrete_fields
        if f.name not in HIDDEN_FIELDS and hasattr(record, f.attname) and not f.primary_key
    ]

    def show(version, field) -> str:
        return shown_value(version, field, names, length=120)

    if before is not None:
        changes = version_changes(before, record, fields, show)
    elif record.history_type == "+":
        shown = [(field_label(f), show(record, f)) for f in fields]
        changes = [(label, "", new) for label, new in shown if new != EMPTY]
    else:
        changes = []
    if kind.key == "user":
        new_roles = groups.get(record.history_id, "")
        old_roles = groups.get(before.history_id, "") if before is not None else ""
        if new_roles != old_roles:
            changes.append(("Roles", old_roles or ("" if before is None else EMPTY), new_roles))
    return changes


def audit_entries(
    *, user, kind: str = "", since: date | None = None, page: int | str = 1
) -> tuple[list[AuditEntry], Page]:
    """One page of audit entries, newest first, and the paginator page behind it."""
    kinds = [KIND_BY_KEY[kind]] if kind in KIND_BY_KEY else KINDS
    paginator = Paginator(_history_rows(user=user, kinds=kinds, since=since), PER_PAGE)
    page_obj = paginator.get_page(page)
    wanted: dict[str, list[int]] = {}
    for history_id, _when, key in page_obj.object_list:
        wanted.setdefault(key, []).append(history_id)

    records, previous = {}, {}
    for key, ids in wanted.items():
        model = KIND_BY_KEY[key].model
        loaded = model.history.model.objects.in_bulk(ids)
        records[key] = loaded
        previous[key] = _previous(model, list(loaded.values()))

    # Names for people, authorities, findings and groups referred to on this page, read once.
    user_ids, authority_ids, finding_ids = set(), set(), set()
    for key, loaded in records.items():
        for rec in [*loaded.values(), *previous[key].values()]:
            user_ids.add(rec.history_user_id)
            for field in KIND_BY_KEY[key].model._meta.concrete_fields:
                if field.is_relation and hasattr(rec, field.attname):
                    if field.related_model is User:
                        user_ids.add(getattr(rec, field.attname))
                    elif field.related_model is LocalAuthority:
                        authority_ids.add(getattr(rec, field.attname))
                    elif field.related_model is Finding:
                        finding_ids.add(getattr(rec, field.attname))
    user_ids.discard(None)
    finding_ids.discard(None)
    people = {
        u.pk: person_name(u)
        for u in User.objects.filter(pk__in=user_ids).only("first_name", "last_name", "username")
    }
    names = {(User, pk): name for pk, name in people.items()}
    names.update(
        {
            (LocalAuthority, a.pk): a.name
            for a in LocalAuthority.objects.filter(pk__in=authority_ids).only("name")
        }
    )
    findings = Finding.objects.select_related("document__authority").only(
        "order", "document__reference_label", "document__authority__code"
    )
    names.update({(Finding, pk): f.reference for pk, f in findings.in_bulk(finding_ids).items()})
    groups: dict[int, str] = {}
    if "user" in records:
        m2m = _user_group_history()
        history_ids = [*records["user"], *(p.history_id for p in previous["user"].values())]
        group_names = dict(Group.objects.values_list("pk", "name"))
        collected: dict[int, list[str]] = {}
        for history_id, group_id in m2m.objects.filter(history_id__in=history_ids).values_list(
            "history_id", "group_id"
        ):
            collected.setdefault(history_id, []).append(group_names.get(group_id, f"#{group_id}"))
        groups = {h: ", ".join(sorted(g)) for h, g in collected.items()}

    entries = []
    for history_id, _when, key in page_obj.object_list:
        kind = KIND_BY_KEY[key]
        record = records[key][history_id]
        before = previous[key].get(history_id)
        entries.append(
            AuditEntry(
                when=record.history_date,
                who=people.get(record.history_user_id, "System (import or command line)")
                if record.history_user_id
                else "System (import or command line)",
                kind=kind.label,
                change=TYPES.get(record.history_type, record.history_type),
                record=shorten(kind.describe(record, names)),
                url=None if record.history_type == "-" else kind.link(record),
                reason=record.history_change_reason or "",
                changes=_changes(kind, record, before, names, groups),
            )
        )
    return entries, page_obj


def _user_group_history():
    """The through model in which django-simple-history keeps each user version's groups."""
    return next(
        f.related_model
        for f in User.history.model._meta.get_fields()
        if f.one_to_many and f.related_model._meta.model_name.endswith("_groups")
    )
