"""The generator: one chunk of authorities at a time, bulk-inserted; see ``bench.scale_data``."""

from __future__ import annotations

import hashlib
import random
from collections import defaultdict
from datetime import date, timedelta

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management.base import CommandError
from django.utils.text import slugify

from bench.scale_data.base import (
    AUTHORITIES_PER_CHUNK,
    BATCH,
    NATIONAL_MANAGER,
    SCALE_ADMIN,
    SHARED_EVIDENCE_FILE,
    Counts,
    Options,
    aware,
)
from bench.scale_data.followups import ThemesAndFollowUps
from bench.scale_data.plans import Plans
from bench.scale_data.vocabulary import (
    FIRST_NAMES,
    GRADES,
    ILACS_AREAS,
    INSPECTORS,
    LAST_NAMES,
    NAME_ENDS,
    NAME_PREFIXES,
    NAME_STARTS,
    PROSE,
    SIF_AREAS,
    TOPICS,
    finding_text,
)
from inspections.areas.models import era_of
from inspections.models import (
    AreaState,
    Document,
    DocumentKind,
    Finding,
    FindingArea,
    FindingState,
    FrameworkEra,
    Judgement,
    JudgementArea,
    LocalAuthority,
    Paragraph,
    SourceList,
)
from inspections.names import initials
from inspections.services import next_reference_label
from tracker.models import Membership
from tracker.roles import Role

User = get_user_model()

HEADINGS = {
    DocumentKind.ILACS: ILACS_AREAS[:4] + ("What needs to improve?",),
    DocumentKind.SIF: SIF_AREAS[:5] + ("Recommendations",),
    DocumentKind.MONITORING_VISIT: ("Areas covered by the visit", "Findings and evaluation"),
    DocumentKind.FOCUSED_VISIT: ("Overview", "Findings", "What needs to improve?"),
    DocumentKind.JTAI: ("Headline findings", "Recommendations", "Case study"),
}
SIF_ENDS = date(2018, 1, 1)


class Generator(ThemesAndFollowUps, Plans):
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
            date_joined=aware(self.start),
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
        for authority in authorities:
            _label_references(authority, [d for d, _ in plans[authority.pk]])
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
        self.bulk(FindingArea, self.finding_areas(findings))
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
            imported_at=aware(published + timedelta(days=2)),
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

    def finding_areas(self, findings: list[Finding]) -> list[FindingArea]:
        """Half the findings with an area of their era, a third of those confirmed."""
        if not hasattr(self, "_areas_of_era"):
            self._eras = list(FrameworkEra.objects.all())
            self._areas_of_era = defaultdict(list)
            for area in JudgementArea.objects.filter(summary=False):
                self._areas_of_era[area.era_id].append(area)
        rows = []
        for finding in findings:
            era = era_of(finding.document, self._eras)
            if era is None or self.rng.random() >= 0.5:
                continue
            state = AreaState.CONFIRMED if self.rng.random() < 1 / 3 else AreaState.SUGGESTED
            area = self.rng.choice(self._areas_of_era[era.pk])
            rows.append(FindingArea(finding=finding, judgement_area=area, state=state))
        return rows

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
        return [
            Finding(
                document=document,
                source_list=source,
                section_heading=DocumentKind(document.kind).label,
                order=order,
                text=finding_text(
                    self.rng, rng.choice(topics), suggested=source == SourceList.SUGGESTED
                ),
                framework_reference=(
                    f"Working Together 2023, chapter {rng.randint(1, 5)}"
                    if rng.random() < 0.1
                    else ""
                ),
                state=state,
            )
            for order, (source, state) in enumerate(lists, start=1)
        ]


def _label_references(authority: LocalAuthority, documents: list[Document]) -> None:
    """Give one authority's saved documents, in visit order, the reference labels an
    import gives them, by the import's own rule."""
    for document in documents:
        document.reference_label = next_reference_label(authority, document)
        Document.objects.filter(pk=document.pk).update(reference_label=document.reference_label)
