"""Load: gunicorn on PostgreSQL on loopback, driven by locust with managers' journeys.

    .venv/bin/pip install locust        # once; not a dependency of the app
    .venv/bin/python bench/load_bench.py                          # starts PostgreSQL itself
    .venv/bin/python bench/load_bench.py --users 10 50 --seconds 30 --authorities 20
    .venv/bin/python bench/load_bench.py --database-url postgres://...  # scale data already there

Without ``--database-url`` it creates a throwaway PostgreSQL cluster in a
temporary folder (as the ``postgres`` user when run as root), on a free
loopback port, fills it with ``generate_scale_data --authorities N``, and
removes it at the end. It then starts gunicorn (``--workers`` sync workers)
on another free loopback port and, for each number of users, runs locust
headless for ``--seconds`` with the journeys of ``bench/load/locustfile.py``
(sign in as one authority's manager, browse lists, open actions, findings
and inspections, the across-visits view, post progress updates; one to three
seconds' pause between steps). It prints throughput, p50/p95/p99 latency and
the error count for each, and writes them to ``bench/results/``.

Every request goes to 127.0.0.1, each run stops after ``--seconds``, and
everything started is stopped again, also on failure or Ctrl-C.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from contextlib import ExitStack
from datetime import date, datetime
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parent.parent
RESULTS_DIR = PROJECT_DIR / "bench" / "results"
VENV_BIN = Path(sys.executable).parent


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _as_postgres(cmd: list[str]) -> list[str]:
    return ["runuser", "-u", "postgres", "--", *cmd] if os.geteuid() == 0 else cmd


def start_postgres(stack: ExitStack) -> str:
    bins = sorted(Path("/usr/lib/postgresql").glob("*/bin"))
    if not bins:
        sys.exit(
            "PostgreSQL is not installed (apt-get install postgresql), or pass --database-url."
        )
    pg = bins[-1]
    folder = Path(tempfile.mkdtemp(prefix="load-pg-"))
    stack.callback(shutil.rmtree, folder, ignore_errors=True)
    folder.chmod(0o755)
    if os.geteuid() == 0:
        shutil.chown(folder, "postgres")
    port = free_port()
    subprocess.run(
        _as_postgres([str(pg / "initdb"), "-D", str(folder / "data"), "-A", "trust",
                      "-U", "postgres", "-E", "UTF8"]),
        check=True, capture_output=True,
    )  # fmt: skip
    options = f"-c listen_addresses=127.0.0.1 -p {port} -k {folder} -c max_connections=200"
    subprocess.run(
        _as_postgres([str(pg / "pg_ctl"), "-D", str(folder / "data"), "-o", options,
                      "-l", str(folder / "log"), "-w", "start"]),
        check=True, capture_output=True,
    )  # fmt: skip
    stack.callback(
        subprocess.run,
        _as_postgres([str(pg / "pg_ctl"), "-D", str(folder / "data"), "-m", "fast", "stop"]),
        capture_output=True,
    )
    return f"postgres://postgres@127.0.0.1:{port}/postgres"


def manage(*args: str, env: dict) -> None:
    subprocess.run([sys.executable, "manage.py", *args], cwd=PROJECT_DIR, env=env, check=True)


def authority_slugs(env: dict) -> list[str]:
    code = (
        "import django; django.setup(); from inspections.models import LocalAuthority; "
        "print(','.join(LocalAuthority.objects.values_list('slug', flat=True)))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=PROJECT_DIR, env=env, check=True,
        capture_output=True, text=True,
    )  # fmt: skip
    return [s for s in out.stdout.strip().split(",") if s]


def start_gunicorn(stack: ExitStack, env: dict, workers: int) -> str:
    port = free_port()
    log = open(RESULTS_DIR / "load-gunicorn.log", "w")  # noqa: SIM115
    stack.callback(log.close)
    server = subprocess.Popen(
        [str(VENV_BIN / "gunicorn"), "config.wsgi", "--bind", f"127.0.0.1:{port}",
         "--workers", str(workers), "--timeout", "60", "--error-logfile", "-"],
        cwd=PROJECT_DIR, env=env, stdout=log, stderr=log, start_new_session=True,
    )  # fmt: skip

    def stop():
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()

    stack.callback(stop)
    url = f"http://127.0.0.1:{port}"
    for _ in range(100):
        try:
            with urllib.request.urlopen(url + "/login/", timeout=2) as response:
                if response.status == 200:
                    return url
        except OSError:
            time.sleep(0.3)
    sys.exit("gunicorn did not start; see bench/results/load-gunicorn.log")


def run_locust(url: str, users: int, seconds: int, env: dict, folder: Path) -> dict:
    prefix = folder / f"u{users}"
    subprocess.run(
        [str(VENV_BIN / "locust"), "-f", str(PROJECT_DIR / "bench" / "load" / "locustfile.py"),
         "--headless", "--users", str(users), "--spawn-rate", str(max(1, users // 5)),
         "--run-time", f"{seconds}s", "--stop-timeout", "5", "--host", url,
         # Figures start once every user has started: each sign-in hashes a password
         # on purpose (about a third of a second of CPU), once per session, not per page.
         "--reset-stats",
         "--csv", str(prefix), "--only-summary", "--loglevel", "WARNING"],
        cwd=PROJECT_DIR, env=env, check=False, timeout=seconds + 120,
        stdout=subprocess.DEVNULL,
    )  # fmt: skip
    with open(f"{prefix}_stats.csv", newline="") as handle:
        rows = {row["Name"]: row for row in csv.DictReader(handle)}
    total = rows["Aggregated"]

    def figures(row: dict) -> dict:
        return {
            "requests": int(row["Request Count"]),
            "errors": int(row["Failure Count"]),
            "rps": round(float(row["Requests/s"]), 1),
            "p50_ms": int(float(row["50%"])),
            "p95_ms": int(float(row["95%"])),
            "p99_ms": int(float(row["99%"])),
        }

    return {
        "users": users,
        "seconds": seconds,
        **figures(total),
        "by_page": {name: figures(row) for name, row in rows.items() if name != "Aggregated"},
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--users", type=int, nargs="+", default=[10, 50, 100])
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--workers", type=int, default=4, help="gunicorn sync workers")
    parser.add_argument("--authorities", type=int, default=150, help="scale data to generate")
    parser.add_argument("--database-url", help="a PostgreSQL database that has scale data")
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    if not (VENV_BIN / "locust").exists():
        sys.exit(f"locust is not installed: {VENV_BIN / 'pip'} install locust")
    RESULTS_DIR.mkdir(exist_ok=True)
    results = []
    with ExitStack() as stack, tempfile.TemporaryDirectory() as folder:
        env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings"}
        # TESTING: no secret and plain-HTTP cookies on loopback; DEBUG stays off.
        env.update(TESTING="1", MEDIA_ROOT=str(Path(folder) / "media"))
        if args.database_url:
            env["DATABASE_URL"] = args.database_url
        else:
            env["DATABASE_URL"] = start_postgres(stack)
            started = time.perf_counter()
            manage("migrate", "--noinput", "-v0", env=env)
            manage("generate_scale_data", "--authorities", str(args.authorities), "-v0", env=env)
            print(f"scale data generated in {time.perf_counter() - started:.0f} s", file=sys.stderr)
        url = start_gunicorn(stack, env, args.workers)
        env["SCALE_AUTHORITIES"] = ",".join(authority_slugs(env))
        for users in args.users:
            results.append(run_locust(url, users, args.seconds, env, Path(folder)))
            r = results[-1]
            print(
                f"{users:>4} users: {r['rps']:>6} req/s  p50 {r['p50_ms']:>5} ms  "
                f"p95 {r['p95_ms']:>5} ms  p99 {r['p99_ms']:>5} ms  "
                f"errors {r['errors']}/{r['requests']}",
                flush=True,
            )
    figures = {
        "date": date.today().isoformat(),
        "machine": f"{os.cpu_count()} CPUs; gunicorn, PostgreSQL and locust on the same machine",
        "workers": args.workers,
        "runs": results,
    }
    target = args.json or RESULTS_DIR / f"load-{datetime.now():%Y%m%d-%H%M}.json"
    target.write_text(json.dumps(figures, indent=2) + "\n")
    print(f"Figures written to {target}")


if __name__ == "__main__":
    main()
