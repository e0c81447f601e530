"""Restart PostgreSQL under load and check that nothing committed is lost.

Starts a throw-away PostgreSQL server and gunicorn with production settings on
loopback, signs in a few owners, and has each post progress updates as fast as
the app answers for ``--seconds``. A third of the way in, the database server
is restarted once. Then it checks, and exits 1 unless all hold:

- during the outage the app answered with errors (it did not hang or pretend);
- after the restart it served updates again by itself (no restart of the app);
- every update the app confirmed (a redirect after the POST) is in the
  database, and nothing is there that the app did not confirm, apart from
  requests whose answer was lost on the way (counted and reported).

Only 127.0.0.1 is contacted; the load is bounded by time and request count.
``.ci/run`` runs it with a short duration.

Usage: .venv/bin/python bench/db_restart_under_load.py [--seconds 20] [--clients 4]
"""

from __future__ import annotations

import argparse
import contextlib
import http.client
import os
import re
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PYTHON = sys.executable
MARKER = "restart-load"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def as_postgres(args: list[str]) -> list[str]:
    return ["runuser", "-u", "postgres", "--", *args] if os.geteuid() == 0 else args


class Postgres:
    def __init__(self) -> None:
        bins = sorted(Path("/usr/lib/postgresql").glob("*/bin"), key=lambda p: p.parent.name)
        if not bins:
            sys.exit("PostgreSQL is not installed (apt-get install postgresql).")
        self.bin = bins[-1]
        self.tmp = Path(tempfile.mkdtemp(prefix="pg-restart-"))
        self.tmp.chmod(0o755)
        if os.geteuid() == 0:
            shutil.chown(self.tmp, "postgres")
        self.port = free_port()
        self.data = self.tmp / "data"

    def ctl(self, *args: str) -> None:
        subprocess.run(
            as_postgres([str(self.bin / "pg_ctl"), "-D", str(self.data), *args]),
            check=True,
            stdout=subprocess.DEVNULL,
        )

    def start(self) -> None:
        if not self.data.exists():
            subprocess.run(
                as_postgres(
                    [str(self.bin / "initdb"), "-D", str(self.data), "-A", "trust", "-U"]
                    + ["postgres", "-E", "UTF8"]
                ),
                check=True,
                stdout=subprocess.DEVNULL,
            )
        options = f"-c listen_addresses=127.0.0.1 -p {self.port} -k {self.tmp}"
        self.ctl("-l", str(self.tmp / "server.log"), "-w", "-o", options, "start")

    def stop(self) -> None:
        self.ctl("-m", "fast", "-w", "stop")

    def cleanup(self) -> None:
        with contextlib.suppress(subprocess.CalledProcessError):
            self.stop()
        shutil.rmtree(self.tmp, ignore_errors=True)

    @property
    def url(self) -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/postgres"


SETUP = """
from django.contrib.auth.models import Group
from django.contrib.auth import get_user_model
from inspections.models import Document, Finding, LocalAuthority
from tracker.models import Action, Membership
from tracker.roles import Role
import datetime
User = get_user_model()
authority = LocalAuthority.objects.create(name="Load Test Borough")
document = Document.objects.create(authority=authority, kind="ilacs", source_filename="x.txt",
    content_hash="0" * 64, visit_start=datetime.date(2024, 6, 3))
finding = Finding.objects.create(document=document, source_list="what_needs_to_improve",
    order=1, text="Return home interviews.")
owners = int({clients})
for n in range(owners):
    user = User.objects.create_user(f"owner{{n}}@example.gov.uk", password="{password}")
    user.groups.add(Group.objects.get(name=Role.OWNER))
    Membership.objects.create(user=user, authority=authority)
    action = Action.objects.create(finding=finding, title=f"Action {{n}}", owner=user,
        deadline=datetime.date(2031, 1, 1))
    print(f"ACTION {{user.username}} {{action.pk}}")
"""

COUNT = """
from tracker.models import ProgressUpdate
print("ROWS", ProgressUpdate.objects.filter(text__startswith="{marker}").count())
"""


@dataclass
class Tally:
    confirmed: list[str] = field(default_factory=list)
    errors: list[tuple[float, str]] = field(default_factory=list)
    unknown: int = 0
    successes_at: list[float] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)


class Browser:
    """Just enough of a browser: cookies, CSRF tokens, an HTTPS proxy's headers."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.cookies: dict[str, str] = {}

    def request(self, method: str, path: str, body: str = "") -> tuple[int, str, str]:
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
        headers = {
            # gunicorn sits behind an HTTPS proxy in production; this is what it sends.
            "X-Forwarded-Proto": "https",
            "Host": f"127.0.0.1:{self.port}",
            "Origin": f"https://127.0.0.1:{self.port}",
            "Referer": f"https://127.0.0.1:{self.port}{path}",
            "Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items()),
        }
        if body:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        try:
            connection.request(method, path, body=body.encode(), headers=headers)
            response = connection.getresponse()
            text = response.read().decode("utf-8", "replace")
            for name, value in response.getheaders():
                if name.lower() == "set-cookie":
                    key, _, rest = value.partition("=")
                    self.cookies[key.strip()] = rest.split(";", 1)[0]
            return response.status, response.getheader("Location") or "", text
        finally:
            connection.close()

    def token(self, path: str) -> str:
        status, _, text = self.request("GET", path)
        match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', text)
        if status != 200 or not match:
            raise RuntimeError(f"GET {path} gave {status} without a form")
        return match.group(1)

    def sign_in(self, username: str, password: str) -> None:
        from urllib.parse import urlencode

        token = self.token("/login/")
        body = urlencode({"csrfmiddlewaretoken": token, "username": username, "password": password})
        status, location, _ = self.request("POST", "/login/", body)
        if status != 302 or "login" in location:
            raise RuntimeError(f"Sign-in of {username} failed: {status} {location}")


def load(browser: Browser, action_id: int, name: str, until: float, cap: int, tally: Tally):
    from urllib.parse import urlencode

    token = browser.token(f"/actions/{action_id}/")
    for n in range(cap):
        if time.monotonic() >= until:
            return
        text = f"{MARKER} {name} {n}"
        body = urlencode({"csrfmiddlewaretoken": token, "update-text": text})
        try:
            status, location, _ = browser.request("POST", f"/actions/{action_id}/updates/", body)
        except (OSError, http.client.HTTPException) as exc:
            # The answer was lost: the update may or may not have been saved.
            with tally.lock:
                tally.unknown += 1
                tally.errors.append((time.monotonic(), type(exc).__name__))
            time.sleep(0.05)
            continue
        with tally.lock:
            if status == 302 and location.endswith(f"/actions/{action_id}/"):
                tally.confirmed.append(text)
                tally.successes_at.append(time.monotonic())
            else:
                tally.errors.append((time.monotonic(), str(status)))
        if status != 302:
            time.sleep(0.05)


def manage(env: dict[str, str], *args: str) -> str:
    result = subprocess.run(
        [PYTHON, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True
    )
    if result.returncode:
        raise RuntimeError(f"manage.py {' '.join(args[:1])} failed:\n{result.stderr}")
    return result.stdout


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=20.0)
    parser.add_argument("--clients", type=int, default=4)
    parser.add_argument("--max-requests", type=int, default=5000, help="per client")
    args = parser.parse_args()

    pg = Postgres()
    gunicorn = None
    try:
        pg.start()
        password = secrets.token_urlsafe(16)
        env = {k: v for k, v in os.environ.items() if k not in {"TESTING", "DEBUG", "VAR_DIR"}} | {
            "DATABASE_URL": pg.url,
            "SECRET_KEY": secrets.token_urlsafe(50),
            "ALLOWED_HOSTS": "127.0.0.1",
            "MEDIA_ROOT": str(pg.tmp / "media"),
            "STATIC_ROOT": str(pg.tmp / "static"),
            "LOG_LEVEL": "CRITICAL",
        }
        manage(env, "migrate", "--noinput")
        manage(env, "collectstatic", "--noinput")
        out = manage(env, "shell", "-c", SETUP.format(clients=args.clients, password=password))
        actions = [line.split()[1:] for line in out.splitlines() if line.startswith("ACTION ")]
        port = free_port()
        gunicorn = subprocess.Popen(
            [str(Path(PYTHON).with_name("gunicorn")), "config.wsgi", "--bind", f"127.0.0.1:{port}"]
            + ["--workers", "2", "--timeout", "20", "--graceful-timeout", "5"],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                time.sleep(0.1)
        browsers = []
        for username, _ in actions:
            browser = Browser(port)
            browser.sign_in(username, password)
            browsers.append(browser)

        tally = Tally()
        start = time.monotonic()
        until = start + args.seconds
        threads = [
            threading.Thread(
                target=load,
                args=(browser, int(pk), username, until, args.max_requests, tally),
                daemon=True,
            )
            for browser, (username, pk) in zip(browsers, actions, strict=True)
        ]
        for thread in threads:
            thread.start()
        time.sleep(args.seconds / 3)
        outage_start = time.monotonic()
        pg.stop()
        time.sleep(min(3.0, args.seconds / 6))
        pg.start()
        outage_end = time.monotonic()
        for thread in threads:
            thread.join(timeout=args.seconds + 30)

        rows = int(manage(env, "shell", "-c", COUNT.format(marker=MARKER)).split()[-1])
    finally:
        if gunicorn is not None:
            gunicorn.terminate()
            try:
                gunicorn.wait(timeout=10)
            except subprocess.TimeoutExpired:
                gunicorn.kill()
        pg.cleanup()

    confirmed = len(tally.confirmed)
    during = [e for e in tally.errors if outage_start <= e[0] <= outage_end + 2]
    after = [t for t in tally.successes_at if t > outage_end]
    before = [t for t in tally.successes_at if t < outage_start]
    print(
        f"clients {args.clients}, {args.seconds:.0f} s, database down for "
        f"{outage_end - outage_start:.1f} s"
    )
    print(
        f"confirmed updates {confirmed} ({len(before)} before the restart, "
        f"{len(after)} after), errors {len(tally.errors)} ({len(during)} during the outage), "
        f"answers lost {tally.unknown}"
    )
    print(f"rows in the database {rows}")
    problems = []
    if not before:
        problems.append("no update succeeded before the restart")
    if not during:
        problems.append("the app gave no errors while the database was down")
    if not after:
        problems.append("the app did not recover after the database came back")
    if rows < confirmed:
        problems.append(f"{confirmed - rows} confirmed updates are missing from the database")
    if rows > confirmed + tally.unknown:
        problems.append(
            f"{rows - confirmed - tally.unknown} updates were saved but reported failed"
        )
    for problem in problems:
        print(f"FAIL: {problem}")
    if not problems:
        print("OK: errors during the outage, recovered by itself, no confirmed update lost")
    checks = 5
    print(f"restart: {checks - len(problems)} passed, {len(problems)} failed")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
