"""The matcher against the hand-made key of real histories (tests/inspections/matching_key).

The floors are the figures reached when the key was last measured (see
docs/matching.md); a change that makes any of them fall fails here.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from inspections.matching.evaluation import evaluate, load_key, resolve, summarise
from inspections.parsing import parse_file

KEY_DIR = Path(__file__).parent / "matching_key"
SHARED = Path(__file__).resolve().parents[2].parent / "shared"
CORPORA = (SHARED / "corpus", SHARED / "corpus-more" / "ilacs", SHARED / "corpus-more" / "focused")

FLOORS = {
    "recall": 0.92,
    "paragraph_top3": 0.93,
    "paragraph_top1": 0.79,
    "verdict_agreement": 0.84,
}
MOST_WRONG = 0.05


def _find(name: str) -> Path | None:
    return next((c / name for c in CORPORA if (c / name).exists()), None)


@pytest.fixture(scope="module")
def keyed():
    keys = [load_key(p) for p in sorted(KEY_DIR.glob("*.json"))]
    names = {n for key in keys for n in key["documents"]}
    missing = sorted(n for n in names if _find(n) is None)
    if missing:
        if os.environ.get("CI"):
            pytest.fail(f"The corpus documents of the key are missing: {', '.join(missing)}")
        pytest.skip(f"corpus not here ({len(missing)} documents missing)")
    reports = {n: parse_file(_find(n)) for n in names}
    return keys, reports


def test_the_key_covers_three_authorities_and_every_later_document(keyed):
    keys, reports = keyed
    assert len(keys) >= 3
    for key in keys:
        order = key["documents"]
        for entry in key["items"]:
            later = order[order.index(entry["document"]) + 1 :]
            assert sorted(entry["later"]) == sorted(later)
            items = reports[entry["document"]].improvement_items
            assert items[entry["item"] - 1].text == entry["text"]


def test_every_paragraph_of_the_key_names_one_passage(keyed):
    keys, reports = keyed
    for key in keys:
        for entry in key["items"]:
            for later, judged in entry["later"].items():
                for reference in judged["paragraphs"]:
                    found = resolve(reference, reports[later].paragraphs)
                    assert len(found) == 1, (later, reference, found)


def test_the_figures_on_the_key_do_not_fall(keyed):
    keys, reports = keyed
    results = [r for key in keys for r in evaluate(key, reports)]

    figures = summarise(results)

    for name, floor in FLOORS.items():
        assert getattr(figures, name) >= floor, (name, figures)
    assert figures.wrong_share <= MOST_WRONG, figures
    assert figures.scope_quotes == 0, [r for r in results if r.scope_quoted]
