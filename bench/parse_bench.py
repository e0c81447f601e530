"""Time the Ofsted parser; prints figures, asserts nothing.

Seeds (text): median and 95th-percentile parse time per document.
Corpus (PDF): time per page for pypdf extraction alone and for extraction plus
parsing, so it is clear where the time goes. The parser should stay well under
20 ms median for the 35 KB seed 003 and grow linearly with the text.

Usage: .venv/bin/python bench/parse_bench.py [--repeat 30] [--corpus ../shared/corpus]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from inspections.parsing import extract_text, parse_text  # noqa: E402

DEFAULT_CORPUS = ROOT.parent / "shared" / "corpus"


def timed(fn: Callable[[], object]) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def ms(seconds: float) -> str:
    return f"{seconds * 1000:8.2f}"


def bench_seeds(repeat: int) -> None:
    print(f"Seeds: parse_text, {repeat} runs each (ms)")
    print(f"{'document':34} {'KB':>6} {'median':>8} {'p95':>8}")
    for path in sorted((ROOT / "seeds").glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        parse_text(text)  # warm the regex cache
        runs = [timed(lambda text=text: parse_text(text)) for _ in range(repeat)]
        size = len(text.encode()) / 1024
        median, p95 = statistics.median(runs), percentile(runs, 0.95)
        print(f"{path.name:34} {size:6.1f} {ms(median)} {ms(p95)}")
    # Linear growth: the same seed repeated 1, 4 and 16 times.
    text = next((ROOT / "seeds").glob("003_*.txt")).read_text(encoding="utf-8")
    print("\nScaling (seed 003 body repeated):")
    for factor in (1, 4, 16):
        big = text + ("\n" + text.split("What needs to improve?", 1)[1]) * (factor - 1)
        runs = [timed(lambda big=big: parse_text(big)) for _ in range(max(3, repeat // factor))]
        print(f"  x{factor:<3} {len(big) / 1024:8.0f} KB  median {ms(statistics.median(runs))} ms")


def bench_corpus(corpus: Path, repeat: int) -> None:
    pdfs = sorted(corpus.glob("*.pdf"))
    if not pdfs:
        print(f"\nCorpus: no PDFs at {corpus}; skipped.")
        return
    print(f"\nCorpus: {len(pdfs)} PDFs, per page (ms); extraction runs {repeat} times per file")
    extract_per_page: list[float] = []
    total_per_page: list[float] = []
    parse_only: list[float] = []
    pages_seen = 0
    for path in pdfs:
        data = path.read_bytes()
        text, pages = extract_text(data, path.name)
        pages = pages or 1
        pages_seen += pages
        for _ in range(repeat):
            extract = timed(lambda data=data, name=path.name: extract_text(data, name))
            parse = timed(lambda text=text, pages=pages: parse_text(text, pages))
            extract_per_page.append(extract / pages)
            total_per_page.append((extract + parse) / pages)
            parse_only.append(parse / pages)
    print(f"{'':24} {'median':>8} {'p95':>8}")
    for label, values in (
        ("pypdf extraction", extract_per_page),
        ("parsing alone", parse_only),
        ("extraction + parsing", total_per_page),
    ):
        print(f"{label:24} {ms(statistics.median(values))} {ms(percentile(values, 0.95))}")
    share = sum(parse_only) / sum(total_per_page)
    print(f"{pages_seen} pages; parsing is {share:.0%} of the total time")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=30, help="runs per seed")
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--corpus-repeat", type=int, default=1, help="runs per PDF")
    args = parser.parse_args()
    bench_seeds(args.repeat)
    bench_corpus(args.corpus, args.corpus_repeat)


if __name__ == "__main__":
    main()
