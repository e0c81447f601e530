"""Okapi BM25 over a small collection (the paragraphs of one document).

The collection is small (tens of paragraphs), so the index is a list of term
counts and scoring is a loop; building it for a document and scoring a few
hundred findings against it takes milliseconds.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

K1 = 1.2
B = 0.75


@dataclass(frozen=True)
class Hit:
    index: int  # position of the passage in the collection
    score: float  # raw BM25, for ranking within one query
    coverage: float  # share of the query's weight found, 0..1, comparable across queries
    matched: tuple[str, ...]  # query terms found, heaviest first


class BM25Index:
    def __init__(self, documents: Sequence[Sequence[str]], *, k1: float = K1, b: float = B):
        self.k1 = k1
        self.b = b
        self.counts = [Counter(doc) for doc in documents]
        self.lengths = [len(doc) for doc in documents]
        self.size = len(documents)
        self.average_length = (sum(self.lengths) / self.size) if self.size else 0.0
        df: Counter[str] = Counter()
        for counts in self.counts:
            df.update(counts.keys())
        self.document_frequency = df

    def idf(self, term: str) -> float:
        # The "+1" form never goes negative, which matters in a collection this small.
        n = self.document_frequency.get(term, 0)
        return math.log(1 + (self.size - n + 0.5) / (n + 0.5))

    def query_weights(
        self, query: Sequence[str], boosts: Mapping[str, float] | None = None
    ) -> dict[str, float]:
        """Each distinct query term's weight: its idf times any boost."""
        boosts = boosts or {}
        return {t: self.idf(t) * boosts.get(t, 1.0) for t in dict.fromkeys(query)}

    def search(
        self,
        query: Sequence[str],
        *,
        boosts: Mapping[str, float] | None = None,
        limit: int | None = None,
    ) -> list[Hit]:
        weights = self.query_weights(query, boosts)
        total = sum(weights.values()) or 1.0
        hits = []
        for index, counts in enumerate(self.counts):
            norm = self.k1 * (
                1 - self.b + self.b * self.lengths[index] / (self.average_length or 1)
            )
            score = 0.0
            found = []
            for term, weight in weights.items():
                tf = counts.get(term, 0)
                if tf:
                    score += weight * tf * (self.k1 + 1) / (tf + norm)
                    found.append(term)
            if score > 0:
                found.sort(key=lambda t: -weights[t])
                coverage = sum(weights[t] for t in found) / total
                hits.append(Hit(index, score, coverage, tuple(found)))
        hits.sort(key=lambda h: (-h.score, h.index))
        return hits[:limit] if limit is not None else hits
