"""Follow-up suggestions measured against the hand-made key of real histories.

    .venv/bin/python bench/matching_key_bench.py
    .venv/bin/python bench/matching_key_bench.py --pairs   # every pair, for reading
    .venv/bin/python bench/matching_key_bench.py --json bench/matching_key.json

Each authority's documents (named in ``tests/inspections/matching_key/*.json``)
are parsed from ``../shared/corpus`` and ``../shared/corpus-more``, and every
earlier improvement item is matched against every later document, in date
order, through the matcher the importer uses. It prints: links found (recall),
wrong links among the suggestions, right paragraph top 1 and top 3, verdict
agreement, and how many suggestions quote a scope or method sentence.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT_DIR))
KEY_DIR = PROJECT_DIR / "tests" / "inspections" / "matching_key"
CORPORA = (
    PROJECT_DIR.parent / "shared" / "corpus",
    PROJECT_DIR.parent / "shared" / "corpus-more" / "ilacs",
    PROJECT_DIR.parent / "shared" / "corpus-more" / "focused",
)


def find(filename: str) -> Path:
    for folder in CORPORA:
        if (folder / filename).exists():
            return folder / filename
    raise SystemExit(f"{filename} is not in {', '.join(str(c) for c in CORPORA)}")


def run() -> tuple[list, dict]:
    from inspections.matching.evaluation import evaluate, load_key
    from inspections.parsing import parse_file

    results = []
    for path in sorted(KEY_DIR.glob("*.json")):
        key = load_key(path)
        reports = {name: parse_file(find(name)) for name in key["documents"]}
        results += evaluate(key, reports)
    return results


def main() -> None:
    from inspections.matching.evaluation import summarise

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pairs", action="store_true", help="Print every pair.")
    parser.add_argument("--json", type=Path, help="Also write the figures to this file.")
    args = parser.parse_args()
    results = run()
    if args.pairs:
        for r in results:
            mark = "ok" if r.verdict == r.key_verdict else "DIFF"
            where = "top3" if r.top3 else ("-" if not r.key_links else "MISS")
            print(
                f"{r.earlier[:28]:28} I{r.item} → {r.later[:28]:28} key={r.key_verdict:13} "
                f"got={r.verdict:13} {mark:4} {where:4} key¶={sorted(r.key_paragraphs)} "
                f"got¶={list(r.ranked[:3])}"
            )
            print(f"     {r.reason[:300]}")
    figures = summarise(results)
    for authority in sorted({r.authority for r in results}):
        part = summarise([r for r in results if r.authority == authority])
        print(f"{authority}: {_line(part)}")
    print(f"All: {_line(figures)}")
    print(
        "verdict agreement by key verdict: "
        + ", ".join(f"{v} {a}/{n}" for v, (a, n) in sorted(figures.by_verdict.items()))
    )
    if args.json:
        args.json.write_text(json.dumps(figures.as_dict(), indent=2))


def _line(f) -> str:
    return (
        f"{f.pairs} pairs, {f.key_links} links in the key, {f.suggested_links} suggested; "
        f"links found {f.recall:.0%}, wrong links {f.wrong_share:.0%}, "
        f"paragraph top-1 {f.paragraph_top1:.0%}, top-3 {f.paragraph_top3:.0%}, "
        f"verdicts {f.verdict_agreement:.0%}, scope sentences quoted {f.scope_quotes}"
    )


if __name__ == "__main__":
    main()
