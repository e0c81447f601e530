"""Parse every PDF of the corpora with the Django-free parser and say how well each was read.

For each folder: per document family, how many files were read fully, read with
warnings, or refused (the rules of inspections/parsing/survey.py, as
`manage.py survey_documents` applies them); then every file not read fully,
with its warnings or the reason it was refused. The authority must be one entry
of the register (read from its data file, no database), as the importer asks.
Files named `<Ofsted URN>-…` (the corpora's names) are also checked against the
URN of the register entry the authority resolved to, which finds an authority
read wrongly but still known to the register.

pypdf's extraction is most of the time (many minutes for the 622 PDFs of the
corpora on a busy machine); `--text-cache DIR` keeps each PDF's text, keyed by
the file's contents, so a second run only parses.

Usage: .venv/bin/python bench/survey_corpus.py ../shared/corpus \\
           ../shared/corpus-more/ilacs ../shared/corpus-more/focused [--text-cache DIR]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from inspections import register  # noqa: E402
from inspections.parsing import ParsedReport, parse_text  # noqa: E402
from inspections.parsing.survey import (  # noqa: E402
    FULL,
    REFUSED,
    WARNINGS,
    Outcome,
    extract_file,
    summary,
    survey_one,
)
from inspections.parsing.types import ReportParseError  # noqa: E402


def cached_extract(cache: Path | None):
    """An extractor that keeps each file's text (or its refusal) in ``cache``."""
    if cache is None:
        return extract_file
    cache.mkdir(parents=True, exist_ok=True)

    def extract(path: Path) -> tuple[str, int | None]:
        stored = cache / f"{hashlib.sha1(path.read_bytes()).hexdigest()}.json"
        if stored.exists():
            record = json.loads(stored.read_text(encoding="utf-8"))
        else:
            try:
                text, pages = extract_file(path)
                record = {"text": text, "pages": pages}
            except ReportParseError as error:
                record = {"error": str(error)}
            stored.write_text(json.dumps(record), encoding="utf-8")
        if "error" in record:
            raise ReportParseError(record["error"])
        return record["text"], record["pages"]

    return extract


def register_index() -> register.NameIndex:
    index = register.NameIndex()
    for entry in register.load_entries():
        index.add(entry, entry.names, entry.providers)
    return index


def authority_problem(index: register.NameIndex, report: ParsedReport) -> str | None:
    """Why the authority is not one register entry (None when it is)."""
    entry = resolved(index, report)
    if entry is None:
        return f"'{report.local_authority}' is not one entry of the authority register"
    return None


def resolved(index: register.NameIndex, report: ParsedReport) -> register.Entry | None:
    match = index.find(report.local_authority)
    if match is None:
        return None
    if len(match.targets) == 1:
        return match.targets[0]
    return index.find_in(report.title, match.targets)


def survey_folder(folder: Path, extract, index: register.NameIndex):
    """Outcomes of every PDF in ``folder`` and the files whose URN is not their entry's."""
    outcomes: list[Outcome] = []
    wrong: list[str] = []
    for path in sorted(folder.glob("*.pdf")):
        reports: list[ParsedReport] = []

        def parse(text: str, pages: int | None, reports=reports) -> ParsedReport:
            reports.append(parse_text(text, pages))
            return reports[-1]

        outcome = survey_one(path, parse, lambda r: authority_problem(index, r), extract)
        outcomes.append(outcome)
        urn = path.name.split("-", 1)[0]
        if outcome.status != REFUSED and urn.isdigit():
            entry = resolved(index, reports[-1])
            if entry.ofsted_urn != urn:
                wrong.append(
                    f"{path.name}: read as '{reports[-1].local_authority}' = "
                    f"{entry.short_name} (URN {entry.ofsted_urn}), the file name says URN {urn}"
                )
    return outcomes, wrong


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folders", nargs="+", type=Path)
    parser.add_argument("--text-cache", type=Path, help="keep extracted texts here")
    args = parser.parse_args()
    extract = cached_extract(args.text_cache)
    index = register_index()
    for folder in args.folders:
        outcomes, wrong = survey_folder(folder, extract, index)
        counts = Counter(o.status for o in outcomes)
        print(
            f"\n## {folder}: {len(outcomes)} PDFs, {counts[FULL]} read fully, "
            f"{counts[WARNINGS]} with warnings, {counts[REFUSED]} refused"
        )
        print("\n".join(summary(outcomes)))
        for outcome in outcomes:
            if outcome.status != FULL:
                print(f"{outcome.status}: {outcome.name}: {'; '.join(outcome.reasons)}")
        for line in wrong:
            print(f"wrong authority: {line}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
