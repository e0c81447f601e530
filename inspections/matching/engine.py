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
from inspections.matching.boilerplate import about_services
from inspections.matching.discourse import acknowledges_more_to_do, before_example, refers_back
from inspections.matching.reasons import and_list, confidence, confidence_word, reason_sentence
from inspections.matching.text import (
    CONCEPT_PREFIX,
    DEFAULT_VOCABULARY,
    Vocabulary,
    surface_forms,
)
from inspections.matching.verdict import (
    BROADER,
    NARROWER,
    NOT_ENOUGH_EVIDENCE,
    NOT_LOOKED_AT,
    SAME,
    VERDICT_LABELS,
    Cue,
    Listed,
    Reading,
    judge,
    read_sentence,
    sentences,
)
from inspections.matching.weights import CorpusWeights, concept_boost, corpus_weights
from inspections.matching.wording import (
    aspects_of,
    coverage_of,
    display,
    head,
    head_text,
    named_first_text,
    place_terms,
    words_within_concepts,
)

# Below this share of the finding's weight, the best passage is a coincidence
# of common words and the document is taken not to look at the finding (raised
# from 0.3 when words the document never uses came to weigh half: a wrong link
# is worse than none).
MIN_COVERAGE = 0.35
# ...unless a passage shares a domain concept found in at most this share of passages.
SPECIFIC_SHARE = 0.25
# Passages below this share are not worth showing at all.
SHOW_COVERAGE = 0.12
# Passages covering at least this share of the best coverage inform the verdict.
EVIDENCE_SHARE = 0.6
# How many passages are considered at most, shown or not.
EVIDENCE_LIMIT = 8
# A later document's own item is listed again when at least this share of its
# subject is the finding's; it covers the same weakness (not a narrower one) when
# it also carries this share of the finding's subject.
LISTED_SHARE = 0.5
# ...and a narrower one still carries this share of the finding's subject:
# "recording" alone is not a part of "recording decisions about parental consent".
NARROWER_SHARE = 0.25
# A later list is broader when one of its parts carries most of the finding's
# subject: "multiple child protection plans" is not all of "child in need and
# child protection plans".
BROADER_SHARE = 0.7
ITEM = "item"
# A term naming only where the weakness is ("in the disabled children's team")
# weighs this much of its weight: the place is not the subject.
PLACE = 0.3
# A word of the finding the later document never uses ("prescribed timeframe")
# cannot be found in any passage; inspectors write in their own words, so it
# counts this much of its weight towards how much of the finding a passage covers.
ABSENT = 0.5
PARAGRAPH = "paragraph"
# A finding whose weight is at least this share in phrases found in most letters
# ("caseloads", "management oversight") is about them: they may make its links.
GENERIC_SUBJECT = 0.5
# Sentences carrying at least this share of the best sentence's weight inform it.
VERDICT_SENTENCE_SHARE = 0.5
# A word whose filler factor is below this is recommendation wording ("quality",
# "consistency"): sharing it says nothing about sharing a subject.
SUBJECT_FILLER = 0.5
# A sentence that goes on about the finding without naming it counts this much.
CONTINUATION = 0.6
# A term weighing at least this share of the finding's heaviest term marks a
# clause as being about the finding.
SUBJECT_SHARE = 0.3
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
    score: float  # 0..1: how far the suggestion can be trusted (see ``confidence``)
    reason: str  # one sentence a manager can check against the document
    cues: tuple[Cue, ...]
    decisive: str = ""  # the sentence that decided the verdict
    decisive_where: str = ""  # where it is: "paragraph 16"

    @property
    def verdict_label(self) -> str:
        return VERDICT_LABELS[self.verdict]

    @property
    def confidence(self) -> str:
        return confidence_word(self.score)


@dataclass
class _Query:
    text: str
    weights: dict[str, float]
    within: dict[str, set[str]]
    aspects: list[set[str]]
    aspect_texts: list[str]
    forms: dict[str, str]
    generic: frozenset[str]  # phrases found in most letters, and the words inside them
    places: frozenset[str]  # terms naming only where the weakness is
    generic_only: bool  # the finding is mostly about such phrases
    # "Strategy discussions, including: …; threshold decision-making": what the
    # finding lists are parts of what it names first; "… decision-making
    # concerning parental consent" is about consent. A passage must name that.
    named_first: frozenset[str] = frozenset()

    def subject_terms(self) -> set[str]:
        heaviest = max(self.weights.values(), default=0.0)
        return {t for t, w in self.weights.items() if w >= SUBJECT_SHARE * heaviest}


class Matcher:
    def __init__(
        self,
        passages: Sequence[Passage],
        vocabulary: Vocabulary = DEFAULT_VOCABULARY,
        weights: CorpusWeights | None = None,
    ):
        self.passages = list(passages)
        self.vocabulary = vocabulary
        self.corpus = corpus_weights() if weights is None else weights
        # Sentences about the visit itself ("Inspectors looked at…") are left out,
        # so they are never found, quoted or read for a verdict.
        self.sentences = [about_services(sentences(p.text)) for p in self.passages]
        said = [[vocabulary.terms(s) for s in ss] for ss in self.sentences]
        self.sentence_terms = [[set(terms) for terms in ss] for ss in said]
        # Headings are not indexed: "The experiences and progress of care leavers"
        # would make every paragraph of that section about care leavers.
        self.index = BM25Index([[t for terms in ss for t in terms] for ss in said])

    def _query(self, finding: str) -> _Query:
        positioned = self.vocabulary.terms_with_positions(finding)
        query = [t.key for t in positioned]
        within = words_within_concepts(positioned)
        weights = {
            t: self.index.idf(t) * self.corpus.filler_factor(t) * concept_boost(t) * self._used(t)
            for t in dict.fromkeys(query)
        }
        places = place_terms(finding, positioned)
        for term in places:
            weights[term] *= PLACE
        # "…, to support their understanding of X and the decision-making about Y":
        # what the finding is for is not an aspect a passage may take up on its own.
        aspect_texts = aspects_of(head_text(finding))
        generic = {
            t
            for t in weights
            if self.corpus.is_generic(t)
            or within.get(t)
            and all(self.corpus.is_generic(c) for c in within[t])
        }
        return _Query(
            text=finding,
            weights=weights,
            within=within,
            aspects=[set(self.vocabulary.terms(a)) for a in aspect_texts],
            aspect_texts=aspect_texts,
            forms=surface_forms(finding, self.vocabulary),
            generic=frozenset(generic),
            places=frozenset(places),
            generic_only=self._about_generic(
                generic, head(finding, weights, self.vocabulary), within
            ),
            named_first=frozenset(self._named_first(finding, weights)),
        )

    def _named_first(self, finding: str, weights: dict[str, float]) -> set[str]:
        """What a finding says it is about when it lists what it includes (the
        subject named before the list) or says what it concerns (the subject after
        "concerning"): its domain concepts if it names any there, else its subject
        words; nothing for a finding that does neither."""
        text = named_first_text(finding)
        if text is None:
            return set()
        named = set(self.vocabulary.terms(text)) & set(weights)
        concepts = {t for t in named if t.startswith(CONCEPT_PREFIX)}
        return concepts or {t for t in named if self.corpus.filler_factor(t) >= SUBJECT_FILLER}

    def _used(self, term: str) -> float:
        """``ABSENT`` for a word no passage of the later document uses, else 1."""
        return 1.0 if self.index.document_frequency.get(term) else ABSENT

    def _about_generic(
        self, generic: set[str], head: dict[str, float], within: dict[str, set[str]]
    ) -> bool:
        """Whether a finding is mostly about phrases found in most letters: they are
        at least half its wording, and it names no other domain concept ("life-story
        work for all children in care" is about life-story work)."""
        if any(t.startswith(CONCEPT_PREFIX) and t not in generic for t in head):
            return False
        return self._wording_share(generic, head, within) >= GENERIC_SUBJECT

    def _wording_share(
        self, terms: set[str], weights: dict[str, float], within: dict[str, set[str]]
    ) -> float:
        """The share of a finding's own wording in ``terms``: each word weighs its
        filler factor, however rare it is in the later document, so whether a
        finding is about a phrase found in most letters does not depend on which
        document it is matched against. A phrase counts once, not once more for
        each of its words, and recommendation wording ("the quality of") not at all."""
        weigh = self.corpus.filler_factor
        own = [t for t in weights if t not in within and weigh(t) >= SUBJECT_FILLER]
        return sum(weigh(t) for t in own if t in terms) / (sum(weigh(t) for t in own) or 1.0)

    def _specific(self, matched: Sequence[str], query: _Query) -> bool:
        """Whether a passage shares more than a phrase found in most letters.

        The words of such a phrase ("management" and "oversight" of "management
        oversight", "leavers" of "care leavers") are the phrase again, not more.
        """
        matched = set(matched)
        if query.named_first and not matched & query.named_first:
            return False
        if query.generic_only:
            # "The quality and frequency of supervision" is spoken about where
            # supervision is, not wherever "frequency" is.
            return bool(matched & query.generic)
        return any(
            t not in query.generic
            # "the hub" of "screening in the hub" does not make a passage about screening
            and t not in query.places
            and self.corpus.filler_factor(t) >= SUBJECT_FILLER
            # "life" of "life-story work" in "bring the child to life" is another thing
            and (t not in query.within or bool(query.within[t] & matched))
            for t in matched | {w for w, cs in query.within.items() if cs & matched}
            if query.weights.get(t)
        )

    def _names(self, found: set[str], query: _Query) -> bool:
        """Whether a sentence of a passage that speaks about the finding names its
        subject. A phrase found in most letters cannot alone make a link, but once
        the passage is linked, a sentence about that phrase ("Quality assurance is
        comprehensive") is about the finding's "audits" too."""
        return any(
            self.corpus.filler_factor(t) >= SUBJECT_FILLER
            and (t not in query.within or bool(query.within[t] & found))
            for t in found
            if query.weights.get(t)
        )

    def propose(self, finding: str, *, top: int = TOP) -> Proposal:
        query = self._query(finding)
        hits: list[Hit] = []
        items: list[tuple[Hit, str]] = []
        for hit in _search(self.index, query.weights, EVIDENCE_LIMIT * 2):
            coverage, _ = coverage_of(hit.matched, query.weights, query.aspects, query.within)
            passage = self.passages[hit.index]
            if passage.kind == ITEM:
                scope = self._scope(passage.text, query)
                if scope is not None:
                    items.append((dataclasses.replace(hit, coverage=coverage), scope))
                continue
            if coverage >= SHOW_COVERAGE and self._specific(hit.matched, query):
                hits.append(dataclasses.replace(hit, coverage=coverage))
        hits = hits[:EVIDENCE_LIMIT]
        listed, item_hit = self._listed(items)
        shown = hits[:top]
        if item_hit is not None:
            # The later document's own item is shown with the paragraphs.
            shown = sorted([*hits[: top - 1], item_hit], key=lambda h: -h.score)
        ranked = tuple(
            RankedPassage(
                key=self.passages[h.index].key,
                label=self.passages[h.index].label,
                score=round(h.score, 4),
                coverage=round(h.coverage, 4),
                matched=display(h.matched, query.forms),
            )
            for h in shown
        )
        best_coverage = max((h.coverage for h in hits[:top]), default=0.0)
        if listed is None and (
            best_coverage < MIN_COVERAGE and not self._specific_concept(hits[:top])
        ):
            return self._not_looked_at(ranked, query)
        floor = min(MIN_COVERAGE, best_coverage)
        about = [h for h in hits if h.coverage >= max(floor, EVIDENCE_SHARE * best_coverage)]
        judged = judge(self._readings(about[:top], query), listed)
        if judged.verdict == NOT_ENOUGH_EVIDENCE:
            tried = {h.index for h in about[:top]}
            # The nearest passages grade nothing: read the others that speak about
            # the finding nearly as much.
            near = EVIDENCE_SHARE * best_coverage
            further = [h for h in hits if h.coverage >= near and h.index not in tried]
            if further:
                judged = judge(self._readings(further, query), listed)
        if judged.verdict == NOT_ENOUGH_EVIDENCE:
            judged = judge(self._readings(about[:top], query, going_on=True), listed)
        decisive = judged.decisive
        score = confidence(best_coverage, judged.verdict, listed is not None, decisive)
        reason = reason_sentence(judged, ranked)
        return Proposal(
            ranked,
            judged.verdict,
            round(score, 4),
            reason,
            judged.cues,
            decisive.sentence if decisive else "",
            decisive.where if decisive else "",
        )

    def _shares(self, text: str, query: _Query) -> tuple[float, float]:
        """How much of ``text``'s subject is the finding's, and of the finding's is in it."""
        weigh = self.corpus.filler_factor
        terms = set(self.vocabulary.terms(text))
        terms |= {w for w, cs in query.within.items() if cs & terms}
        shared = terms & set(query.weights)
        shared_weight = sum(weigh(t) for t in shared)
        own = sum(weigh(t) for t in terms) or 1.0
        finding = sum(weigh(t) for t in query.weights) or 1.0
        return shared_weight / own, shared_weight / finding

    def _scope(self, item: str, query: _Query) -> str | None:
        """Whether a later item lists the finding's weakness again, and in what scope:
        the same, a narrower part of it, or a broader list that contains it."""
        found = tuple(self.vocabulary.terms(item))
        if not self._specific(found, query):
            return None  # sharing only "management oversight" is not the same weakness
        of_item, of_finding = self._shares(item, query)
        if of_item >= LISTED_SHARE and of_finding >= NARROWER_SHARE:
            return SAME if of_finding >= LISTED_SHARE else NARROWER
        parts = [p for p in _LIST_SPLIT.split(item) if p.strip()]
        if len(parts) > 1:
            for part in parts:
                of_part, of_finding = self._shares(part, query)
                if of_part >= LISTED_SHARE and of_finding >= BROADER_SHARE:
                    return BROADER
        return None

    def _listed(self, items: list[tuple[Hit, str]]) -> tuple[Listed | None, Hit | None]:
        if not items:
            return None, None
        order = {SAME: 0, BROADER: 1, NARROWER: 2}
        hit, scope = min(items, key=lambda i: (order[i[1]], -i[0].score))
        passage = self.passages[hit.index]
        return Listed(passage.text, passage.label or "its own list", scope), hit

    def _readings(
        self, hits: Sequence[Hit], query: _Query, *, going_on: bool = False
    ) -> list[Reading]:
        subject = query.subject_terms()
        total = sum(query.weights.values()) or 1.0
        scored: list[tuple[float, str, str]] = []
        examples: list[tuple[float, str, str]] = []
        rest: list[tuple[float, str, str]] = []  # what follows a sentence about it
        for hit in hits:
            passage = self.passages[hit.index]
            opened = 0.0  # the weight of the last sentence about the finding in this passage
            follows = 0.0  # the weight of the sentence before, if it was about the finding
            most = 0.0  # the weight of the sentence most about the finding so far
            for sentence, found in zip(
                self.sentences[hit.index], self.sentence_terms[hit.index], strict=True
            ):
                found = found | {w for w, cs in query.within.items() if cs & found}
                weight = sum(w for t, w in query.weights.items() if t in found) / total
                if found & subject and self._names(found, query):
                    if self._only_as_example(sentence, subject):
                        examples.append((weight, sentence, passage.label))
                        follows = 0.0
                        continue
                    # A sentence naming a small part of the finding straight after
                    # one about it goes on about it: it counts as a continuation.
                    weight = max(weight, CONTINUATION * follows, self._qualifies(sentence, most))
                    scored.append((weight, sentence, passage.label))
                    follows = opened = weight
                    most = max(most, weight)
                    continue
                if follows and (weight or refers_back(sentence)):
                    # "Many children do not take up this offer": the next sentence
                    # goes on about the same thing without naming it again, and
                    # one that opens on "This" or "These" refers back to it.
                    scored.append((CONTINUATION * follows, sentence, passage.label))
                elif self._qualifies(sentence, most):
                    scored.append((most, sentence, passage.label))
                elif opened:
                    rest.append((CONTINUATION * opened, sentence, passage.label))
                follows = 0.0

        def about(clause: str) -> bool:
            return bool(set(self.vocabulary.terms(clause)) & subject)

        def read(chosen: list[tuple[float, str, str]]) -> list[Reading]:
            best = max((w for w, _, _ in chosen), default=0.0)
            return [
                read_sentence(sentence, about, relevance=weight, where=where)
                for weight, sentence, where in chosen
                if weight >= VERDICT_SENTENCE_SHARE * best
            ]

        readings = read(scored)
        if any(r.polarity for r in readings):
            return readings
        # Only a sentence that names the finding as an example grades it: better than none.
        readings += read(examples)
        if any(r.polarity for r in readings) or not going_on:
            return readings
        # Nothing that names the finding grades it: a paragraph that opens on it goes
        # on about it ("… to recruit and retain staff. Practitioners are highly
        # positive about working here.").
        return readings + read(rest)

    @staticmethod
    def _qualifies(sentence: str, most: float) -> float:
        """How much a sentence saying what leaders know is left to do weighs: as
        much as the sentence most about the finding before it in the paragraph ("Senior
        managers acknowledge that there is more to do …" qualifies what the
        paragraph describes), nothing in a paragraph not about the finding."""
        return most if most and acknowledges_more_to_do(sentence) else 0.0

    def _only_as_example(self, sentence: str, subject: set[str]) -> bool:
        """Whether the finding is named only among examples of something broader:
        "some improvements have been made, for example in child protection planning"
        grades the improvements as a whole, not this one. Such a sentence is read
        only when no other sentence grades the finding."""
        before = before_example(sentence)
        if before is None:
            return False
        return not set(self.vocabulary.terms(before)) & subject

    def _specific_concept(self, hits: Sequence[Hit]) -> bool:
        """Whether a passage shares a domain concept that few passages mention: then
        the document speaks to the finding's topic even if little else matches."""
        limit = max(1.0, SPECIFIC_SHARE * self.index.size)
        return any(
            term.startswith(CONCEPT_PREFIX)
            and self.index.document_frequency[term] <= limit
            and not self.corpus.is_generic(term)
            for hit in hits
            for term in hit.matched
        )

    def _not_looked_at(self, ranked: tuple[RankedPassage, ...], query: _Query) -> Proposal:
        key_terms = display(tuple(query.weights), query.forms)[:3]
        reason = f"No passage of this document speaks about {and_list(key_terms)}."
        # Sure when nothing comes near; the nearest misses stay for a person to check.
        score = 1.0 - (ranked[0].coverage if ranked else 0.0)
        return Proposal(ranked, NOT_LOOKED_AT, round(min(score, 0.7), 4), reason, ())


def _search(index: BM25Index, weights: dict[str, float], limit: int) -> list[Hit]:
    boosts = {t: w / (index.idf(t) or 1.0) for t, w in weights.items()}
    return index.search(list(weights), boosts=boosts, limit=limit)


_LIST_SPLIT = re.compile(r";|,|\s+and\s+|\s+or\s+", re.IGNORECASE)
