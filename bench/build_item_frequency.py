"""Learn how common each word is in improvement items, and each concept in paragraphs.

    .venv/bin/python bench/build_item_frequency.py [--text-cache DIR]

Reads every document of ``../shared/corpus`` and ``../shared/corpus-more``,
takes the items of their improvement lists ("What needs to improve", areas for
priority action, recommendations), and counts in how many items each word
stem occurs (concepts are left out: they are the subject by definition).
Words in many items ("ensure", "consistently", "quality") are the filler of
recommendation wording; the matcher weighs them down. It
also counts in how many paragraphs of all documents each domain concept
occurs: a concept found throughout letters ("management oversight", "children
in care") cannot alone make a link, while one that most letters name in a
paragraph or two ("caseloads") can.
Writes ``inspections/matching/data/item_frequency.json``. Documents that fail
to parse are skipped and counted. Run it again after changing the concepts or
the tokenizer. ``--text-cache DIR`` shares ``bench/survey_corpus.py``'s cache of
extracted texts, which turns an hour of extraction into a minute of parsing.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT_DIR))
OUT = PROJECT_DIR / "inspections" / "matching" / "data" / "item_frequency.json"
MIN_ITEMS = 2


def main() -> None:
    from survey_corpus import cached_extract

    from inspections.matching.text import CONCEPT_PREFIX, DEFAULT_VOCABULARY, tokens
    from inspections.parsing import ReportParseError, parse_text

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--text-cache", type=Path, help="keep extracted texts here")
    extract = cached_extract(parser.parse_args().text_cache)
    shared = PROJECT_DIR.parent / "shared"
    files = sorted(shared.glob("corpus/*.pdf")) + sorted(shared.glob("corpus-more/*/*.pdf"))
    counts: Counter[str] = Counter()
    in_paragraphs: Counter[str] = Counter()
    items = failed = paragraphs = 0
    for path in files:
        try:
            report = parse_text(*extract(path))
        except ReportParseError:
            failed += 1
            continue
        for paragraph in report.paragraphs:
            paragraphs += 1
            found = DEFAULT_VOCABULARY.terms(paragraph.text)
            in_paragraphs.update({t for t in found if t.startswith(CONCEPT_PREFIX)})
        for item in report.improvement_items or ():
            items += 1
            counts.update({t.stem for t in tokens(item.text)})
    terms = {t: n for t, n in sorted(counts.items()) if n >= MIN_ITEMS}
    documents = len(files) - failed
    data = {
        "items": items,
        "documents": documents,
        "paragraphs": paragraphs,
        "terms": terms,
        "in_paragraphs": dict(sorted(in_paragraphs.items())),
    }
    OUT.write_text(json.dumps(data, indent=0, sort_keys=True) + "\n")
    print(
        f"{items} items and {paragraphs} paragraphs from {documents} documents"
        f" ({failed} failed); {len(terms)} terms"
    )


if __name__ == "__main__":
    main()
