"""Board-pack export benchmark: time and peak memory against raw openpyxl, at several plan sizes.

    .venv/bin/python bench/export_bench.py                      # 50,000 actions
    .venv/bin/python bench/export_bench.py --sizes 1000 10000 50000 --json bench/export.json
    DATABASE_URL=postgres://... .venv/bin/python bench/export_bench.py --existing \\
        --authority "Authority 1" --as-user someone           # data already there

For each size it builds a fresh SQLite database in a temporary folder (bulk
inserts: one authority with documents, paragraphs, findings, actions,
progress updates and evidence, plus a second authority the pack must leave
out), then measures in a fresh process, so that one run's memory does not
colour the next:

- **export**: ``tracker.board_pack.write_board_pack`` for the authority, as a
  board viewer, to a file, through the pack's fast cell writer
  (``tracker.board_pack.xlsx``);
- **export, public API**: the same pack with each cell made the way openpyxl's
  documentation shows (``WriteOnlyCell(ws, value)``, then ``font``, ``fill``,
  ``border``, ``alignment`` and ``number_format`` set one by one) and rows
  numbered by openpyxl's own ``_values_to_row``: what the fast writer saves;
- **raw openpyxl**: the same rows, read by the same query, appended as plain
  values to a write-only workbook with no styling, no summary and no other
  sheets: what any export must at least do. The ratio export / raw is the
  cost of everything the pack adds (target: at most 2). Each is run
  ``--repeat`` times, alternately, and the best kept. Wall time and the
  process's CPU time are both reported: on a shared machine the CPU ratio is
  the steadier figure (SQLite runs inside the process, so its work counts);
- **peak memory**: ``tracemalloc``'s peak of Python allocations during one
  more export, and the growth of the process's maximum resident set size
  (``resource.getrusage``) during the first one.

With ``--national`` it measures instead the pack a board of every authority
keeps for its meeting, with the sheets such a pack adds: ``generate_scale_data``
fills a fresh SQLite database (about 150 authorities and ten years of visits,
actions with their history, follow-ups), a manager of them all records two board
meetings of every authority through ``tracker.boards.services`` (one
``--since-days`` ago, one today), and the timed export is
``tracker.boards.services.meeting_pack_write`` for today's meeting: as at today
from history, with *Since the last board* and *Across visits* in one block per
authority. Its raw openpyxl counterpart reads the same rows by the same queries
(the action plan as at today, the since-the-last-board report, each authority's
across-visits matrix) and appends them as plain values to three unstyled
write-only sheets.

It prints a table and, with ``--json``, writes the figures. It never asserts
a time: tests check behaviour, this script reports figures.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import resource
import subprocess
import sys
import tempfile
import time
import tracemalloc
from contextlib import contextmanager
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT_DIR))

VOCABULARY = """
children care leavers pathway plans management oversight return home interviews personal
advisers supervision quality timeliness assessment health histories independent reviewing
officers multi-agency safeguarding front door audit practice standards workforce caseloads
permanence kinship placement sufficiency edge of care strategy meetings child protection
young people voice
"""
WORDS = VOCABULARY.split()


def _django(database_url: str | None) -> None:
    if database_url:
        os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    # Benchmarks need no secret; DEBUG stays off so Django keeps no query log.
    os.environ.setdefault("TESTING", "1")
    import django

    django.setup()


def _sentence(rng: random.Random, low: int, high: int) -> str:
    words = rng.choices(WORDS, k=rng.randint(low, high))
    return " ".join(words).capitalize() + "."


def populate(size: int, seed: int = 2025) -> None:
    """A plan of ``size`` actions for "Benchshire", in bulk: about four actions per finding."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group
    from django.core.management import call_command

    from inspections.areas.models import era_of
    from inspections.models import (
        Document,
        DocumentKind,
        Finding,
        FindingArea,
        FrameworkEra,
        JudgementArea,
        LocalAuthority,
        Paragraph,
        SourceList,
    )
    from tracker.models import Action, Evidence, EvidenceKind, Membership, ProgressUpdate
    from tracker.roles import Role
    from tracker.statuses import Status

    call_command("migrate", verbosity=0, interactive=False)
    rng = random.Random(seed)
    User = get_user_model()
    home = LocalAuthority.objects.create(name="Benchshire")
    away = LocalAuthority.objects.create(name="Elsewhere")
    viewer = User.objects.create_user("viewer", first_name="Bench", last_name="Viewer")
    viewer.groups.add(Group.objects.get(name=Role.VIEWER))
    Membership.objects.create(user=viewer, authority=home)
    owners = User.objects.bulk_create(
        User(username=f"owner{i}", first_name=f"Owner{i}", last_name="Smith") for i in range(40)
    )

    findings_needed = max(size // 4, 1)
    per_document = 10
    batch = 2000
    start = date(2014, 1, 1)
    documents = Document.objects.bulk_create(
        (
            Document(
                authority=home if i % 50 else away,
                kind=rng.choice(list(DocumentKind)),
                visit_start=start + timedelta(days=3 * i),
                visit_end=start + timedelta(days=3 * i + 1),
                reference_label=f"{(start + timedelta(days=3 * i)).year}-{i}",
                source_filename=f"report-{i}.pdf",
                content_hash=f"{i:064x}",
                text="",
            )
            for i in range(findings_needed // per_document + 1)
        ),
        batch_size=batch,
    )
    paragraphs = Paragraph.objects.bulk_create(
        (
            Paragraph(
                document=doc,
                order=n,
                number=n,
                heading=rng.choice(
                    [
                        "The experiences and progress of care leavers: good",
                        "The experiences and progress of children in care: requires "
                        "improvement to be good",
                        "Overview",
                    ]
                ),
                text=_sentence(rng, 30, 80),
            )
            for doc in documents
            for n in range(1, per_document * 2 + 1)
        ),
        batch_size=batch,
    )
    findings = Finding.objects.bulk_create(
        (
            Finding(
                document=doc,
                source_list=SourceList.WHAT_NEEDS_TO_IMPROVE,
                order=n,
                text=_sentence(rng, 10, 30),
            )
            for doc in documents
            for n in range(1, per_document + 1)
        ),
        batch_size=batch,
    )
    # A third of the findings in their era's leadership area.
    eras = list(FrameworkEra.objects.all())
    leaders = {a.era_id: a for a in JudgementArea.objects.filter(name__icontains="leader")}
    FindingArea.objects.bulk_create(
        (
            FindingArea(finding=f, judgement_area=leaders[era.pk])
            for f in findings
            if f.order % 3 == 0 and (era := era_of(f.document, eras)) is not None
        ),
        batch_size=batch,
    )
    by_document: dict[int, list] = {}
    for p in paragraphs:
        by_document.setdefault(p.document_id, []).append(p)
    Finding.paragraphs.through.objects.bulk_create(
        (
            Finding.paragraphs.through(finding_id=f.pk, paragraph_id=p.pk)
            for f in findings
            for p in rng.sample(by_document[f.document_id], 2)
        ),
        batch_size=batch,
    )
    today = date.today()
    statuses = list(Status)
    home_findings = [
        f
        for f, d in zip(findings, _documents_of(findings, documents), strict=True)
        if d.authority_id == home.pk
    ]
    created = 0
    while created < size:
        chunk = []
        for i in range(created, min(size, created + batch)):
            deadline = today + timedelta(days=rng.randint(-120, 240))
            chunk.append(
                Action(
                    finding=home_findings[i % len(home_findings)],
                    title=_sentence(rng, 5, 12),
                    description=_sentence(rng, 20, 40),
                    owner=owners[i % len(owners)] if i % 17 else None,
                    lead_role="Head of Service",
                    start_date=deadline - timedelta(days=rng.randint(30, 200)),
                    deadline=deadline,
                    original_deadline=deadline,
                    status=rng.choice(statuses),
                    at_risk=i % 11 == 0,
                    at_risk_reason="Staffing" if i % 11 == 0 else "",
                    success_measure=_sentence(rng, 8, 20),
                    created_at=datetime(2024, 1, 1, tzinfo=UTC) + timedelta(minutes=i),
                )
            )
        actions = Action.objects.bulk_create(chunk)
        ProgressUpdate.objects.bulk_create(
            ProgressUpdate(action=a, author=a.owner, text=_sentence(rng, 20, 60)) for a in actions
        )
        Evidence.objects.bulk_create(
            Evidence(action=a, kind=EvidenceKind.NOTE, note="Audit results") for a in actions[::2]
        )
        created += len(chunk)
    away_finding = next(
        f
        for f, d in zip(findings, _documents_of(findings, documents), strict=True)
        if d.authority_id == away.pk
    )
    Action.objects.create(finding=away_finding, title="Elsewhere's action", deadline=today)


def populate_national(authorities: int, since_days: int) -> None:
    """The synthetic national picture, and two board meetings of every authority."""
    from django.contrib.auth import get_user_model
    from django.core.management import call_command

    from bench.scale_data import NATIONAL_MANAGER
    from inspections.models import LocalAuthority
    from tracker.boards import services as board_services

    call_command("migrate", verbosity=0, interactive=False)
    call_command("generate_scale_data", "--authorities", str(authorities), verbosity=0)
    manager = get_user_model().objects.get(username=NATIONAL_MANAGER)
    everyone = list(LocalAuthority.objects.order_by("name"))
    today = date.today()
    for title, day in (
        ("National board", today - timedelta(days=since_days)),
        ("National board (next)", today),
    ):
        board_services.meeting_save(user=manager, title=title, held_on=day, authorities=everyone)


def _documents_of(findings, documents):
    by_id = {d.pk: d for d in documents}
    return [by_id[f.document_id] for f in findings]


def _maxrss_mb() -> float:
    # Linux reports kilobytes.
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


@contextmanager
def public_api_writer():
    """The board pack written through openpyxl's public cell API instead of the fast path."""
    from unittest import mock

    from openpyxl.cell import WriteOnlyCell

    from tracker.board_pack import xlsx

    looks: dict[int, dict] = {}
    prepare = xlsx.prepare

    def look(wb, style) -> dict:
        # What the style array stands for, as the objects a public-API writer would keep.
        key = id(style)
        if key not in looks:
            fmt = xlsx.DATE_FORMAT if style.numFmtId else "General"
            looks[key] = {
                "font": wb._fonts[style.fontId],
                "fill": wb._fills[style.fillId],
                "border": wb._borders[style.borderId],
                "alignment": wb._alignments[style.alignmentId],
                "number_format": fmt,
                "quotePrefix": bool(style.quotePrefix),
            }
        return looks[key]

    def cell(self, value, style, data_type):
        made = WriteOnlyCell(self.ws, value)
        if data_type == "s":
            made.data_type = "s"  # text starting with "=" stays text
        for name, attr in look(self.ws.parent, style).items():
            setattr(made, name, attr)
        return made

    def styled(self, value, style):
        return cell(self, value, style, None)

    def prepare_public(ws, *args, **kwargs):
        cells = prepare(ws, *args, **kwargs)
        del ws._values_to_row  # openpyxl's own row numbering
        return cells

    with (
        mock.patch.object(xlsx.Cells, "cell", cell),
        mock.patch.object(xlsx.Cells, "styled", styled),
        mock.patch.object(xlsx, "prepare", prepare_public),
    ):
        yield


def _timed(run) -> tuple[float, float, object]:
    """Wall and CPU seconds of ``run()``, and what it returned."""
    started, cpu = time.perf_counter(), time.process_time()
    result = run()
    return time.perf_counter() - started, time.process_time() - cpu, result


def measure(*, authority_name: str, username: str, folder: Path, repeat: int = 1) -> dict:
    """Export and raw openpyxl, alternately ``repeat`` times (best of each), then a traced export.

    Best-of-n and alternation keep other work on the machine from favouring
    either side of the ratio.
    """
    from django.contrib.auth import get_user_model

    from inspections.models import LocalAuthority
    from tracker import board_pack
    from tracker.board_pack import queries

    authority = LocalAuthority.objects.get(name=authority_name)
    user = get_user_model().objects.get(username=username)
    today = date.today()
    rows = queries.pack_actions(user=user, authorities=[authority], today=today)

    def export(name: str):
        return board_pack.write_board_pack(
            folder / name, user=user, authority=authority, today=today
        )

    def export_public():
        with public_api_writer():
            export("public.xlsx")

    rss_before = _maxrss_mb()
    times: dict[str, list[tuple]] = {"export": [], "public": [], "raw": []}
    for attempt in range(repeat):
        times["export"].append(_timed(lambda: export("pack.xlsx")))
        if attempt == 0:
            rss_growth = _maxrss_mb() - rss_before
            pack = times["export"][0][2]
        times["public"].append(_timed(export_public))
        times["raw"].append(_timed(lambda: _write_raw(rows, folder / "raw.xlsx")))
    wall = {k: min(t[0] for t in v) for k, v in times.items()}
    cpu = {k: min(t[1] for t in v) for k, v in times.items()}

    started = time.perf_counter()
    for _ in rows.iterator(chunk_size=queries.CHUNK_SIZE):
        pass
    query_seconds = time.perf_counter() - started

    tracemalloc.start()
    export("traced.xlsx")
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return {
        "actions": pack.action_count,
        "findings": pack.finding_count,
        "export_s": round(wall["export"], 2),
        "export_public_api_s": round(wall["public"], 2),
        "raw_openpyxl_s": round(wall["raw"], 2),
        "query_only_s": round(query_seconds, 2),
        "ratio": round(wall["export"] / wall["raw"], 2),
        "ratio_public_api": round(wall["public"] / wall["raw"], 2),
        "export_cpu_s": round(cpu["export"], 2),
        "export_public_api_cpu_s": round(cpu["public"], 2),
        "raw_openpyxl_cpu_s": round(cpu["raw"], 2),
        "ratio_cpu": round(cpu["export"] / cpu["raw"], 2),
        "ratio_public_api_cpu": round(cpu["public"] / cpu["raw"], 2),
        "tracemalloc_peak_mb": round(peak / 1e6, 1),
        "maxrss_growth_mb": round(rss_growth, 1),
        "maxrss_mb": round(_maxrss_mb(), 1),
        "file_mb": round((folder / "pack.xlsx").stat().st_size / 1e6, 1),
        "repeat": repeat,
    }


def measure_national(*, folder: Path, repeat: int = 1) -> dict:
    """Today's meeting's pack and raw openpyxl, alternately ``repeat`` times (best of each),
    then a traced export."""
    from django.contrib.auth import get_user_model

    from bench.scale_data import NATIONAL_MANAGER
    from tracker.boards import services as board_services
    from tracker.boards.models import BoardMeeting

    manager = get_user_model().objects.get(username=NATIONAL_MANAGER)
    meeting = BoardMeeting.objects.order_by("-held_on").first()

    def export(name: str):
        return board_services.meeting_pack_write(folder / name, meeting, user=manager)

    rss_before = _maxrss_mb()
    times: dict[str, list[tuple]] = {"export": [], "raw": []}
    for attempt in range(repeat):
        times["export"].append(_timed(lambda: export("pack.xlsx")))
        if attempt == 0:
            rss_growth = _maxrss_mb() - rss_before
            pack = times["export"][0][2]
        times["raw"].append(_timed(lambda: _write_raw_meeting(meeting, folder / "raw.xlsx")))
    wall = {k: min(t[0] for t in v) for k, v in times.items()}
    cpu = {k: min(t[1] for t in v) for k, v in times.items()}
    counts = times["raw"][0][2]
    # No traced run here: at this size it would take longer than the rest together.
    return {
        "authorities": meeting.authorities.count(),
        "actions": pack.action_count,
        "findings": pack.finding_count,
        "since_rows": counts["since"],
        "across_visits_rows": counts["across_visits"],
        "export_s": round(wall["export"], 2),
        "raw_openpyxl_s": round(wall["raw"], 2),
        "ratio": round(wall["export"] / wall["raw"], 2),
        "export_cpu_s": round(cpu["export"], 2),
        "raw_openpyxl_cpu_s": round(cpu["raw"], 2),
        "ratio_cpu": round(cpu["export"] / cpu["raw"], 2),
        "maxrss_growth_mb": round(rss_growth, 1),
        "maxrss_mb": round(_maxrss_mb(), 1),
        "file_mb": round((folder / "pack.xlsx").stat().st_size / 1e6, 1),
        "repeat": repeat,
    }


def _write_raw_meeting(meeting, path: Path) -> dict:
    """The rows of a meeting's pack read by the same queries, as plain values: the action
    plan as at the meeting's day, *Since the last board* and each authority's matrix."""
    from openpyxl import Workbook

    from tracker.board_pack import queries
    from tracker.boards import selectors as board_selectors
    from tracker.boards import services as board_services

    authorities = sorted(meeting.authorities.all(), key=lambda a: a.name)
    day = board_selectors.meeting_day(meeting)
    rows = queries.pack_actions(user=None, authorities=authorities, today=day, as_at=day)
    wb = Workbook(write_only=True)
    _append_action_plan(wb, rows)
    since = wb.create_sheet("Since the last board")
    report = board_services.meeting_since(meeting, user=None)
    for change in report.actions:
        since.append(
            [
                change.reference,
                change.title,
                change.owner,
                change.rag_then,
                change.rag_now,
                change.direction,
                change.deadline_now,
                change.what_happened,
            ]
        )
    for verdict in report.verdicts:
        since.append([verdict.reference, verdict.text, verdict.then, verdict.now])
    visits = wb.create_sheet("Across visits")
    counted = 0
    for name, data in queries.across_visits_blocks(authorities=authorities, actions=None):
        visits.append([name])
        visits.append(["Reference", "Finding", *[str(d) for d in data.columns]])
        for row in data.rows:
            cells = [row.cells[i] for i in data.indexes]
            visits.append(
                [
                    row.finding.reference,
                    row.finding.text,
                    *[c.cell.verdict_label if c is not None else None for c in cells],
                ]
            )
            counted += 1
    wb.save(path)
    return {"since": len(report.actions) + len(report.verdicts), "across_visits": counted}


def _write_raw(rows, path: Path) -> None:
    """The same rows by the same query, as plain values in one unstyled write-only sheet."""
    from openpyxl import Workbook

    wb = Workbook(write_only=True)
    _append_action_plan(wb, rows)
    wb.save(path)


def _append_action_plan(wb, rows) -> None:
    from tracker.board_pack import queries, sheets

    ws = wb.create_sheet("Action plan")
    ws.append([h for h, _ in sheets.ACTION_PLAN_COLUMNS])
    for a in rows.iterator(chunk_size=queries.CHUNK_SIZE):
        ws.append(
            [
                a.position,
                a.finding.text,
                a.area_name,
                a.title,
                a.success_measure,
                a.owner_id,
                a.lead_role,
                a.start_date,
                a.deadline,
                a.status,
                a.rag,
                a.latest_update_text,
                a.latest_update_at.replace(tzinfo=None) if a.latest_update_at else None,
                a.evidence_count,
                None,
            ]
        )


def _child(*args: str, env: dict) -> str:
    result = subprocess.run(
        [sys.executable, __file__, *args],
        env={**os.environ, **env},
        cwd=PROJECT_DIR,
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode:
        sys.exit(f"{' '.join(args)} failed:\n{result.stderr}")
    return result.stdout


NATIONAL_COLUMNS = (
    ("authorities", "authorities", "{:,}"),
    ("actions", "actions", "{:,}"),
    ("since_rows", "since rows", "{:,}"),
    ("across_visits_rows", "across-visits rows", "{:,}"),
    ("export_s", "pack s", "{:.2f}"),
    ("raw_openpyxl_s", "raw openpyxl s", "{:.2f}"),
    ("ratio", "ratio", "{:.2f}"),
    ("export_cpu_s", "pack CPU s", "{:.2f}"),
    ("raw_openpyxl_cpu_s", "raw CPU s", "{:.2f}"),
    ("ratio_cpu", "CPU ratio", "{:.2f}"),
    ("maxrss_growth_mb", "maxrss growth MB", "{:.1f}"),
    ("file_mb", "file MB", "{:.1f}"),
)


def _table(results: list[dict], columns=None) -> str:
    columns = columns or (
        ("actions", "actions", "{:,}"),
        ("export_s", "export s", "{:.2f}"),
        ("export_public_api_s", "public API s", "{:.2f}"),
        ("raw_openpyxl_s", "raw openpyxl s", "{:.2f}"),
        ("ratio", "ratio", "{:.2f}"),
        ("ratio_public_api", "public API ratio", "{:.2f}"),
        ("export_cpu_s", "export CPU s", "{:.2f}"),
        ("raw_openpyxl_cpu_s", "raw CPU s", "{:.2f}"),
        ("ratio_cpu", "CPU ratio", "{:.2f}"),
        ("ratio_public_api_cpu", "public API CPU ratio", "{:.2f}"),
        ("query_only_s", "query only s", "{:.2f}"),
        ("tracemalloc_peak_mb", "tracemalloc peak MB", "{:.1f}"),
        ("maxrss_growth_mb", "maxrss growth MB", "{:.1f}"),
        ("maxrss_mb", "maxrss MB", "{:.1f}"),
        ("file_mb", "file MB", "{:.1f}"),
    )
    cells = [[title for _, title, _ in columns]] + [
        [fmt.format(r[key]) for key, _, fmt in columns] for r in results
    ]
    widths = [max(len(row[i]) for row in cells) for i in range(len(columns))]
    lines = [" | ".join(c.rjust(w) for c, w in zip(row, widths, strict=True)) for row in cells]
    lines.insert(1, "-+-".join("-" * w for w in widths))
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[50_000])
    parser.add_argument("--json", type=Path, help="Also write the figures to this file.")
    parser.add_argument(
        "--existing",
        action="store_true",
        help="Measure the configured database (DATABASE_URL) as it is, creating nothing.",
    )
    parser.add_argument("--authority", default="Benchshire")
    parser.add_argument("--as-user", default="viewer")
    parser.add_argument(
        "--repeat", type=int, default=3, help="Runs of each, best kept (default 3)."
    )
    parser.add_argument(
        "--national",
        action="store_true",
        help="Measure the pack of a board of every authority of the synthetic national data.",
    )
    parser.add_argument(
        "--national-authorities", type=int, default=150, help="How many (default 150)."
    )
    parser.add_argument(
        "--since-days", type=int, default=60, help="Days since the previous board (default 60)."
    )
    # With --national, --repeat 1 is enough to read: each run takes minutes.
    parser.add_argument("--populate-national", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--measure-national", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--populate", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--measure", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--folder", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()

    if args.populate_national:
        _django(None)
        populate_national(args.national_authorities, args.since_days)
        return
    if args.measure_national:
        _django(None)
        print(json.dumps(measure_national(folder=args.folder, repeat=args.repeat)))
        return
    if args.national:
        _national(args)
        return
    if args.populate is not None:
        _django(None)
        populate(args.populate)
        return
    if args.measure:
        _django(None)
        result = measure(
            authority_name=args.authority,
            username=args.as_user,
            folder=args.folder,
            repeat=args.repeat,
        )
        print(json.dumps(result))
        return

    results = []
    with tempfile.TemporaryDirectory(prefix="export-bench-") as tmp:
        folder = Path(tmp)
        measure_args = [
            "--measure",
            "--folder",
            tmp,
            "--authority",
            args.authority,
            "--as-user",
            args.as_user,
            "--repeat",
            str(args.repeat),
        ]
        if args.existing:
            results.append(json.loads(_child(*measure_args, env={})))
        else:
            for size in args.sizes:
                env = {"DATABASE_URL": f"sqlite:///{folder / f'bench-{size}.sqlite3'}"}
                started = time.perf_counter()
                _child("--populate", str(size), env=env)
                print(
                    f"{size:,} actions created in {time.perf_counter() - started:.0f} s",
                    file=sys.stderr,
                )
                results.append(json.loads(_child(*measure_args, env=env)))
                (folder / f"bench-{size}.sqlite3").unlink()
    print(
        f"Board-pack export, {platform.python_implementation()} {platform.python_version()}, "
        f"{os.cpu_count()} CPUs, {date.today():%d %B %Y}"
    )
    print(_table(results))
    if args.json:
        args.json.write_text(json.dumps(results, indent=2) + "\n")


def _national(args) -> None:
    with tempfile.TemporaryDirectory(prefix="export-bench-") as tmp:
        env = {"DATABASE_URL": f"sqlite:///{Path(tmp) / 'national.sqlite3'}"}
        started = time.perf_counter()
        _child(
            "--populate-national",
            "--national-authorities",
            str(args.national_authorities),
            "--since-days",
            str(args.since_days),
            env=env,
        )
        print(f"National data created in {time.perf_counter() - started:.0f} s", file=sys.stderr)
        measured = _child(
            "--measure-national", "--folder", tmp, "--repeat", str(args.repeat), env=env
        )
        result = json.loads(measured)
    print(
        f"Board pack of a board of every authority, since a board {args.since_days} days ago, "
        f"{platform.python_implementation()} {platform.python_version()}, "
        f"{os.cpu_count()} CPUs, {date.today():%d %B %Y}"
    )
    print(_table([result], NATIONAL_COLUMNS))
    if args.json:
        args.json.write_text(json.dumps([result], indent=2) + "\n")


if __name__ == "__main__":
    main()
