"""Fill an empty database with a synthetic national picture, for benchmarks and load tests.

    python manage.py generate_scale_data                        # about 150 authorities, 10 years
    python manage.py generate_scale_data --authorities 2 --seed 7   # a small one

Authorities have invented, real-looking names; each follows a path through
the inspection framework over the years (full inspections, then monitoring
visits while inadequate, focused visits and the odd joint targeted area
inspection otherwise), with judgements, numbered paragraphs, findings of each
list, recurring themes, follow-ups at later visits, and actions whose
history, progress updates and evidence tell the story of the plan up to
``--until`` (today by default). Everything is written with ``bulk_create`` in
batches inside one transaction, so it takes minutes, not hours; the same
``--seed`` and ``--until`` give the same data. History rows are written for
actions and evidence only; the other audited records (findings, themes and
their members, follow-ups, memberships, progress updates, people) start with
no history.

Safety: it only fills a database that has no authorities yet, and refuses
otherwise, so it can never mix invented records into real ones. Every
generated person shares one published password, so like ``load_demo_plan``
it refuses to run unless DEBUG or TESTING is on (or ``--force``).
"""

from __future__ import annotations

import hashlib
import random
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from datetime import time as clock

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.utils import timezone
from django.utils.text import slugify

from inspections.models import (
    Document,
    DocumentKind,
    Finding,
    FindingState,
    FollowUp,
    FollowUpParagraph,
    Judgement,
    LocalAuthority,
    Paragraph,
    ReviewState,
    SourceList,
    Theme,
    ThemeFinding,
    Verdict,
    initials,
)
from tracker.models import (
    Action,
    Evidence,
    EvidenceKind,
    Membership,
    ProgressUpdate,
    Role,
    Status,
)
from tracker.models import ReviewState as EvidenceReview

User = get_user_model()

DEFAULT_PASSWORD = "scale-data-not-for-production"
NATIONAL_MANAGER = "national.manager@example.gov.uk"
SCALE_ADMIN = "scale.admin@example.gov.uk"
SHARED_EVIDENCE_FILE = "evidence/scale-data/sample-audit.txt"
BATCH = 2000
# Authorities are written this many at a time, so memory stays flat at any size.
AUTHORITIES_PER_CHUNK = 10

# --- Vocabulary -------------------------------------------------------------------

NAME_STARTS = (
    "Ash", "Bar", "Bram", "Brock", "Calder", "Chel", "Cole", "Dal", "Dun", "Eas", "Elm",
    "Fair", "Fen", "Glen", "Gran", "Hal", "Hart", "Hol", "Ing", "Kel", "Kings", "Lang",
    "Lid", "Mal", "Mar", "Mere", "Mill", "Nor", "Oak", "Pen", "Ris", "Rother", "Sal",
    "Sand", "Shel", "Stan", "Stow", "Thorn", "Tre", "Wal", "Wend", "Whit", "Wil", "Wyn",
)  # fmt: skip
NAME_ENDS = (
    "bridge", "brook", "bury", "by", "caster", "combe", "dale", "den", "field", "ford",
    "gate", "ham", "hampton", "ington", "leigh", "ley", "minster", "mouth", "ton", "well",
    "wick", "worth",
)  # fmt: skip
NAME_PREFIXES = ("North ", "South ", "East ", "West ")

FIRST_NAMES = (
    "Aisha", "Amir", "Beth", "Carys", "Chidi", "Dan", "Deepa", "Eleanor", "Femi", "Grace",
    "Hamza", "Imogen", "Jas", "Joel", "Kate", "Leon", "Maya", "Niamh", "Owen", "Priya",
    "Rhys", "Sana", "Tom", "Uma", "Vikram", "Wendy", "Yusuf", "Zoe",
)  # fmt: skip
LAST_NAMES = (
    "Adeyemi", "Bennett", "Choudhury", "Davies", "Evans", "Fletcher", "Green", "Hughes",
    "Iqbal", "Jones", "Khan", "Lewis", "Morgan", "Nowak", "O'Brien", "Patel", "Quinn",
    "Roberts", "Singh", "Taylor", "Walker", "Young",
)  # fmt: skip
INSPECTORS = tuple(f"{f} {l}" for f in FIRST_NAMES[::3] for l in LAST_NAMES[::4])  # noqa: E741

TOPICS = (
    "return home interviews",
    "pathway plans",
    "management oversight",
    "staff supervision",
    "health histories",
    "personal advisers",
    "care leavers over 21",
    "child protection plans",
    "independent reviewing officers",
    "allegations against adults",
    "education, employment and training",
    "staying put arrangements",
    "transition planning",
    "case recording",
    "quality assurance and audit",
    "assessments of risk",
    "strategy meetings",
    "the front door",
    "children missing from education",
    "private fostering",
    "placement sufficiency",
    "permanence planning",
    "life-story work",
    "children's voices in plans",
)
ASPECTS = ("quality", "timeliness", "consistency", "take-up", "impact", "recording", "oversight")
FRAMES = (
    "The {aspect} of {topic}.",
    "The {aspect} and {aspect2} of {topic}.",
    "More work is needed to improve the {aspect} of {topic}.",
    "The {aspect} of {topic} remains too variable across teams.",
    "Leaders' understanding of the {aspect} of {topic}.",
)
SUGGESTED_FRAMES = (
    "{Topic} are not yet consistently {adjective}.",
    "The {aspect} of {topic} is not yet good enough.",
    "Leaders recognise that {topic} need further work.",
)
ADJECTIVES = ("timely", "effective", "up to date", "reviewed", "recorded", "purposeful")
PROSE = (
    "children", "families", "social workers", "managers", "leaders", "partners", "plans",
    "visits", "assessments", "the local authority", "are seen", "regularly", "timely",
    "in most cases", "however", "some", "consistently", "progress", "risk", "support",
    "the quality of", "is improving", "remains variable", "carefully", "well", "workers",
    "know children well", "caseloads", "are manageable", "and", "with", "for", "of",
    "oversight", "supervision", "records", "reflect", "their", "experiences", "needs",
)  # fmt: skip
ACTION_VERBS = (
    "Audit", "Review", "Introduce", "Embed", "Train managers on", "Report monthly on",
    "Redesign", "Strengthen", "Publish guidance on", "Commission a review of",
)  # fmt: skip
LEAD_ROLES = (
    "Head of Service, Children in Care",
    "Head of Service, Care Leavers",
    "Head of Service, Front Door",
    "Principal Social Worker",
    "Service Manager, Quality Assurance",
    "Director of Children's Services",
    "Head of Safeguarding",
)
GRADES = ("Outstanding", "Good", "Requires improvement to be good", "Inadequate")
ILACS_AREAS = (
    "The impact of leaders on social work practice with children and families",
    "The experiences and progress of children who need help and protection",
    "The experiences and progress of children in care",
    "The experiences and progress of care leavers",
    "Overall effectiveness",
)
SIF_AREAS = (
    "Children who need help and protection",
    "Children looked after and achieving permanence",
    "Adoption performance",
    "Experiences and progress of care leavers",
    "Leadership, management and governance",
    "Overall effectiveness",
)
HEADINGS = {
    DocumentKind.ILACS: ILACS_AREAS[:4] + ("What needs to improve?",),
    DocumentKind.SIF: SIF_AREAS[:5] + ("Recommendations",),
    DocumentKind.MONITORING_VISIT: ("Areas covered by the visit", "Findings and evaluation"),
    DocumentKind.FOCUSED_VISIT: ("Overview", "Findings", "What needs to improve?"),
    DocumentKind.JTAI: ("Headline findings", "Recommendations", "Case study"),
}
SIF_ENDS = date(2018, 1, 1)


@dataclass
class Options:
    authorities: int
    years: int
    until: date
    seed: int
    findings_per_document: float
    paragraphs_per_document: float
    actions_per_finding: float
    history_per_action: float
    updates_per_action: float
    evidence_per_action: float
    owners_per_authority: int


@dataclass
class Counts:
    rows: Counter = field(default_factory=Counter)

    def add(self, name: str, n: int) -> None:
        self.rows[name] += n


def _aware(day: date, minute: int = 9 * 60) -> datetime:
    return timezone.make_aware(datetime.combine(day, clock(minute // 60 % 24, minute % 60)))


class Generator:
    """Builds the records one chunk of authorities at a time and bulk-inserts them."""

    def __init__(self, options: Options, out) -> None:
        self.o = options
        self.rng = random.Random(options.seed)
        self.out = out
        self.counts = Counts()
        self.start = date(options.until.year - options.years, options.until.month, 1)
        self.password = None
        self.pending_groups: list = []

    # --- people and authorities ---------------------------------------------------

    def authority_names(self) -> list[str]:
        rng, names = self.rng, []
        seen: set[str] = set()
        while len(names) < self.o.authorities:
            base = rng.choice(NAME_STARTS) + rng.choice(NAME_ENDS)
            roll = rng.random()
            if roll < 0.2:
                name = rng.choice(NAME_PREFIXES) + base
            elif roll < 0.4:
                name = base + "shire"
            elif roll < 0.48:
                name = f"{base} and {rng.choice(NAME_STARTS)}{rng.choice(NAME_ENDS)}"
            else:
                name = base
            if name not in seen:
                seen.add(name)
                names.append(name)
        return names

    def person(self, username: str, **extra) -> User:
        return User(
            username=username,
            email=username,
            first_name=self.rng.choice(FIRST_NAMES),
            last_name=self.rng.choice(LAST_NAMES),
            password=self.password,
            date_joined=_aware(self.start),
            **extra,
        )

    # --- the whole run ---------------------------------------------------------------

    def run(self, password: str) -> Counts:
        self.password = make_password(password)
        groups = {g.name: g for g in Group.objects.filter(name__in=Role.ALL)}
        missing = set(Role.ALL) - set(groups)
        if missing:
            raise CommandError(f"Run migrate first: the role groups {sorted(missing)} are missing.")
        self.groups = groups
        if not default_storage.exists(SHARED_EVIDENCE_FILE):
            default_storage.save(
                SHARED_EVIDENCE_FILE,
                ContentFile(b"Audit of 20 case files: findings and next steps (synthetic).\n"),
            )
        names = self.authority_names()
        national = User.objects.bulk_create(
            [
                self.person(NATIONAL_MANAGER),
                self.person(SCALE_ADMIN, is_staff=True, is_superuser=True),
            ]
        )
        self._group(national[0], Role.MANAGER)
        self.national = national[0]
        for first in range(0, len(names), AUTHORITIES_PER_CHUNK):
            self.chunk(names[first : first + AUTHORITIES_PER_CHUNK])
            self.out(f"  {min(first + AUTHORITIES_PER_CHUNK, len(names))}/{len(names)} authorities")
        self.flush_groups()
        return self.counts

    def _group(self, user, role) -> None:
        self.pending_groups.append(
            User.groups.through(user_id=user.pk, group_id=self.groups[role].pk)
        )

    def flush_groups(self) -> None:
        rows, self.pending_groups = self.pending_groups, []
        User.groups.through.objects.bulk_create(rows, batch_size=BATCH)
        self.counts.add("user groups", len(rows))

    def bulk(self, model, rows: list, label: str | None = None) -> list:
        created = model.objects.bulk_create(rows, batch_size=BATCH)
        self.counts.add(label or model._meta.verbose_name_plural, len(rows))
        return created

    # --- one chunk of authorities ------------------------------------------------------

    def chunk(self, names: list[str]) -> None:
        rng = self.rng
        authorities = self.bulk(
            LocalAuthority,
            [
                LocalAuthority(
                    name=name,
                    slug=slugify(name),
                    code=initials(name),
                    aliases=[f"{name} Council"] if rng.random() < 0.5 else [],
                )
                for name in names
            ],
        )
        people: dict[int, dict[str, list]] = {}
        users, roles = [], []
        for authority in authorities:
            domain = f"{authority.slug}.example.gov.uk"
            mine = {
                Role.MANAGER: [self.person(f"manager@{domain}")],
                Role.VIEWER: [self.person(f"viewer@{domain}")],
                Role.OWNER: [
                    self.person(f"owner{n}@{domain}")
                    for n in range(1, self.o.owners_per_authority + 1)
                ],
            }
            people[authority.pk] = mine
            for role, members in mine.items():
                users.extend(members)
                roles.extend((u, role) for u in members)
        self.bulk(User, users, "users")
        for user, role in roles:
            self._group(user, role)
        self.bulk(
            Membership,
            [
                Membership(user=u, authority_id=a_id)
                for a_id, mine in people.items()
                for members in mine.values()
                for u in members
            ]
            + [Membership(user=self.national, authority=a) for a in authorities],
        )

        plans = {a.pk: self.visits(a) for a in authorities}
        documents = self.bulk(Document, [d for plan in plans.values() for d, _ in plan])
        grade_of = {
            id(d): grade for plan in plans.values() for d, grade in plan
        }  # grade of a full inspection
        by_authority: dict[int, list[Document]] = defaultdict(list)
        for d in documents:
            by_authority[d.authority_id].append(d)

        judgements, paragraphs, findings = [], [], []
        weak_topics = {a.pk: rng.sample(TOPICS, 9) for a in authorities}
        for d in documents:
            judgements.extend(self.judgements(d, grade_of.get(id(d))))
            paragraphs.extend(self.paragraphs(d, weak_topics[d.authority_id]))
            findings.extend(self.findings(d, weak_topics[d.authority_id], grade_of.get(id(d))))
        self.bulk(Judgement, judgements)
        paragraphs = self.bulk(Paragraph, paragraphs)
        findings = self.bulk(Finding, findings)
        paras_of: dict[int, list[Paragraph]] = defaultdict(list)
        for p in paragraphs:
            paras_of[p.document_id].append(p)
        for d in documents:
            d.text = "\n\n".join(p.text for p in paras_of[d.pk])
        Document.objects.bulk_update(documents, ["text"], batch_size=500)
        self.bulk(
            Finding.paragraphs.through,
            [
                Finding.paragraphs.through(finding_id=f.pk, paragraph_id=p.pk)
                for f in findings
                for p in rng.sample(paras_of[f.document_id], min(2, len(paras_of[f.document_id])))
            ],
            "finding paragraphs",
        )
        findings_of: dict[int, list[Finding]] = defaultdict(list)
        for f in findings:
            findings_of[f.document_id].append(f)
        self.themes(authorities, by_authority, findings_of)
        self.followups(by_authority, findings_of, paras_of)
        self.actions(documents, findings_of, people)

    # --- documents ---------------------------------------------------------------------

    def visits(self, authority) -> list[tuple[Document, str | None]]:
        """A path through the framework: full inspections, then visits that depend on the grade."""
        rng, until = self.rng, self.o.until
        grade = rng.choices(GRADES, weights=(10, 45, 33, 12))[0]
        day = self.start + timedelta(days=rng.randint(0, 300))
        plan: list[tuple[Document, str | None]] = []
        visit_number = 0
        next_full = day
        while day < until - timedelta(days=20):
            if day >= next_full:
                kind = DocumentKind.SIF if day < SIF_ENDS else DocumentKind.ILACS
                # Grades drift: inadequate authorities usually improve, others may slip.
                grade = rng.choices(
                    GRADES,
                    weights={
                        "Outstanding": (50, 45, 5, 0),
                        "Good": (12, 60, 22, 6),
                        "Requires improvement to be good": (2, 40, 45, 13),
                        "Inadequate": (0, 10, 65, 25),
                    }[grade],
                )[0]
                plan.append((self.document(authority, kind, day, grade=grade), grade))
                visit_number = 0
                gap_years = {"Outstanding": 5, "Good": 4, "Inadequate": 2}.get(grade, 3)
                next_full = day + timedelta(days=365 * gap_years + rng.randint(-60, 120))
            elif grade == "Inadequate":
                visit_number += 1
                plan.append(
                    (
                        self.document(
                            authority, DocumentKind.MONITORING_VISIT, day, number=visit_number
                        ),
                        None,
                    )
                )
            elif rng.random() < (0.7 if grade != "Outstanding" else 0.4):
                plan.append((self.document(authority, DocumentKind.FOCUSED_VISIT, day), None))
            if rng.random() < 0.06:
                jtai = day + timedelta(days=rng.randint(40, 120))
                if jtai < until - timedelta(days=20):
                    plan.append((self.document(authority, DocumentKind.JTAI, jtai), None))
            step = rng.randint(110, 170) if grade == "Inadequate" else rng.randint(330, 500)
            day = min(day + timedelta(days=step), next_full) if day < next_full else day
            if day == next_full and plan and plan[-1][0].visit_start >= day:
                day += timedelta(days=1)
        plan.sort(key=lambda pair: pair[0].visit_start)
        _label_references(plan)
        return plan

    def document(self, authority, kind, start: date, *, grade=None, number=None) -> Document:
        rng = self.rng
        length = {DocumentKind.ILACS: 11, DocumentKind.SIF: 12}.get(kind, 2)
        end = start + timedelta(days=length)
        letter = end + timedelta(days=rng.randint(10, 25))
        published = letter + timedelta(days=rng.randint(5, 30))
        inspectors = rng.sample(INSPECTORS, 3 if length > 2 else 2)
        label = DocumentKind(kind).label
        digest = hashlib.sha256(
            f"{self.o.seed}:{authority.name}:{kind}:{start.isoformat()}".encode()
        ).hexdigest()
        return Document(
            authority=authority,
            kind=kind,
            title=f"{label}: {authority.name} local authority children's services",
            visit_start=start,
            visit_end=end,
            letter_date=letter,
            published_date=published,
            received_date=letter,
            visit_number=number,
            previous_judgement=grade or "",
            lead_inspector=inspectors[0],
            inspectors=inspectors,
            focus=""
            if kind in (DocumentKind.ILACS, DocumentKind.SIF)
            else f"The visit looked at {rng.choice(TOPICS)} and {rng.choice(TOPICS)}.",
            source_filename=f"{authority.slug}-{kind}-{start:%Y-%m-%d}.pdf",
            content_hash=digest,
            page_count=length + rng.randint(3, 12),
            imported_at=_aware(published + timedelta(days=2)),
        )

    def judgements(self, document, grade) -> list[Judgement]:
        if document.kind not in (DocumentKind.ILACS, DocumentKind.SIF):
            return []
        areas = ILACS_AREAS if document.kind == DocumentKind.ILACS else SIF_AREAS
        rows = []
        for order, area in enumerate(areas, start=1):
            shown = grade if area == "Overall effectiveness" else self.near(grade)
            rows.append(Judgement(document=document, area=area, grade=shown, order=order))
        return rows

    def near(self, grade: str) -> str:
        i = GRADES.index(grade) + self.rng.choice((-1, 0, 0, 0, 1))
        return GRADES[min(max(i, 0), len(GRADES) - 1)]

    def sentence(self, low: int, high: int, topic: str | None = None) -> str:
        words = self.rng.choices(PROSE, k=self.rng.randint(low, high))
        if topic:
            words.insert(self.rng.randint(0, len(words)), topic)
        return " ".join(words).capitalize() + "."

    def paragraphs(self, document, topics) -> list[Paragraph]:
        rng = self.rng
        scale = {DocumentKind.ILACS: 1.6, DocumentKind.SIF: 1.8}.get(document.kind, 0.7)
        count = max(4, round(self.o.paragraphs_per_document * scale * rng.uniform(0.7, 1.3)))
        headings = HEADINGS.get(document.kind, ("Findings",))
        rows = []
        for order in range(1, count + 1):
            text = " ".join(
                self.sentence(12, 28, rng.choice(topics) if rng.random() < 0.6 else None)
                for _ in range(rng.randint(2, 5))
            )
            rows.append(
                Paragraph(
                    document=document,
                    order=order,
                    number=order,
                    page=1 + order // 4,
                    heading=headings[min(len(headings) - 1, order * len(headings) // count)],
                    text=text,
                )
            )
        return rows

    def finding_text(self, topic: str, suggested: bool = False) -> str:
        rng = self.rng
        frame = rng.choice(SUGGESTED_FRAMES if suggested else FRAMES)
        aspect, aspect2 = rng.sample(ASPECTS, 2)
        return frame.format(
            aspect=aspect,
            aspect2=aspect2,
            topic=topic,
            Topic=topic[:1].upper() + topic[1:],
            adjective=rng.choice(ADJECTIVES),
        )

    def findings(self, document, topics, grade) -> list[Finding]:
        rng = self.rng
        mean = self.o.findings_per_document
        n = max(1, round(mean * rng.uniform(0.5, 1.5)))
        lists: list[tuple[str, str]]  # (source list, state)
        if document.kind in (DocumentKind.ILACS, DocumentKind.FOCUSED_VISIT):
            lists = [(SourceList.WHAT_NEEDS_TO_IMPROVE, FindingState.CONFIRMED)] * n
            if grade == "Inadequate":
                lists[: max(1, n // 4)] = [
                    (SourceList.PRIORITY_ACTION, FindingState.CONFIRMED)
                ] * max(1, n // 4)
        elif document.kind in (DocumentKind.SIF, DocumentKind.JTAI):
            lists = [(SourceList.RECOMMENDATION, FindingState.CONFIRMED)] * n
        else:  # monitoring visit: areas covered, and suggestions from its prose
            covered = max(1, n // 3)
            lists = [(SourceList.AREAS_COVERED, FindingState.CONFIRMED)] * covered + [
                (
                    SourceList.SUGGESTED,
                    rng.choices(
                        (FindingState.CONFIRMED, FindingState.SUGGESTED, FindingState.REJECTED),
                        weights=(6, 3, 1),
                    )[0],
                )
                for _ in range(n - covered)
            ]
        areas = (
            ILACS_AREAS[:4]
            if document.kind == DocumentKind.ILACS
            else SIF_AREAS[:5]
            if document.kind == DocumentKind.SIF
            else ("",)
        )
        return [
            Finding(
                document=document,
                source_list=source,
                section_heading=DocumentKind(document.kind).label,
                order=order,
                text=self.finding_text(
                    rng.choice(topics), suggested=source == SourceList.SUGGESTED
                ),
                framework_reference=(
                    f"Working Together 2023, chapter {rng.randint(1, 5)}"
                    if rng.random() < 0.1
                    else ""
                ),
                judgement_area=rng.choice(areas) if rng.random() < 0.5 else "",
                state=state,
            )
            for order, (source, state) in enumerate(lists, start=1)
        ]

    # --- themes and follow-ups ---------------------------------------------------------------

    def themes(self, authorities, by_authority, findings_of) -> None:
        rng = self.rng
        themes, members = [], []
        for authority in authorities:
            by_topic: dict[str, list[Finding]] = defaultdict(list)
            for d in by_authority[authority.pk]:
                for f in findings_of[d.pk]:
                    if f.state == FindingState.CONFIRMED:
                        topic = next((t for t in TOPICS if t in f.text.lower()), None)
                        if topic:
                            by_topic[topic].append(f)
            for topic, group in by_topic.items():
                if len({f.document_id for f in group}) < 2:
                    continue
                confirmed = rng.random() < 0.7
                theme = Theme(
                    authority=authority,
                    title=topic[:1].upper() + topic[1:],
                    state=ReviewState.CONFIRMED if confirmed else ReviewState.SUGGESTED,
                    score=round(rng.uniform(0.5, 0.95), 2),
                    reason=f"These findings all speak of {topic}.",
                    decided_at=_aware(self.o.until - timedelta(days=rng.randint(1, 300)))
                    if confirmed
                    else None,
                )
                themes.append(theme)
                members.append((theme, group[:8], confirmed))
        self.bulk(Theme, themes)
        self.bulk(
            ThemeFinding,
            [
                ThemeFinding(
                    theme=theme,
                    finding=f,
                    state=ReviewState.CONFIRMED if confirmed else ReviewState.SUGGESTED,
                )
                for theme, group, confirmed in members
                for f in group
            ],
        )

    def followups(self, by_authority, findings_of, paras_of) -> None:
        """What each later document said about each confirmed finding, until it improved."""
        rng = self.rng
        rows: list[tuple[FollowUp, list[Paragraph]]] = []
        for documents in by_authority.values():
            latest = documents[-1]
            for i, earlier in enumerate(documents):
                for f in findings_of[earlier.pk]:
                    if f.state != FindingState.CONFIRMED:
                        continue
                    chance_improved = 0.15
                    for later in documents[i + 1 :]:
                        months = (later.visit_start - earlier.visit_start).days / 30
                        if months < 5:
                            verdict = Verdict.TOO_EARLY
                        else:
                            verdict = rng.choices(
                                (
                                    Verdict.IMPROVED,
                                    Verdict.SOME_PROGRESS,
                                    Verdict.NO_PROGRESS,
                                    Verdict.NOT_LOOKED_AT,
                                ),
                                weights=(chance_improved, 0.4, 0.15, 0.2),
                            )[0]
                        pending = later.pk == latest.pk or rng.random() < 0.1
                        state = (
                            ReviewState.SUGGESTED
                            if pending
                            else rng.choices(
                                (ReviewState.CONFIRMED, ReviewState.REJECTED), weights=(19, 1)
                            )[0]
                        )
                        same_topic = [
                            g
                            for g in findings_of[later.pk]
                            if g.source_list != SourceList.SUGGESTED
                            and g.text.split(" of ")[-1] == f.text.split(" of ")[-1]
                        ]
                        followup = FollowUp(
                            finding=f,
                            document=later,
                            state=state,
                            verdict=verdict,
                            suggested_verdict=verdict,
                            later_finding=same_topic[0] if same_topic else None,
                            score=round(rng.uniform(0.3, 1.0), 2),
                            reason="Words of the finding found in the later letter.",
                            decided_at=None
                            if state == ReviewState.SUGGESTED
                            else _aware(later.received_date + timedelta(days=rng.randint(5, 40))),
                        )
                        quoted = rng.sample(
                            paras_of[later.pk], min(rng.randint(1, 3), len(paras_of[later.pk]))
                        )
                        rows.append((followup, quoted))
                        if verdict == Verdict.IMPROVED and state == ReviewState.CONFIRMED:
                            break
                        chance_improved += 0.12
        created = self.bulk(FollowUp, [f for f, _ in rows], "follow-ups")
        self.bulk(
            FollowUpParagraph,
            [
                FollowUpParagraph(
                    followup=followup,
                    paragraph=p,
                    rank=rank,
                    score=round(rng.uniform(0.3, 1.0), 2),
                    matched=", ".join(rng.sample(ASPECTS, 2)),
                )
                for followup, (_, quoted) in zip(created, rows, strict=True)
                for rank, p in enumerate(quoted, start=1)
            ],
            "follow-up quotes",
        )

    # --- actions, their history, updates and evidence -----------------------------------------

    def actions(self, documents, findings_of, people) -> None:
        rng = self.rng
        total_findings = sum(len(findings_of[d.pk]) for d in documents)
        eligible = [
            (d, f)
            for d in documents
            for f in findings_of[d.pk]
            if f.state == FindingState.CONFIRMED and f.source_list != SourceList.AREAS_COVERED
        ]
        if not eligible:
            return
        mean = self.o.actions_per_finding * total_findings / len(eligible)
        History = Action.history.model
        actions, stories = [], []
        for d, f in eligible:
            mine = people[d.authority_id]
            owners = mine[Role.OWNER]
            manager = mine[Role.MANAGER][0]
            for _ in range(max(0, round(mean * rng.uniform(0.5, 1.5)))):
                story = self.story(d, manager, owners)
                if story is None:
                    continue
                final = story["states"][-1]
                actions.append(
                    Action(
                        finding=f,
                        title=f"{rng.choice(ACTION_VERBS)} {f.text.rstrip('.').lower()}"[:200],
                        description=self.sentence(15, 40),
                        success_measure=self.sentence(8, 20),
                        start_date=story["start"],
                        created_by=manager,
                        created_at=story["events"][0][0],
                        updated_at=story["events"][-1][0],
                        version=len(story["events"]),
                        **final,
                    )
                )
                stories.append(story)
        actions = self.bulk(Action, actions)
        history, updates, evidence, evidence_history = [], [], [], []
        copied = [f.attname for f in Action._meta.fields]
        for action, story in zip(actions, stories, strict=True):
            base = {name: getattr(action, name) for name in copied}
            for (when, who, reason, kind), state in zip(
                story["events"], story["states"], strict=True
            ):
                row = {**base, **state, "updated_at": when}
                history.append(
                    History(
                        **row,
                        history_date=when,
                        history_type=kind,
                        history_change_reason=reason,
                        history_user_id=who,
                    )
                )
            for when, who in story["updates"]:
                updates.append(
                    ProgressUpdate(
                        action=action, author_id=who, text=self.sentence(15, 45), created_at=when
                    )
                )
            for when, who, accepted_at, reviewer in story["evidence"]:
                item = self.evidence(action, when, who, accepted_at, reviewer)
                evidence.append(item)
        self.bulk(History, history, "action history rows")
        self.bulk(ProgressUpdate, updates, "progress updates")
        evidence = self.bulk(Evidence, evidence)
        EvidenceHistory = Evidence.history.model
        fields = [f.attname for f in Evidence._meta.fields]
        for item in evidence:
            evidence_history.append(
                EvidenceHistory(
                    **{name: getattr(item, name) for name in fields},
                    history_date=item.added_at,
                    history_type="+",
                    history_user_id=item.added_by_id,
                )
            )
        self.bulk(EvidenceHistory, evidence_history, "evidence history rows")

    def story(self, document, manager, owners) -> dict | None:
        """The dated events of one action up to ``until``: created, started, edited,
        flagged, completed, verified, with the state after each."""
        rng, until = self.rng, self.o.until
        manager = manager.pk  # people are ids from here on
        created = document.received_date + timedelta(days=rng.randint(5, 70))
        if created >= until:
            return None
        start = created + timedelta(days=rng.randint(0, 30))
        deadline = start + timedelta(days=rng.randint(45, 480))
        owner = rng.choice(owners) if rng.random() > 0.04 else None
        state = {
            "status": Status.NOT_STARTED,
            "deadline": deadline,
            "at_risk": False,
            "at_risk_reason": "",
            "owner_id": owner.pk if owner else None,
            "lead_role": rng.choice(LEAD_ROLES),
        }
        minute = rng.randint(8 * 60, 17 * 60)
        events = [(_aware(created, minute), manager, None, "+")]
        states = [dict(state)]
        updates, evidence = [], []

        def happen(day: date, who, reason: str, **change) -> bool:
            if day >= until:
                return False
            when = _aware(max(day, events[-1][0].date()), rng.randint(8 * 60, 18 * 60))
            if when <= events[-1][0]:  # the same day: keep the events in order
                when = events[-1][0] + timedelta(minutes=rng.randint(1, 90))
            if when.date() >= until:
                return False
            state.update(change)
            events.append((when, who, reason, "~"))
            states.append(dict(state))
            return True

        actor = owner.pk if owner else manager
        day = start + timedelta(days=rng.randint(0, 40))
        if not happen(day, actor, "Status changed", status=Status.IN_PROGRESS):
            return {"start": start, "events": events, "states": states,
                    "updates": updates, "evidence": evidence}  # fmt: skip
        extra = max(0.0, self.o.history_per_action - 4.6)
        for _ in range(_poisson(rng, extra)):
            day += timedelta(days=rng.randint(5, 40))
            happen(day, manager, "Changed", lead_role=rng.choice(LEAD_ROLES))
        if rng.random() < 0.35:
            new_deadline = state["deadline"] + timedelta(days=rng.randint(30, 120))
            happen(day + timedelta(days=rng.randint(10, 60)), manager, "Changed",
                   deadline=new_deadline)  # fmt: skip
        if rng.random() < 0.2:
            happen(day + timedelta(days=rng.randint(10, 90)), manager, "Changed",
                   owner_id=rng.choice(owners).pk)  # fmt: skip
        if rng.random() < 0.25:
            flagged = day + timedelta(days=rng.randint(10, 120))
            if happen(flagged, actor, "Flagged as at risk", at_risk=True,
                      at_risk_reason="Staffing shortfall in the team."):  # fmt: skip
                happen(flagged + timedelta(days=rng.randint(14, 90)), actor,
                       "At-risk flag cleared", at_risk=False, at_risk_reason="")  # fmt: skip
        n_updates = _poisson(rng, self.o.updates_per_action)
        for k in range(n_updates):
            when = start + timedelta(days=int((k + 1) * (deadline - start).days / (n_updates + 1)))
            if when < until:
                updates.append(
                    (_aware(when, rng.randint(8 * 60, 18 * 60)), state["owner_id"] or manager)
                )
        finish = state["deadline"] + timedelta(days=rng.randint(-60, 45))
        n_evidence = max(1, _poisson(rng, self.o.evidence_per_action))
        if finish < until:
            for k in range(n_evidence):
                when = finish - timedelta(days=rng.randint(1, 20) + k)
                evidence.append((when, state["owner_id"] or manager, None, None))
            if happen(
                finish, state["owner_id"] or manager, "Status changed", status=Status.COMPLETED
            ):
                verified = finish + timedelta(days=rng.randint(7, 60))
                if happen(verified, manager, "Status changed", status=Status.VERIFIED):
                    evidence = [(w, who, verified, manager) for w, who, _, _ in evidence]
        elif rng.random() < 0.4:
            when = min(until - timedelta(days=1), day + timedelta(days=rng.randint(5, 60)))
            evidence.append((when, state["owner_id"] or manager, None, None))
        evidence = [
            (_aware(max(w, created), rng.randint(8 * 60, 18 * 60)), who, at, by)
            for w, who, at, by in evidence
        ]
        return {"start": start, "events": events, "states": states,
                "updates": updates, "evidence": evidence}  # fmt: skip

    def evidence(self, action, when, who, accepted_at, reviewer) -> Evidence:
        rng = self.rng
        kind = rng.choices((EvidenceKind.NOTE, EvidenceKind.LINK, EvidenceKind.FILE), (5, 3, 2))[0]
        item = Evidence(
            action=action,
            kind=kind,
            added_by_id=who,
            added_at=when,
            review_state=EvidenceReview.ACCEPTED if accepted_at else EvidenceReview.PENDING,
            reviewed_by_id=reviewer,
            reviewed_at=_aware(accepted_at) if accepted_at else None,
        )
        if kind == EvidenceKind.NOTE:
            item.note = self.sentence(10, 30)
        elif kind == EvidenceKind.LINK:
            item.title = "Audit report on the intranet"
            item.url = f"https://intranet.example.gov.uk/audits/{rng.randint(1000, 99999)}"
        else:
            item.file = SHARED_EVIDENCE_FILE
            item.original_name = "audit-summary.txt"
            item.content_type = "text/plain"
            item.size = 64
        return item


def _poisson(rng: random.Random, mean: float) -> int:
    """A small Poisson draw (Knuth), enough for counts of a few."""
    if mean <= 0:
        return 0
    limit, k, p = pow(2.718281828459045, -mean), 0, 1.0
    while True:
        p *= rng.random()
        if p <= limit:
            return k
        k += 1


def _label_references(plan: list[tuple[Document, str | None]]) -> None:
    """Give one authority's documents, in visit order, the reference labels an import
    would: the visit year, with b, c… for a second or third document that year."""
    taken: set[str] = set()
    for document, _ in plan:
        when = (
            document.visit_end
            or document.visit_start
            or document.letter_date
            or document.published_date
        )
        if when is None:
            continue
        year = str(when.year)
        label = next(year + s for s in ("", *"bcdefghijklmnopqrstuvwxyz") if year + s not in taken)
        taken.add(label)
        document.reference_label = label


class Command(BaseCommand):
    help = "Fill an empty database with synthetic authorities, documents and plans for benchmarks."

    def add_arguments(self, parser):
        parser.add_argument("--authorities", type=int, default=150)
        parser.add_argument("--years", type=int, default=10)
        parser.add_argument(
            "--until",
            type=date.fromisoformat,
            default=None,
            help="The day the data runs up to (YYYY-MM-DD); today by default.",
        )
        parser.add_argument("--seed", type=int, default=2025)
        parser.add_argument("--findings-per-document", type=float, default=10)
        parser.add_argument("--paragraphs-per-document", type=float, default=30)
        parser.add_argument("--actions-per-finding", type=float, default=4)
        parser.add_argument("--history-per-action", type=float, default=5)
        parser.add_argument("--updates-per-action", type=float, default=2)
        parser.add_argument("--evidence-per-action", type=float, default=1)
        parser.add_argument("--owners-per-authority", type=int, default=6)
        parser.add_argument(
            "--password",
            default=DEFAULT_PASSWORD,
            help="The one password every generated person gets.",
        )
        parser.add_argument(
            "--force",
            action="store_true",
            help="Run with DEBUG and TESTING off. Never on a real service.",
        )

    def handle(self, *args, **o):
        if not (settings.DEBUG or getattr(settings, "TESTING", False) or o["force"]):
            raise CommandError(
                "Scale data gives every generated person a published password; run it with "
                "DEBUG=1 or TESTING=1 on a throwaway database (or --force if you really mean to)."
            )
        existing = LocalAuthority.objects.count()
        if existing:
            raise CommandError(
                f"The database already holds {existing} local authorities. generate_scale_data "
                "only fills an empty database, so that invented records never mix with real "
                "ones: point DATABASE_URL (or VAR_DIR) at a fresh database and migrate it first."
            )
        if o["authorities"] < 1 or o["years"] < 1:
            raise CommandError("--authorities and --years must be at least 1.")
        options = Options(
            authorities=o["authorities"],
            years=o["years"],
            until=o["until"] or timezone.localdate(),
            seed=o["seed"],
            findings_per_document=o["findings_per_document"],
            paragraphs_per_document=o["paragraphs_per_document"],
            actions_per_finding=o["actions_per_finding"],
            history_per_action=o["history_per_action"],
            updates_per_action=o["updates_per_action"],
            evidence_per_action=o["evidence_per_action"],
            owners_per_authority=o["owners_per_authority"],
        )
        verbose = o["verbosity"] >= 2
        started = time.perf_counter()
        generator = Generator(options, self.stdout.write if verbose else lambda _: None)
        with transaction.atomic():
            counts = generator.run(o["password"])
            if connection.vendor == "postgresql":
                # Fresh planner statistics: until autovacuum gets to them, PostgreSQL
                # plans joins over these tables as if they were empty (minutes, not ms).
                with connection.cursor() as cursor:
                    cursor.execute("ANALYZE")
        elapsed = time.perf_counter() - started
        if o["verbosity"]:
            for name, n in counts.rows.items():
                self.stdout.write(f"{n:>9,} {name}")
            self.stdout.write(
                f"Generated in {elapsed:.0f}s (seed {options.seed}, up to {options.until}). "
                f"Sign in as {NATIONAL_MANAGER} (every authority) or {SCALE_ADMIN} (admin), "
                "or manager@<authority-slug>.example.gov.uk, with the --password given."
            )
