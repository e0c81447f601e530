"""Pages, exports and imports at national scale, side by side with the Django admin.

    .venv/bin/python bench/pages_bench.py                          # SQLite: small, 10x, default
    .venv/bin/python bench/pages_bench.py --sizes small 10x        # quicker
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres .venv/bin/python bench/pages_bench.py

For each size it fills a fresh database with ``generate_scale_data`` (small:
2 authorities, 10x: 20, default: 150 over ten years) and then, in a fresh
process, requests every main page through the Django test client as a
manager who belongs to every authority (the national or regional view, the
hardest case for scoping), ``--repeat`` times after a warm-up: median and
95th percentile server time, and the number of SQL queries of one more
request. Beside each page it does the same for the Django admin page of the
same model on the same data, as a superuser: the changelist for lists, the
change form for detail pages. The ratio ours / admin is the headline figure
(target: at most 1.0), with median under 100 ms and p95 under 250 ms at the
default size on PostgreSQL, and query counts that do not grow with the size.

Once per run, in fresh databases of the same backend, it also measures: the
Excel board pack of the largest authority and of every authority (time and
peak memory; ``bench/export_bench.py``'s measure is reused), importing the
five seeds and suggesting follow-ups for an authority with 200 open findings
(``bench/followup_bench.py`` is reused), and importing every PDF of
``../shared/corpus`` with ``import_reports --jobs 1`` and ``--jobs 2``, in
pages per second, next to the time pypdf alone takes to extract the same
pages.

With PostgreSQL each database is created next to the one ``DATABASE_URL``
names (``bench_small``, ``bench_10x``, ...) and dropped afterwards unless
``--keep``. SQLite files go to ``bench/results/db/``. ``--reuse`` measures
databases kept by an earlier ``--keep`` run without generating them again.

It prints a table and writes the figures to ``bench/results/`` as JSON. It
never asserts a time: tests check behaviour (query counts included), this
script reports figures.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from datetime import date, datetime
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

PROJECT_DIR = Path(__file__).resolve().parent.parent
BENCH_DIR = PROJECT_DIR / "bench"
RESULTS_DIR = BENCH_DIR / "results"
sys.path.insert(0, str(PROJECT_DIR))
sys.path.insert(0, str(BENCH_DIR))

from parse_bench import DEFAULT_CORPUS, percentile  # noqa: E402

SIZES = {
    "small": ["--authorities", "2"],
    "10x": ["--authorities", "20"],
    "default": [],
}
PER_PAGE = 25  # tracker.views.PER_PAGE
ADMIN_PER_PAGE = 100  # ModelAdmin.list_per_page


# --- Databases ---------------------------------------------------------------------


class Databases:
    """Fresh databases of one backend: SQLite files, or PostgreSQL databases on one server."""

    def __init__(self, base_url: str | None, folder: Path) -> None:
        self.base_url = base_url
        self.folder = folder
        self.is_postgres = bool(base_url and base_url.startswith(("postgres", "postgresql")))

    @property
    def backend(self) -> str:
        return "postgresql" if self.is_postgres else "sqlite"

    def url(self, tag: str) -> str:
        if not self.is_postgres:
            return f"sqlite:///{self.folder / f'{tag}.sqlite3'}"
        parts = urlsplit(self.base_url)
        return urlunsplit(parts._replace(path=f"/bench_{tag}"))

    def exists(self, tag: str) -> bool:
        if not self.is_postgres:
            return (self.folder / f"{tag}.sqlite3").exists()
        with self._server() as conn:
            found = conn.execute(
                "SELECT 1 FROM pg_database WHERE datname = %s", [f"bench_{tag}"]
            ).fetchone()
        return found is not None

    def create(self, tag: str) -> str:
        self.drop(tag)
        if self.is_postgres:
            with self._server() as conn:
                conn.execute(f'CREATE DATABASE "bench_{tag}"')
        return self.url(tag)

    def drop(self, tag: str) -> None:
        if not self.is_postgres:
            (self.folder / f"{tag}.sqlite3").unlink(missing_ok=True)
            return
        with self._server() as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "bench_{tag}" WITH (FORCE)')

    def _server(self):
        import psycopg

        parts = urlsplit(self.base_url)
        return psycopg.connect(
            host=parts.hostname,
            port=parts.port or 5432,
            user=parts.username,
            password=parts.password,
            dbname=parts.path.lstrip("/") or "postgres",
            autocommit=True,
        )


def _child(mode: str, *args: str, database_url: str, timeout: int = 1800) -> dict:
    """Run one step in a fresh process (Django binds one database per process); its last
    line of output is JSON."""
    env = {**os.environ, "DATABASE_URL": database_url, "TESTING": "1"}
    env.setdefault("MEDIA_ROOT", str(RESULTS_DIR / "media"))
    result = subprocess.run(
        [sys.executable, __file__, "--child", mode, *args],
        env=env,
        cwd=PROJECT_DIR,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    if result.returncode:
        sys.exit(f"{mode} failed:\n{result.stdout[-3000:]}\n{result.stderr[-5000:]}")
    return json.loads(result.stdout.strip().splitlines()[-1])


def _setup() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    # No secret needed; DEBUG stays off, so Django keeps no query log between requests.
    os.environ.setdefault("TESTING", "1")
    import django

    django.setup()


# --- Steps run in child processes ----------------------------------------------------------


def child_generate(size: str) -> dict:
    _setup()
    from django.core.management import call_command

    started = time.perf_counter()
    call_command("migrate", verbosity=0, interactive=False)
    migrated = time.perf_counter()
    call_command("generate_scale_data", *SIZES[size], verbosity=0)
    return {
        "migrate_s": round(migrated - started, 1),
        "generate_s": round(time.perf_counter() - migrated, 1),
    }


def _timed_requests(client, url: str, repeat: int, warmup: int) -> dict:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for _ in range(warmup):
        response = client.get(url)
        if response.status_code != 200:
            raise RuntimeError(f"{url}: status {response.status_code}")
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        response = client.get(url)
        times.append(time.perf_counter() - started)
    # Counted on one more request, so that recording queries does not colour the times.
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    return {
        "url": url,
        "median_ms": round(statistics.median(times) * 1000, 1),
        "p95_ms": round(percentile(times, 0.95) * 1000, 1),
        "queries": len(queries),
        "kb": round(len(response.content) / 1024),
    }


def _across_visits_url(authority) -> str | None:
    from django.urls import NoReverseMatch, reverse

    try:
        return reverse("tracker:across-visits", kwargs={"slug": authority.slug})
    except NoReverseMatch:
        return None  # not in this checkout yet


def child_measure(repeat: int, warmup: int) -> dict:
    _setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)  # a kept database may be behind
    # As the nightly run leaves it: our status at every past visit kept.
    call_command("keep_settled_statuses", stdout=open(os.devnull, "w"))  # noqa: SIM115
    from django.contrib.auth import get_user_model
    from django.db.models import Count
    from django.test import Client
    from django.urls import reverse

    from bench.scale_data import NATIONAL_MANAGER, SCALE_ADMIN
    from inspections.models import Document, Finding, FollowUp, LocalAuthority
    from tracker.models import Action

    User = get_user_model()
    largest = LocalAuthority.objects.annotate(n=Count("documents")).order_by("-n", "pk").first()
    document = (
        Document.objects.filter(authority=largest)
        .annotate(n=Count("findings"))
        .order_by("-n", "pk")
        .first()
    )
    action = (
        Action.objects.filter(finding__document__authority=largest)
        .order_by("-version", "pk")
        .first()
    )
    total = Action.objects.count()
    sizes = {
        "authorities": LocalAuthority.objects.count(),
        "documents": Document.objects.count(),
        "findings": Finding.objects.count(),
        "actions": total,
        "history_rows": Action.history.model.objects.count(),
        "followups": FollowUp.objects.count(),
        "largest_authority_documents": largest.n,
    }
    a = f"finding__document__authority__id__exact={largest.pk}"
    pages = [
        # (name, our url, admin url)
        ("dashboard", reverse("tracker:dashboard"), "/admin/tracker/action/"),
        ("actions", reverse("tracker:action-list"), "/admin/tracker/action/"),
        (
            "actions filtered",
            reverse("tracker:action-list") + f"?status=in_progress&authority={largest.pk}",
            f"/admin/tracker/action/?status__exact=in_progress&{a}",
        ),
        (
            "actions deep page",
            reverse("tracker:action-list") + f"?page={math.ceil(total / PER_PAGE)}",
            f"/admin/tracker/action/?p={math.ceil(total / ADMIN_PER_PAGE)}",
        ),
        ("findings", reverse("tracker:finding-list"), "/admin/inspections/finding/"),
        (
            "inspection page",
            reverse("tracker:document-detail", args=[document.pk]),
            f"/admin/inspections/document/{document.pk}/change/",
        ),
        (
            "action page",
            reverse("tracker:action-detail", args=[action.pk]),
            f"/admin/tracker/action/{action.pk}/change/",
        ),
    ]
    across = _across_visits_url(largest)
    if across:
        pages.append(
            (
                "across visits",
                across,
                f"/admin/inspections/followup/?document__authority__id__exact={largest.pk}",
            )
        )
    ours, admin = Client(HTTP_HOST="localhost"), Client(HTTP_HOST="localhost")
    ours.force_login(User.objects.get(username=NATIONAL_MANAGER))
    admin.force_login(User.objects.get(username=SCALE_ADMIN))
    local = Client(HTTP_HOST="localhost")
    local.force_login(User.objects.get(username=f"manager@{largest.slug}.example.gov.uk"))
    rows = []
    for name, url, admin_url in pages:
        mine = _timed_requests(ours, url, repeat, warmup)
        theirs = _timed_requests(admin, admin_url, repeat, warmup)
        rows.append(
            {
                "page": name,
                "ours": mine,
                "admin": theirs,
                "ratio": round(mine["median_ms"] / theirs["median_ms"], 2),
            }
        )
    rows.append(
        {
            "page": "dashboard, one authority",
            "ours": _timed_requests(local, reverse("tracker:dashboard"), repeat, warmup),
            "admin": None,
            "ratio": None,
        }
    )
    return {
        "sizes": sizes,
        "pages": rows,
        "across_visits": bool(across),
        # Other work on the machine colours the times: say how busy it was.
        "load_average_after": [round(x, 1) for x in os.getloadavg()],
    }


def child_exports(folder: str, national: bool) -> dict:
    """Board packs of the largest authority (export_bench's measure) and of every authority."""
    _setup()
    from django.contrib.auth import get_user_model
    from django.db.models import Count

    from bench.scale_data import NATIONAL_MANAGER
    from inspections.models import LocalAuthority

    try:
        import export_bench

        from tracker import board_pack
    except ImportError as error:
        return {"error": f"board pack not measured: {error}"}
    largest = LocalAuthority.objects.annotate(n=Count("documents")).order_by("-n", "pk").first()
    result = {
        "largest_authority": export_bench.measure(
            authority_name=largest.name, username=NATIONAL_MANAGER, folder=Path(folder)
        )
    }
    if not national:
        return result
    user = get_user_model().objects.get(username=NATIONAL_MANAGER)
    path = Path(folder) / "national.xlsx"
    tracemalloc.start()
    started = time.perf_counter()
    pack = board_pack.write_board_pack(path, user=user)
    seconds = time.perf_counter() - started
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    result["every_authority"] = {
        "actions": pack.action_count,
        "export_s_traced": round(seconds, 1),
        "tracemalloc_peak_mb": round(peak / 1e6, 1),
        "file_mb": round(path.stat().st_size / 1e6, 1),
    }
    return result


def child_followups() -> dict:
    """Five seeds imported, then suggestions for an authority with 200 open findings."""
    _setup()
    import followup_bench
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)
    quality = followup_bench.quality()
    (speed,) = followup_bench.speed([200], 3)
    return {
        "seed_import_s": quality["import_seconds_for_five_seeds"],
        "followup_suggest_200_s": speed["followup_suggest_seconds_median"],
        "matching_only_s": speed["matching_only_seconds"],
        "status_matrix_s": speed["status_matrix_seconds"],
    }


def child_pypdf(corpus: str) -> dict:
    from inspections.parsing import extract_text

    pages, started = 0, time.perf_counter()
    for path in sorted(Path(corpus).glob("*.pdf")):
        _, count = extract_text(path.read_bytes(), path.name)
        pages += count or 1
    return {"pages": pages, "pypdf_s": round(time.perf_counter() - started, 2)}


def child_import(corpus: str, jobs: int) -> dict:
    _setup()
    from django.core.management import call_command

    from inspections.models import Document

    call_command("migrate", verbosity=0, interactive=False)
    started = time.perf_counter()
    try:
        call_command("import_reports", corpus, jobs=jobs, stdout=open(os.devnull, "w"))  # noqa: SIM115
    except SystemExit:
        pass  # some files failed: the count below says how many were imported
    except Exception as error:  # CommandError for failed files: the good ones are in
        if "could not be imported" not in str(error):
            raise
    seconds = time.perf_counter() - started
    return {
        "jobs": jobs,
        "import_s": round(seconds, 2),
        "documents": Document.objects.count(),
        "pages": sum(
            Document.objects.values_list("page_count", flat=True).exclude(page_count=None)
        ),
    }


# --- The parent: run every step, print and save ---------------------------------------------


def _fmt(value, unit="") -> str:
    return "—" if value is None else f"{value}{unit}"


def print_pages(size: str, measured: dict) -> None:
    s = measured["sizes"]
    print(
        f"\n{size}: {s['authorities']} authorities, {s['documents']:,} documents, "
        f"{s['findings']:,} findings, {s['actions']:,} actions, {s['history_rows']:,} history "
        f"rows, {s['followups']:,} follow-ups (largest authority: "
        f"{s['largest_authority_documents']} documents)"
    )
    header = ("page", "median ms", "p95 ms", "queries", "admin median", "admin p95",
              "admin q", "ours/admin")  # fmt: skip
    rows = [header]
    for row in measured["pages"]:
        ours, admin = row["ours"], row["admin"] or {}
        rows.append(
            (
                row["page"],
                _fmt(ours["median_ms"]),
                _fmt(ours["p95_ms"]),
                _fmt(ours["queries"]),
                _fmt(admin.get("median_ms")),
                _fmt(admin.get("p95_ms")),
                _fmt(admin.get("queries")),
                _fmt(row["ratio"]),
            )
        )
    widths = [max(len(str(r[i])) for r in rows) for i in range(len(header))]
    for n, r in enumerate(rows):
        cells = [str(c).rjust(w) for c, w in zip(r, widths, strict=True)]
        cells[0] = str(r[0]).ljust(widths[0])
        print("  " + " | ".join(cells))
        if n == 0:
            print("  " + "-+-".join("-" * w for w in widths))
    print(f"  (load average at the end: {measured.get('load_average_after')})")
    if not measured["across_visits"]:
        print("  (no tracker:across-visits page in this checkout: not measured)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", nargs="+", choices=list(SIZES), default=list(SIZES))
    parser.add_argument("--repeat", type=int, default=20, help="timed requests per page")
    parser.add_argument("--warmup", type=int, default=2)
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument(
        "--skip", nargs="*", default=[], choices=["pages", "exports", "followups", "corpus"]
    )
    parser.add_argument(
        "--national-pack",
        action="store_true",
        help="also time the board pack of every authority (minutes at the default size)",
    )
    parser.add_argument("--keep", action="store_true", help="keep the generated databases")
    parser.add_argument("--reuse", action="store_true", help="measure kept databases as they are")
    parser.add_argument("--json", type=Path, help="where to write the figures")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--arg", action="append", default=[], help=argparse.SUPPRESS)
    args, rest = parser.parse_known_args()

    if args.child:
        steps = {
            "generate": lambda: child_generate(args.arg[0]),
            "measure": lambda: child_measure(args.repeat, args.warmup),
            "exports": lambda: child_exports(args.arg[0], args.arg[1] == "national"),
            "followups": child_followups,
            "pypdf": lambda: child_pypdf(args.arg[0]),
            "import": lambda: child_import(args.arg[0], int(args.arg[1])),
        }
        print(json.dumps(steps[args.child]()))
        return

    RESULTS_DIR.mkdir(exist_ok=True)
    databases = Databases(os.environ.get("DATABASE_URL"), RESULTS_DIR / "db")
    databases.folder.mkdir(exist_ok=True)
    passthrough = ["--repeat", str(args.repeat), "--warmup", str(args.warmup)]
    figures: dict = {
        "date": date.today().isoformat(),
        "backend": databases.backend,
        "machine": f"{platform.machine()}, {os.cpu_count()} CPUs, "
        f"{platform.python_implementation()} {platform.python_version()}",
        "repeat": args.repeat,
        "sizes": {},
    }
    started = time.perf_counter()
    for size in args.sizes:
        tag = f"size_{size}"
        entry: dict = {}
        if args.reuse and databases.exists(tag):
            url = databases.url(tag)
        else:
            url = databases.create(tag)
            entry["generation"] = _child("generate", "--arg", size, database_url=url)
            print(f"{size}: generated in {entry['generation']['generate_s']} s", file=sys.stderr)
        if "pages" not in args.skip:
            entry.update(_child("measure", *passthrough, database_url=url))
            print_pages(size, entry)
        if size == args.sizes[-1] and "exports" not in args.skip:
            with tempfile.TemporaryDirectory() as folder:
                scope = "national" if args.national_pack else "largest"
                entry["board_pack"] = _child(
                    "exports", "--arg", folder, "--arg", scope, database_url=url
                )
        figures["sizes"][size] = entry
        if not args.keep:
            databases.drop(tag)

    if "followups" not in args.skip:
        url = databases.create("followups")
        figures["followups"] = _child("followups", database_url=url)
        databases.drop("followups")
    if "corpus" not in args.skip and args.corpus.exists():
        corpus = {"pypdf": _child("pypdf", "--arg", str(args.corpus), database_url="sqlite://")}
        for jobs in (1, 2):
            url = databases.create(f"corpus{jobs}")
            corpus[f"jobs{jobs}"] = _child(
                "import", "--arg", str(args.corpus), "--arg", str(jobs), database_url=url
            )
            databases.drop(f"corpus{jobs}")
        pypdf_s = corpus["pypdf"]["pypdf_s"]
        for jobs in (1, 2):
            run = corpus[f"jobs{jobs}"]
            run["pages_per_s"] = round(corpus["pypdf"]["pages"] / run["import_s"], 1)
            run["ratio_to_pypdf"] = round(run["import_s"] / pypdf_s, 2)
        corpus["pypdf"]["pages_per_s"] = round(corpus["pypdf"]["pages"] / pypdf_s, 1)
        corpus["pypdf"]["ms_per_page"] = round(1000 * pypdf_s / corpus["pypdf"]["pages"], 1)
        figures["corpus"] = corpus
    figures["total_s"] = round(time.perf_counter() - started)

    print_extras(figures)
    target = args.json or RESULTS_DIR / (
        f"pages-{databases.backend}-{datetime.now():%Y%m%d-%H%M}.json"
    )
    target.write_text(json.dumps(figures, indent=2) + "\n")
    print(f"\nFigures written to {target} ({figures['total_s']} s in all).")


def print_extras(figures: dict) -> None:
    last = list(figures["sizes"].values())[-1] if figures["sizes"] else {}
    pack = last.get("board_pack") or {}
    if "error" in pack:
        print(f"\n{pack['error']}")
    if "largest_authority" in pack:
        one = pack["largest_authority"]
        print(
            f"\nBoard pack, largest authority: {one['actions']:,} actions in {one['export_s']} s "
            f"(raw openpyxl {one['raw_openpyxl_s']} s), peak {one['tracemalloc_peak_mb']} MB "
            f"traced, max RSS {one['maxrss_mb']} MB"
        )
    if "every_authority" in pack:
        every = pack["every_authority"]
        print(
            f"Board pack, every authority: {every['actions']:,} actions in "
            f"{every['export_s_traced']} s under tracemalloc, peak {every['tracemalloc_peak_mb']}"
            f" MB, file {every['file_mb']} MB"
        )
    if "followups" in figures:
        f = figures["followups"]
        print(
            f"Five seeds imported in {f['seed_import_s']} s; follow-up suggestions for a new "
            f"document, 200 open findings: {f['followup_suggest_200_s']} s"
        )
    if "corpus" in figures:
        c = figures["corpus"]
        print(
            f"Corpus: {c['pypdf']['pages']} pages; pypdf alone {c['pypdf']['pypdf_s']} s "
            f"({c['pypdf']['ms_per_page']} ms a page)"
        )
        for jobs in (1, 2):
            run = c[f"jobs{jobs}"]
            print(
                f"  import_reports --jobs {jobs}: {run['import_s']} s, {run['documents']} "
                f"documents, {run['pages_per_s']} pages/s, {run['ratio_to_pypdf']}x pypdf alone"
            )


if __name__ == "__main__":
    main()
