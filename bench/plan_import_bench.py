"""Plan import benchmark: a council's plan of 2,000 rows read, matched and imported.

    .venv/bin/python bench/plan_import_bench.py                 # 2,000 rows
    .venv/bin/python bench/plan_import_bench.py --rows 500 2000 5000 --json bench/plan.json

For each size it builds a fresh SQLite database in a temporary folder (one
authority, 60 confirmed findings, 40 action owners and a manager), writes an
.xlsx plan the way councils keep them (a merged title above the headings,
references on most rows and the council's own wording of the finding on a
tenth of them, owners by name and by email, dates as 31/03/2025, 31.3.25,
"March 2025", Excel serials and real date cells, free-text statuses and BRAG
ratings, a latest update on every row), then times, as the manager:

- **preview**: ``plan_preview`` (read the workbook, find the headings, guess
  the columns, parse every row, match findings and owners);
- **import**: ``plan_import`` with the suggested findings confirmed (every
  action, progress update and history row written in one transaction);
- **again**: the same file previewed and imported a second time (nothing
  changes, nothing is written).

It counts each phase's queries: the reads do not grow with the rows, and the
writes go in batches. It prints a table and, with ``--json``, writes the
figures. It never asserts a time: the target (under 10 s for 2,000 rows) is
read off the table.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import platform
import random
import sys
import tempfile
import time
from datetime import date, datetime
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT_DIR))

TOPICS = [
    "return home interviews for children who go missing",
    "supervision and management oversight of social work practice",
    "pathway plans and accommodation for care leavers",
    "health histories for care leavers",
    "the quality of assessments at the front door",
    "strategy meetings and child protection enquiries",
    "permanence planning for children in care",
    "placement sufficiency and stability",
    "the voice of the child in plans",
    "caseloads and workforce stability",
]
STATUSES = ["On track", "Complete", "Not started", "Slipped", "In progress", "Green - on track"]
BRAG = ["Green", "Amber", "Red", "Blue", ""]


def _django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ.setdefault("TESTING", "1")
    import django

    django.setup()


def populate():
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group
    from django.core.management import call_command

    from inspections.models import (
        Document,
        DocumentKind,
        Finding,
        FindingState,
        LocalAuthority,
        SourceList,
    )
    from tracker.models import Membership
    from tracker.roles import Role

    call_command("migrate", verbosity=0, interactive=False)
    User = get_user_model()
    home = LocalAuthority.objects.create(name="Benchshire")
    document = Document.objects.create(
        authority=home,
        kind=DocumentKind.ILACS,
        title="Inspection of Benchshire children's services",
        visit_start=date(2024, 6, 3),
        visit_end=date(2024, 6, 14),
        published_date=date(2024, 7, 26),
        source_filename="bench.txt",
        content_hash="0" * 64,
        reference_label="2024",
    )
    findings = Finding.objects.bulk_create(
        Finding(
            document=document,
            source_list=SourceList.WHAT_NEEDS_TO_IMPROVE,
            order=i + 1,
            text=f"The {['quality', 'timeliness', 'impact'][i % 3]} of {TOPICS[i % 10]} "
            f"(area {i + 1}).",
            state=FindingState.CONFIRMED,
        )
        for i in range(60)
    )
    manager = User.objects.create_user("manager", first_name="Bench", last_name="Manager")
    manager.groups.add(Group.objects.get(name=Role.MANAGER))
    owners = [
        User.objects.create_user(
            f"owner{i}@bench.gov.uk",
            email=f"owner{i}@bench.gov.uk",
            first_name=f"Owner{i}",
            last_name="Smith",
        )
        for i in range(40)
    ]
    owner_group = Group.objects.get(name=Role.OWNER)
    for person in owners:
        person.groups.add(owner_group)
    Membership.objects.bulk_create(Membership(user=u, authority=home) for u in [manager, *owners])
    return home, manager, findings, owners


def plan_workbook(rows: int, findings, owners, seed: int = 2025) -> bytes:
    from openpyxl import Workbook

    rng = random.Random(seed)
    wb = Workbook()
    ws = wb.active
    ws.title = "Improvement plan"
    ws.append(["Benchshire children's services improvement plan"])
    ws.merge_cells("A1:J1")
    ws.append([])
    ws.append(
        [
            "Ref",
            "Area for improvement",
            "What we will do",
            "Responsible officer",
            "Start",
            "Target date",
            "Progress",
            "BRAG",
            "Commentary",
            "Date of update",
        ]
    )
    date_forms = [
        lambda d: d.strftime("%d/%m/%Y"),
        lambda d: f"{d.day}.{d.month}.{d:%y}",
        lambda d: d.strftime("%B %Y"),
        lambda d: (d - date(1899, 12, 30)).days,
        lambda d: datetime(d.year, d.month, d.day),
    ]
    for i in range(rows):
        finding = findings[i % len(findings)]
        own_words = i % 10 == 0
        person = owners[i % len(owners)]
        deadline = date(2030, rng.randint(1, 12), 28)
        ws.append(
            [
                None if own_words else finding.reference,
                f"Improve {TOPICS[finding.order % 10 - 1]}" if own_words else finding.text,
                f"Action {i}: {rng.choice(TOPICS)}",
                person.email if i % 2 else person.get_full_name(),
                rng.choice(date_forms)(date(2025, rng.randint(1, 12), 1)),
                rng.choice(date_forms)(deadline) if i % 5 else deadline.strftime("%B %Y"),
                rng.choice(STATUSES),
                rng.choice(BRAG),
                f"Update on action {i}",
                date(2025, 6, 1).strftime("%d/%m/%Y"),
            ]
        )
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def run(rows: int) -> dict:
    from django.db import connection, reset_queries
    from django.test.utils import CaptureQueriesContext

    from tracker.plans.service import Decisions, plan_import, plan_preview

    home, manager, findings, owners = populate()
    data = plan_workbook(rows, findings, owners)
    figures: dict = {"rows": rows, "file_bytes": len(data)}

    def timed(name, fn):
        reset_queries()
        with CaptureQueriesContext(connection) as queries:
            start = time.perf_counter()
            result = fn()
            figures[f"{name}_seconds"] = round(time.perf_counter() - start, 3)
        figures[f"{name}_queries"] = len(queries)
        figures[f"{name}_reads"] = sum(q["sql"].startswith("SELECT") for q in queries)
        return result

    def preview():
        return plan_preview(data=data, filename="plan.xlsx", authority=home, user=manager)

    def decide(p):
        return Decisions(findings={c.key: c.suggested for c in p.to_confirm})

    first = timed("preview", preview)
    figures["to_confirm"] = len(first.to_confirm)
    figures["problems"] = len(first.problems)
    result = timed(
        "import", lambda: plan_import(preview=first, user=manager, decisions=decide(first))
    )
    figures["created"] = result.created
    again = timed("again_preview", preview)
    repeat = timed(
        "again_import", lambda: plan_import(preview=again, user=manager, decisions=decide(again))
    )
    figures["again_changed"] = repeat.created + repeat.updated
    figures["total_seconds"] = round(figures["preview_seconds"] + figures["import_seconds"], 3)
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, nargs="+", default=[2000])
    parser.add_argument("--json", type=Path)
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    results = []
    for rows in args.rows:
        with tempfile.TemporaryDirectory() as folder:
            os.environ["DATABASE_URL"] = f"sqlite:///{folder}/bench.sqlite3"
            os.environ["MEDIA_ROOT"] = folder
            _django()
            from django.db import connection

            connection.close()
            connection.settings_dict["NAME"] = f"{folder}/bench.sqlite3"
            results.append(run(rows))
            connection.close()
    header = (
        f"{'rows':>6} {'preview s':>10} {'import s':>9} {'total s':>8} {'again s':>8} "
        f"{'preview q':>10} {'import q':>9} {'import reads':>13} {'again changed':>14}"
    )
    print(f"Python {platform.python_version()}, {platform.machine()}, SQLite")
    print(header)
    for r in results:
        print(
            f"{r['rows']:>6} {r['preview_seconds']:>10} {r['import_seconds']:>9} "
            f"{r['total_seconds']:>8} "
            f"{round(r['again_preview_seconds'] + r['again_import_seconds'], 3):>8} "
            f"{r['preview_queries']:>10} {r['import_queries']:>9} {r['import_reads']:>13} "
            f"{r['again_changed']:>14}"
        )
    if args.json:
        args.json.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
