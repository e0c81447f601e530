"""Findings of different documents that say the same thing, grouped into themes.

Two findings are compared by the weighted overlap (cosine) of their terms,
with weights from how rare each term is in the authority's documents, so
"return home interviews" counts for much and "quality" for little. Groups are
formed by average-linkage clustering: a finding joins a group only if it is,
on average, similar to everything already in it, so one broad finding (an
"areas covered" bullet naming four topics) cannot chain unrelated groups
together. Only groups spanning at least two documents are proposed.
"""

from __future__ import annotations

import heapq
import math
from collections import Counter, defaultdict
from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass

from inspections.matching.text import (
    CONCEPT_PREFIX,
    DEFAULT_VOCABULARY,
    Vocabulary,
    label,
    surface_forms,
)
from inspections.matching.weights import concept_boost

THRESHOLD = 0.3


def likeness_words(score: float | None) -> str:
    """How alike a theme's findings are, in words a board member reads without a scale:
    a theme is only suggested at ``THRESHOLD`` or above."""
    if score is None:
        return "Not measured"
    if score >= 2 * THRESHOLD:
        return "Very alike"
    if score >= 1.5 * THRESHOLD:
        return "Alike"
    return "Loosely alike: check they belong together"


def reason_words(shared: Sequence[str], count: int) -> str:
    """Why findings were grouped, in a sentence a manager reads without knowing the method."""
    words = list(shared[:5])
    if not words:
        return f"The {count} findings are worded alike."
    listed = words[0] if len(words) == 1 else f"{', '.join(words[:-1])} and {words[-1]}"
    return f"{_how_many(count)} mention {listed}."


def _how_many(count: int) -> str:
    # A shared word is in at least half the findings, and in at least two.
    need = max(2, math.ceil(count / 2))
    if need >= count:
        return "Both findings" if count == 2 else f"All {count} findings"
    return f"At least {need} of the {count} findings"


@dataclass(frozen=True)
class Item:
    key: Hashable  # e.g. a finding's primary key
    group: Hashable  # e.g. its document; a theme must span at least two
    text: str


@dataclass(frozen=True)
class Group:
    keys: tuple[Hashable, ...]
    score: float  # average similarity of the pairs, 0..1
    shared: tuple[str, ...]  # terms most of the members share, heaviest first
    title: str
    reason: str


class Similarity:
    def __init__(
        self,
        items: Sequence[Item],
        background: Iterable[str] = (),
        vocabulary: Vocabulary = DEFAULT_VOCABULARY,
    ):
        self.vocabulary = vocabulary
        self.items = list(items)
        self.terms = [_concepts_and_other_words(vocabulary, item.text) for item in self.items]
        df: Counter[str] = Counter()
        size = 0
        for text in background:
            df.update(_concepts_and_other_words(vocabulary, text))
            size += 1
        for found in self.terms:
            df.update(found)
            size += 1
        self.size = size
        self.df = df
        self.forms: dict[str, str] = {}
        for item in self.items:
            for term, form in surface_forms(item.text, vocabulary).items():
                self.forms.setdefault(term, form)
        self.vectors = [{t: self.weight(t) for t in found} for found in self.terms]
        self.norms = [math.sqrt(sum(w * w for w in v.values())) or 1.0 for v in self.vectors]

    def weight(self, term: str) -> float:
        idf = math.log(1 + (self.size - self.df.get(term, 0) + 0.5) / (self.df.get(term, 0) + 0.5))
        return idf * concept_boost(term)

    def all_pairs(self) -> dict[tuple[int, int], float]:
        """Cosine similarity of every pair that shares a term (the rest are zero),
        accumulated term by term so unrelated pairs cost nothing."""
        postings: dict[str, list[int]] = defaultdict(list)
        for index, vector in enumerate(self.vectors):
            for term in vector:
                postings[term].append(index)
        dots: dict[tuple[int, int], float] = defaultdict(float)
        for term, holders in postings.items():
            weight = self.weight(term) ** 2
            for x, i in enumerate(holders):
                for j in holders[x + 1 :]:
                    dots[(i, j)] += weight
        return {(i, j): dot / (self.norms[i] * self.norms[j]) for (i, j), dot in dots.items()}

    def shared(self, members: Sequence[int], *, concepts_only: bool = False) -> tuple[str, ...]:
        """Terms found in at least half the members (and at least two), heaviest first."""
        counts: Counter[str] = Counter()
        for i in members:
            counts.update(self.terms[i])
        need = max(2, math.ceil(len(members) / 2))
        common = [
            t
            for t, n in counts.items()
            if n >= need and (not concepts_only or t.startswith(CONCEPT_PREFIX))
        ]
        common.sort(key=lambda t: -self.weight(t))
        shown: list[str] = []
        for term in common:
            text = self.forms.get(term, label(term))
            if not any(text.lower() in s.lower() for s in shown):
                shown.append(text)
        return tuple(shown)


def _concepts_and_other_words(vocabulary: Vocabulary, text: str) -> set[str]:
    """A text's terms, a concept standing for the words it was written with, so that
    "RHIs" and "return home interviews" are equally alike to a third text."""
    positioned = vocabulary.terms_with_positions(text)
    spans = [(t.start, t.end) for t in positioned if t.is_concept]
    return {
        t.key
        for t in positioned
        if t.is_concept or not any(start <= t.start and t.end <= end for start, end in spans)
    }


def group(
    items: Sequence[Item],
    *,
    background: Iterable[str] = (),
    threshold: float = THRESHOLD,
    vocabulary: Vocabulary = DEFAULT_VOCABULARY,
) -> list[Group]:
    """Themes among the items: groups of similar items from two or more documents."""
    sim = Similarity(items, background, vocabulary)
    pairs = sim.all_pairs()
    clusters = _average_linkage(len(items), pairs, threshold)
    groups = []
    for members in clusters:
        if len({items[i].group for i in members}) < 2:
            continue
        members.sort()
        pair_scores = [pairs.get((i, j), 0.0) for i in members for j in members if i < j]
        score = sum(pair_scores) / len(pair_scores)
        shared = sim.shared(members)
        concepts = sim.shared(members, concepts_only=True)
        title = _title(shared, concepts, [items[i].text for i in members])
        reason = reason_words(shared, len(members))
        groups.append(
            Group(tuple(items[i].key for i in members), round(score, 4), shared, title, reason)
        )
    groups.sort(key=lambda g: (-g.score, str(g.keys)))
    return groups


def _average_linkage(
    n: int, pairs: dict[tuple[int, int], float], threshold: float
) -> list[list[int]]:
    """Merge the two most alike clusters (by the average of their members' pair
    similarities) while that average reaches ``threshold``.

    A heap of candidate merges with stale entries skipped keeps this near
    O(pairs · log pairs) instead of rescanning every pair after each merge.
    Pairs below a quarter of the threshold are treated as unrelated (zero).
    """
    neighbours: dict[int, dict[int, float]] = {i: {} for i in range(n)}
    for (i, j), similarity in pairs.items():
        if similarity >= threshold / 4:
            neighbours[i][j] = neighbours[j][i] = similarity
    size = dict.fromkeys(range(n), 1)
    members = {i: [i] for i in range(n)}
    heap = [(-s, i, j) for (i, j), s in pairs.items() if s >= threshold]
    heapq.heapify(heap)
    while heap:
        negative, a, b = heapq.heappop(heap)
        if a not in members or b not in members or b not in neighbours[a]:
            continue
        if neighbours[a][b] / (size[a] * size[b]) != -negative:
            continue  # stale: one of the two has grown since this entry was pushed
        members[a].extend(members.pop(b))
        size[a] += size.pop(b)
        del neighbours[a][b]
        for c, total in neighbours.pop(b).items():
            if c == a:
                continue
            del neighbours[c][b]
            neighbours[a][c] = neighbours[c][a] = neighbours[a].get(c, 0.0) + total
        for c, total in neighbours[a].items():
            average = total / (size[a] * size[c])
            if average >= threshold:
                heapq.heappush(heap, (-average, min(a, c), max(a, c)))
    return [sorted(m) for m in members.values()]


def _title(shared: Sequence[str], concepts: Sequence[str], texts: Sequence[str]) -> str:
    """The shared domain concepts if any ("Return home interviews"), else the heaviest
    shared words, else the shortest finding."""
    words = list(concepts[:3]) or list(shared[:3])
    if words:
        title = ", ".join(words)
        return title[:1].upper() + title[1:]
    shortest = min(texts, key=len)
    return shortest if len(shortest) <= 120 else shortest[:117] + "…"
