"""Load Ofsted's framework eras and their judgement areas, and move the judgement areas
people typed on findings onto those records.

The eras and areas are data: a later framework is added as rows (in the admin or by a
migration like this one), not as code. A typed area becomes the area of the finding's era
whose name, or one of whose keywords, it names; it stays confirmed, as a person gave it.
A typed area that names none of its era's areas is listed when migrating and left for a
suggestion (``manage.py suggest_judgement_areas``).
"""

import datetime
import re

from django.db import migrations
from django.utils import timezone

LEADERS_2018 = "The impact of leaders on social work practice with children and families"
HELP_2018 = "The experiences and progress of children who need help and protection"
OVERALL = "Overall effectiveness"

HELP = [
    "help and protection", "child protection", "children in need", "front door",
    "multi-agency safeguarding hub", "early help", "referrals", "thresholds", "assessments",
    "strategy discussions", "return home interviews", "missing", "exploitation",
    "child sexual exploitation", "extra-familial harm", "domestic abuse", "neglect",
    "pre-proceedings", "disabled children", "private fostering", "designated officer",
    "homeless", "out of hours", "conferences", "core groups", "family help",
]
CARE = [
    "children in care", "placements", "placed", "fostering", "foster carers", "permanence",
    "independent reviewing officers", "life-story work", "sufficiency", "remand", "kinship",
    "special guardianship", "family time", "health assessments", "unaccompanied children",
    "unregistered", "children's homes", "care proceedings", "reunification", "virtual school",
    "personal education plans", "edge of care", "admission into care", "come into care",
]
ADOPTION = ["adoption", "adopters", "adoptive", "early permanence", "post-adoption support"]
LEAVERS = [
    "care leavers", "care leavers over 21", "pathway plans", "personal advisers",
    "staying put", "local offer", "adulthood", "independence", "independent living",
    "transition", "transitional", "education, employment and training", "accommodation",
    "tenancy", "health histories", "leaving care",
]
LEADERS = [
    "leaders", "leadership", "management oversight", "managers", "senior managers",
    "performance information", "audits", "quality assurance", "workforce stability",
    "caseloads", "recruitment", "retention", "training", "learning", "partnership",
    "governance", "scrutiny", "corporate parenting", "decision-making", "records",
    "recording", "commissioning", "strategic",
]
BOARD = ["local safeguarding children board", "LSCB", "safeguarding board"]

OUTCOMES_HELP = ["outcome 1", "outcome 2", "outcome 3", "enabler 1"]
OUTCOMES_CARE = ["outcome 2", "outcome 4"]
ENABLERS = ["enabler 1", "enabler 2", "enabler 3"]

ILACS_2023_AREAS = [
    (LEADERS_2018, LEADERS, ENABLERS),
    (HELP_2018, HELP, OUTCOMES_HELP),
    ("The experiences and progress of children in care", CARE + ADOPTION, OUTCOMES_CARE),
    ("The experiences and progress of care leavers", LEAVERS, ["outcome 4"]),
]

ERAS = [
    {
        "code": "sif",
        "name": "Single inspection framework (SIF)",
        "starts": datetime.date(2013, 11, 1),
        "ends": datetime.date(2018, 12, 31),
        "document_kinds": ["sif"],
        "notes": "Four weeks on site; re-inspections of authorities judged inadequate ran "
        "into 2018, so SIF documents of 2018 stay in this era.",
        "areas": [
            (OVERALL, [], [], True),
            ("Children who need help and protection", HELP, []),
            ("Children looked after and achieving permanence", CARE, []),
            ("Adoption performance", ADOPTION, []),
            ("Experiences and progress of care leavers", LEAVERS, []),
            ("Leadership, management and governance", LEADERS, []),
            ("The Local Safeguarding Children Board", BOARD, []),
        ],
    },
    {
        "code": "ilacs-2018",
        "name": "ILACS, 2018 to 2022",
        "starts": datetime.date(2018, 1, 1),
        "ends": datetime.date(2022, 12, 31),
        "document_kinds": [],
        "notes": "Children in care and care leavers are one judgement.",
        "areas": [
            (LEADERS_2018, LEADERS, []),
            (HELP_2018, HELP, []),
            (
                "The experiences and progress of children in care and care leavers",
                CARE + ADOPTION + LEAVERS,
                [],
            ),
            (OVERALL, [], [], True),
        ],
    },
    {
        "code": "ilacs-2023",
        "name": "ILACS from January 2023",
        "starts": datetime.date(2023, 1, 1),
        "ends": datetime.date(2026, 3, 31),
        "document_kinds": [],
        "notes": "Care leavers judged apart from children in care. Reports from about 2024 "
        "cite the Children's Social Care National Framework after each item.",
        "areas": [*ILACS_2023_AREAS, (OVERALL, [], [], True)],
    },
    {
        "code": "ilacs-2026",
        "name": "ILACS from April 2026",
        "starts": datetime.date(2026, 4, 1),
        "ends": None,
        "document_kinds": [],
        "notes": "No overall effectiveness judgement. Ofsted plans a renewed framework for "
        "2027: add it as a new era and end this one the day before.",
        "areas": ILACS_2023_AREAS,
    },
]


def load(apps, schema_editor):
    FrameworkEra = apps.get_model("inspections", "FrameworkEra")
    JudgementArea = apps.get_model("inspections", "JudgementArea")
    for spec in ERAS:
        era, _ = FrameworkEra.objects.update_or_create(
            code=spec["code"],
            defaults={k: v for k, v in spec.items() if k not in ("code", "areas")},
        )
        for order, (name, keywords, references, *summary) in enumerate(spec["areas"], start=1):
            JudgementArea.objects.update_or_create(
                era=era,
                name=name,
                defaults={
                    "order": order,
                    "keywords": keywords,
                    "national_framework": references,
                    "summary": bool(summary and summary[0]),
                },
            )


def _words(text):
    return {w[:6] for w in re.findall(r"[a-z]+", text.lower()) if len(w) > 3}


def _era(eras, document):
    day = (
        document.visit_end or document.visit_start or document.letter_date
        or document.published_date
    )
    if day is None:
        return None
    on = [e for e in eras if e.starts <= day and (e.ends is None or day <= e.ends)]
    on.sort(key=lambda e: e.starts, reverse=True)
    kind = [e for e in on if document.kind in e.document_kinds]
    general = [e for e in on if not e.document_kinds]
    return (kind or general or on or [None])[0]


def _area(areas, typed):
    plain = " ".join(typed.lower().split())
    for area in areas:
        if plain and (plain in area.name.lower() or area.name.lower() in plain):
            return area
    wanted = _words(typed)
    scored = [
        (len(wanted & (_words(a.name) | _words(" ".join(a.keywords)))), -a.order, a)
        for a in areas
        if not a.summary
    ]
    best = max(scored, key=lambda s: s[:2], default=None)
    return best[2] if best and best[0] else None


def move_typed_areas(apps, schema_editor):
    Finding = apps.get_model("inspections", "Finding")
    FindingArea = apps.get_model("inspections", "FindingArea")
    FrameworkEra = apps.get_model("inspections", "FrameworkEra")
    eras = list(FrameworkEra.objects.all())
    areas = {e.pk: list(e.areas.order_by("order")) for e in eras}
    unmatched = []
    now = timezone.now()
    typed = Finding.objects.exclude(judgement_area="").select_related("document")
    for finding in typed.iterator():
        era = _era(eras, finding.document)
        area = _area(areas[era.pk], finding.judgement_area) if era else None
        if area is None:
            unmatched.append(f"finding {finding.pk}: {finding.judgement_area!r}")
            continue
        FindingArea.objects.create(
            finding=finding,
            judgement_area=area,
            state="confirmed",
            reason=f"Typed as “{finding.judgement_area}” before areas were records.",
            decided_at=now,
        )
    if unmatched:
        print(
            "\n  Judgement areas typed on findings that name no area of their framework "
            "(left for a suggestion): " + "; ".join(unmatched)
        )


def move_back(apps, schema_editor):
    Finding = apps.get_model("inspections", "Finding")
    FindingArea = apps.get_model("inspections", "FindingArea")
    for row in FindingArea.objects.select_related("judgement_area"):
        Finding.objects.filter(pk=row.finding_id).update(judgement_area=row.judgement_area.name)


class Migration(migrations.Migration):
    dependencies = [("inspections", "0010_framework_eras_and_judgement_areas")]

    operations = [
        migrations.RunPython(load, migrations.RunPython.noop),
        migrations.RunPython(move_typed_areas, move_back),
    ]
