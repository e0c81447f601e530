"""Import Ofsted documents (PDF or text) from files or folders.

Each file is imported atomically: a file that fails leaves nothing behind and
does not stop the others. Files already imported (same content) are reported,
not duplicated, so the command is safe to run again. Exits with status 1 if
any file failed.
"""

from __future__ import annotations

import logging
import time
from concurrent.futures import ProcessPoolExecutor
from datetime import date
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from inspections.parsing import ParsedReport
from inspections.services import (
    ReportImportError,
    existing_document,
    report_import,
    report_parse,
)

SUFFIXES = {".pdf", ".txt"}

logger = logging.getLogger(__name__)


def collect_files(paths: list[str]) -> list[Path]:
    files: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            files.extend(sorted(p for p in path.iterdir() if p.suffix.lower() in SUFFIXES))
        elif path.is_file():
            files.append(path)
        else:
            raise CommandError(f"{raw}: no such file or folder.")
    return files


def _parse_file(path: Path) -> tuple[ParsedReport | None, str | None]:
    """Runs in a worker process: parse only, never touch the database."""
    try:
        return report_parse(data=path.read_bytes(), filename=path.name), None
    except ReportImportError as error:
        return None, str(error)
    except Exception as error:  # noqa: BLE001 - one bad file never stops the others
        return None, _unexpected(error)


def _unexpected(error: Exception) -> str:
    logger.exception("Import failed unexpectedly")
    return f"could not be imported ({type(error).__name__}: {error}); nothing of it was saved"


def _visit_order(result) -> tuple:
    path, (parsed, _error) = result
    when = parsed and (parsed.visit_start or parsed.letter_date or parsed.published_date)
    return (when is None, when or date.min, path.name)


class Command(BaseCommand):
    help = "Import Ofsted reports and visit letters (PDF or text files, or folders of them)."

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", help="Files or folders to import.")
        parser.add_argument(
            "--jobs",
            type=int,
            default=1,
            help="Parse files in this many processes; saving stays one file at a time.",
        )

    def handle(self, *args, paths, jobs, **options):
        files = collect_files(paths)
        if not files:
            raise CommandError("No .pdf or .txt files found.")
        started = time.perf_counter()
        counts = {"imported": 0, "already": 0, "failed": 0}
        failures: list[str] = []
        # Save in visit order, so references (SG-2018, SG-2018b…) follow the calendar.
        results = sorted(self._parse_all(files, jobs), key=_visit_order)
        for index, (path, (parsed, error)) in enumerate(results, start=1):
            prefix = f"[{index}/{len(files)}] {path.name}:"
            if error is None:
                try:
                    result = report_import(
                        data=path.read_bytes(), filename=path.name, parsed=parsed
                    )
                except ReportImportError as import_error:
                    error = str(import_error)
                except Exception as import_error:  # noqa: BLE001 - the next file still runs
                    error = _unexpected(import_error)
            if error is not None:
                counts["failed"] += 1
                failures.append(error)
                self.stderr.write(f"{prefix} FAILED – {error}")
            else:
                counts["imported" if result.created else "already"] += 1
                self.stdout.write(f"{prefix} {result.message}")
                for note in result.notes:
                    self.stdout.write(f"  {note.text} {note.link_text}: {note.path}")
        elapsed = time.perf_counter() - started
        self.stdout.write(
            f"{counts['imported']} imported, {counts['already']} already imported, "
            f"{counts['failed']} failed, in {elapsed:.1f}s."
        )
        if failures:
            raise CommandError(f"{len(failures)} file(s) could not be imported.", returncode=1)

    def _parse_all(self, files: list[Path], jobs: int):
        # Files already in the database are not parsed again.
        pending = [p for p in files if existing_document(data=p.read_bytes()) is None]
        done = {p: (None, None) for p in files if p not in pending}
        if jobs > 1 and len(pending) > 1:
            # Results come back in file order; the caller sorts them into visit order,
            # so saving starts once every file is parsed.
            with ProcessPoolExecutor(max_workers=jobs) as pool:
                results = pool.map(_parse_file, pending, chunksize=1)
                for path in files:
                    yield path, done[path] if path in done else next(results)
            return
        for path in files:
            yield path, done[path] if path in done else _parse_file(path)
