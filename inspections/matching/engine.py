"""Which passages of a later document speak to an earlier finding, and what they say.

``Matcher`` indexes the passages of one later document once; ``propose`` then
ranks them for one finding with BM25 and reads a verdict from the wording of
the sentences that mention the finding's terms. Everything is plain data in and
out, so the same engine serves the import, the command line and the benchmark.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Hashable, Sequence
from dataclasses import dataclass

from inspections.matching.bm25 import BM25Index, Hit
from inspections.matching.text import (
    CONCEPT_PREFIX,
    DEFAULT_VOCABULARY,
    Term,
    Vocabulary,
    label,
    surface_forms,
)
from inspections.matching.verdict import NOT_LOOKED_AT, VERDICT_LABELS, Cue, judge, sentences

# A domain concept ("return home interviews") says more than any one word.
CONCEPT_BOOST = 2.0
# Below this share of the finding's weight, the best passage is a coincidence
# of common words and the document is taken not to look at the finding.
MIN_COVERAGE = 0.3
# ...unless a passage shares a domain concept found in at most this share of passages.
SPECIFIC_SHARE = 0.25
# Passages below this share are not worth showing at all.
SHOW_COVERAGE = 0.12
# Passages covering at least this share of the best coverage inform the verdict.
EVIDENCE_SHARE = 0.6
# How many passages are considered at most, shown or not.
EVIDENCE_LIMIT = 8
# A later document's own item is short, so BM25 favours it: it must share a
# domain concept with the finding, or this much of its weight.
ITEM_COVERAGE = 0.5
ITEM = "item"
PARAGRAPH = "paragraph"
# Sentences carrying at least this share of the best sentence's weight inform it.
VERDICT_SENTENCE_SHARE = 0.5
TOP = 3


@dataclass(frozen=True)
class Passage:
    key: Hashable  # the caller's identifier, e.g. a paragraph's primary key
    text: str
    heading: str = ""
    label: str = ""  # how a person finds it: "paragraph 17", "page 3"
    kind: str = "paragraph"  # or "item": the later document's own finding


@dataclass(frozen=True)
class RankedPassage:
    key: Hashable
    label: str
    score: float  # BM25, for ranking
    coverage: float  # share of the finding's weight found, 0..1
    matched: tuple[str, ...]  # the finding's words that were found, heaviest first


@dataclass(frozen=True)
class Proposal:
    passages: tuple[RankedPassage, ...]
    verdict: str
    score: float  # 0..1: the best passage's coverage
    reason: str
    cues: tuple[Cue, ...]

    @property
    def verdict_label(self) -> str:
        return VERDICT_LABELS[self.verdict]


class Matcher:
    def __init__(self, passages: Sequence[Passage], vocabulary: Vocabulary = DEFAULT_VOCABULARY):
        self.passages = list(passages)
        self.vocabulary = vocabulary
        # Headings are not indexed: "The experiences and progress of care leavers"
        # would make every paragraph of that section about care leavers.
        self.index = BM25Index([vocabulary.terms(p.text) for p in self.passages])

    def propose(self, finding: str, *, top: int = TOP) -> Proposal:
        positioned = self.vocabulary.terms_with_positions(finding)
        query = [t.key for t in positioned]
        # "return home interviews" is both a concept and three words; a passage
        # that says "RHI" has the concept, and so covers the words too.
        within = _words_within_concepts(positioned)
        boosts = {t: CONCEPT_BOOST for t in query if t != label(t)}
        weights = self.index.query_weights(query, boosts)
        aspect_texts = aspects_of(finding)
        aspects = [set(self.vocabulary.terms(a)) for a in aspect_texts]
        hits: list[Hit] = []
        best_aspect: list[int | None] = []
        for hit in self.index.search(query, boosts=boosts, limit=EVIDENCE_LIMIT):
            coverage, aspect = _coverage(hit.matched, weights, aspects, within)
            passage = self.passages[hit.index]
            # A later document's own item is short, so BM25 favours it; it stands as
            # evidence only when it shares a domain concept or most of the finding.
            if passage.kind == ITEM and not (
                coverage >= ITEM_COVERAGE or any(t.startswith(CONCEPT_PREFIX) for t in hit.matched)
            ):
                continue
            if coverage >= SHOW_COVERAGE:
                hits.append(dataclasses.replace(hit, coverage=coverage))
                best_aspect.append(aspect)
        forms = surface_forms(finding, self.vocabulary)
        ranked = tuple(
            RankedPassage(
                key=self.passages[h.index].key,
                label=self.passages[h.index].label,
                score=round(h.score, 4),
                coverage=round(h.coverage, 4),
                matched=_display(h.matched, forms),
            )
            for h in hits[:top]
        )
        best_coverage = max((h.coverage for h in hits[:top]), default=0.0)
        if best_coverage < MIN_COVERAGE and not self._specific_concept(hits[:top]):
            return self._not_looked_at(ranked, query, forms)
        floor = min(MIN_COVERAGE, best_coverage)
        # The verdict is read from the top passages that are about the finding;
        # if they carry no verdict wording (an "areas covered" line, say), from
        # the next ones.
        about = [h for h in hits if h.coverage >= max(floor, EVIDENCE_SHARE * best_coverage)]
        judged = judge(self._evidence(about[:top], weights))
        if not judged.cues:
            tried = {h.index for h in about[:top]}
            further = [h for h in hits if h.coverage >= floor and h.index not in tried]
            if further:
                judged = judge(self._evidence(further, weights))
        first = hits[0]
        where = ranked[0].label or "the best passage"
        of_what = (
            "the finding's terms"
            if best_aspect[0] is None
            else f"the terms of '{aspect_texts[best_aspect[0]]}'"
        )
        reason = (
            f"matched: {', '.join(ranked[0].matched[:5])} ({where}, "
            f"{first.coverage:.0%} of {of_what}); {judged.explanation}"
        )
        return Proposal(ranked, judged.verdict, round(best_coverage, 4), reason, judged.cues)

    def _specific_concept(self, hits: Sequence[Hit]) -> bool:
        """Whether a passage shares a domain concept that few passages mention: then
        the document speaks to the finding's topic even if little else matches."""
        limit = max(1.0, SPECIFIC_SHARE * self.index.size)
        return any(
            term.startswith(CONCEPT_PREFIX) and self.index.document_frequency[term] <= limit
            for hit in hits
            for term in hit.matched
        )

    def _evidence(self, hits: Sequence[Hit], weights: dict[str, float]) -> list[tuple[str, str]]:
        # An item's words name what to improve ("high-quality performance
        # information"); they are not a verdict. Only the list it is in says something.
        return _keep_best_sentences(
            [
                (
                    self.passages[h.index].heading,
                    []
                    if self.passages[h.index].kind == ITEM
                    else self._relevant_sentences(h.index, weights),
                )
                for h in hits
            ]
        )

    def _relevant_sentences(self, index: int, weights: dict[str, float]) -> list[tuple[float, str]]:
        scored = []
        for sentence in sentences(self.passages[index].text):
            found = set(self.vocabulary.terms(sentence))
            weight = sum(w for t, w in weights.items() if t in found)
            if weight:
                scored.append((weight, sentence))
        return scored

    def _not_looked_at(
        self, ranked: tuple[RankedPassage, ...], query: list[str], forms: dict[str, str]
    ) -> Proposal:
        if ranked:
            near = f"; nearest: {', '.join(ranked[0].matched[:3])} ({ranked[0].label or 'passage'})"
        else:
            near = ""
        key_terms = _display(tuple(dict.fromkeys(query)), forms)[:4]
        reason = (
            f"no passage mentions the finding's main terms ({', '.join(key_terms)}){near} "
            f"→ {VERDICT_LABELS[NOT_LOOKED_AT].lower()}"
        )
        score = ranked[0].coverage if ranked else 0.0
        return Proposal(ranked, NOT_LOOKED_AT, score, reason, ())


# "the quality of pathway plans, the suitability of accommodation and the
# availability of health histories": a list of aspects, each of which a later
# document may take up on its own.
_ASPECT_SPLIT = re.compile(r";|,\s+(?:and\s+|or\s+)?(?=the\b)|\s+and\s+(?=the\b)", re.IGNORECASE)
MIN_ASPECT_TERMS = 2


def aspects_of(finding: str) -> list[str]:
    parts = [p.strip() for p in _ASPECT_SPLIT.split(finding) if p.strip()]
    return parts if len(parts) > 1 else []


def _words_within_concepts(positioned: Sequence[Term]) -> dict[str, set[str]]:
    spans = [t for t in positioned if t.is_concept]
    within: dict[str, set[str]] = {}
    for term in positioned:
        if not term.is_concept:
            for concept in spans:
                if concept.start <= term.start and term.end <= concept.end:
                    within.setdefault(term.key, set()).add(concept.key)
    return within


def _coverage(
    matched: Sequence[str],
    weights: dict[str, float],
    aspects: list[set[str]],
    within: dict[str, set[str]],
) -> tuple[float, int | None]:
    """Share of the finding's weight found, or of its best-covered aspect (and which)."""
    found = set(matched)
    found |= {word for word, concepts in within.items() if concepts & found}
    total = sum(weights.values()) or 1.0
    best, which = sum(weights[t] for t in found) / total, None
    for index, aspect in enumerate(aspects):
        aspect_weight = sum(weights.get(t, 0.0) for t in aspect)
        if len(aspect) >= MIN_ASPECT_TERMS and aspect_weight:
            share = sum(weights.get(t, 0.0) for t in aspect & found) / aspect_weight
            if share > best:
                best, which = share, index
    return best, which


def _keep_best_sentences(
    evidence: list[tuple[str, list[tuple[float, str]]]],
) -> list[tuple[str, str]]:
    best = max((w for _, scored in evidence for w, _ in scored), default=0.0)
    kept = []
    for heading, scored in evidence:
        chosen = [s for w, s in scored if w >= VERDICT_SENTENCE_SHARE * best]
        if chosen or heading:
            kept.append((heading, " ".join(chosen)))
    return kept


def _display(found: tuple[str, ...], forms: dict[str, str]) -> tuple[str, ...]:
    """Terms as the finding wrote them; a word inside a matched concept is not repeated."""
    shown: list[str] = []
    for term in found:
        text = forms.get(term, label(term))
        if any(text.lower() in s.lower() for s in shown):
            continue
        shown.append(text)
    return tuple(shown)
