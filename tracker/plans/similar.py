"""Which of the authority's findings a plan row's finding text is about, with a score.

The plan's wording is the council's own ("Improve return home interviews"), so
the row's text is searched among the findings' texts with the matching engine's
vocabulary and BM25; the score is the share of the row's weighted terms that the
finding contains (0..1), for a person to judge.
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from dataclasses import dataclass

from inspections.matching import DEFAULT_VOCABULARY, Vocabulary
from inspections.matching.bm25 import BM25Index

# Below this a candidate is shown but not chosen for the person.
CHOOSE_AT = 0.5
SHOW_AT = 0.15
TOP = 5
CLOSE_AT = 0.8


def match_words(score: float) -> str:
    """How well a finding matches a plan row, in words rather than a percentage."""
    if score >= CLOSE_AT:
        return "close match"
    return "likely match" if score >= CHOOSE_AT else "possible match"


@dataclass(frozen=True)
class Candidate:
    key: Hashable
    score: float


class FindingIndex:
    def __init__(
        self, findings: Sequence[tuple[Hashable, str]], vocabulary: Vocabulary = DEFAULT_VOCABULARY
    ):
        self.keys = [key for key, _ in findings]
        self.vocabulary = vocabulary
        self.index = BM25Index([vocabulary.terms(text) for _, text in findings])

    def candidates(self, text: str, *, top: int = TOP) -> list[Candidate]:
        query = self.vocabulary.terms(text)
        if not query or not self.keys:
            return []
        return [
            Candidate(self.keys[hit.index], round(hit.coverage, 2))
            for hit in self.index.search(query, limit=top)
            if hit.coverage >= SHOW_AT
        ]
