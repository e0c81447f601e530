"""Turning text into terms: tokens, light stemming, stop words and domain concepts.

A *term* is either a stemmed word ("interview") or a concept from
``synonyms.CONCEPTS`` written as ``CONCEPT_PREFIX + label``. Every text — a
finding, a paragraph — goes through the same ``terms`` function so that they
can be compared.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from inspections.matching.synonyms import CASE_SENSITIVE, CONCEPTS

CONCEPT_PREFIX = "~"

# Besides grammar words: the wording of recommendations ("ensure", "provide"),
# connecting words ("concerning") and "to play a full role", whose subject is who
# plays it and where.
STOP_WORDS: frozenset[str] = frozenset(
    """
    a about above after again against all also am an and any are as at be because been
    before being below between both but by can could did do does doing down during each
    few for from further had has have having he her here hers herself him himself his how
    i if in into is it its itself just me more most my myself no nor not now of off on
    once only or other our ours ourselves out over own same she should so some such than
    that the their theirs them themselves then there these they this those through to too
    under until up very was we were what when where which while who whom why will with
    would you your yours yourself yourselves within without upon across per via whether
    may might must shall us well however although though therefore thus including
    made make makes making ensure ensures ensured ensuring provide provides provided
    concerning regarding relating
    play plays played playing role roles
    """.split()  # noqa: SIM905 (a word list reads best as words)
)

# Words that appear everywhere in these documents and say nothing about what a
# finding is about.
DOMAIN_STOP_WORDS: frozenset[str] = frozenset(
    """
    child children young people person local authority authorities council ofsted
    inspector inspectors inspection visit letter report area areas particular
    """.split()  # noqa: SIM905 (a word list reads best as words)
)

# Words that say how well something is done, not what it is: they carry the
# verdict (read from sentences in ``verdict``), never the topic, so they must
# not make "not yet consistently good" about the same thing as "is good".
EVALUATIVE_WORDS: frozenset[str] = frozenset(
    """
    good better best strong stronger strength strengths weak weaker weakness weaknesses
    poor poorly consistent consistently inconsistent inconsistency variable variability
    sufficient sufficiently insufficient effective effectively ineffective improve improved
    improving improvement improvements progress required require requires need needs needed
    work yet still remain remains remained always routinely overall much further fully
    embedded increasingly positive positively appropriate appropriately helpful
    consistency inconsistency robust robustness
    """.split()  # noqa: SIM905 (a word list reads best as words)
)

_TOKEN = re.compile(r"[A-Za-z0-9]+(?:'[A-Za-z]+)?")
# A hyphenated compound ("long-term", "child-centred") is one word: its parts
# alone mean something else ("in the long term").
_WORD = re.compile(r"[A-Za-z]+(?:-[A-Za-z]+)+|[A-Za-z0-9]+(?:'[A-Za-z]+)?")
_QUOTES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'", "`": "'"})


@dataclass(frozen=True)
class Token:
    raw: str  # as written, for abbreviations such as "PA"
    stem: str
    start: int  # character offsets in the normalised text
    end: int


def normalise(text: str) -> str:
    return text.translate(_QUOTES)


@functools.lru_cache(maxsize=65536)  # a report repeats its words: most calls are repeats
def stem(word: str) -> str:
    """A light English stemmer: plurals, -ing, -ed, -ness and a final e.

    Deliberately conservative: it only has to make "interviews" meet
    "interview" and "planning" meet "plans", not to be linguistically right.
    """
    w = word.lower()
    if w.endswith("'s"):
        w = w[:-2]
    w = w.rstrip("'")
    if len(w) <= 3 or w.isdigit():
        return w
    if w.endswith("iness"):
        w = w[:-5] + "y"
    elif w.endswith("ness") and len(w) > 6:
        w = w[:-4]
    if w.endswith("ies") and len(w) > 4:
        w = w[:-3] + "y"
    elif w.endswith("sses"):
        w = w[:-2]
    elif w.endswith("s") and not w.endswith(("ss", "us", "is")):
        w = w[:-1]
    for suffix in ("ing", "ed"):
        if w.endswith(suffix) and len(w) - len(suffix) >= 3:
            base = w[: -len(suffix)]
            if not any(v in base for v in "aeiouy"):
                break
            w = base
            if len(w) > 3 and w[-1] == w[-2] and w[-1] not in "lsz":
                w = w[:-1]
            break
    if w.endswith("e") and len(w) > 4:
        w = w[:-1]
    return w


def compound_stem(word: str) -> str:
    """The stem of a word, a hyphenated compound stemmed part by part."""
    return "-".join(stem(part) for part in word.split("-"))


def tokens(text: str) -> list[Token]:
    """The words of a text, a hyphenated compound as one word."""
    text = normalise(text)
    return [
        Token(m.group(), compound_stem(m.group()), m.start(), m.end()) for m in _WORD.finditer(text)
    ]


def phrase_tokens(text: str) -> list[Token]:
    """The words of a text with compounds split, for finding concept phrases.

    A concept is the same whether written "life-story work" or "life story
    work"; only the words outside concepts keep their compounds whole.
    """
    text = normalise(text)
    return [Token(m.group(), stem(m.group()), m.start(), m.end()) for m in _TOKEN.finditer(text)]


def is_stop(stemmed: str) -> bool:
    if "-" in stemmed:  # a compound says nothing when none of its parts does ("up-to-date")
        return all(is_stop(part) for part in stemmed.split("-"))
    return stemmed in _STOP_STEMS or stemmed.isdigit() and len(stemmed) > 2


_STOP_STEMS = (
    frozenset(stem(w) for w in STOP_WORDS | DOMAIN_STOP_WORDS | EVALUATIVE_WORDS) | STOP_WORDS
)


@dataclass(frozen=True)
class _Phrase:
    concept: str
    parts: tuple[str, ...]  # stems, or raw forms when case-sensitive
    case_sensitive: bool


@dataclass(frozen=True)
class Term:
    key: str  # what is indexed: a stem or CONCEPT_PREFIX + label
    start: int  # character offsets in the normalised text
    end: int

    @property
    def is_concept(self) -> bool:
        return self.key.startswith(CONCEPT_PREFIX)


SEEN_LIMIT = 50_000


class Vocabulary:
    """The concept phrases, indexed by their first word so a text is read once."""

    def __init__(
        self,
        concepts: Mapping[str, tuple[str, ...]] = CONCEPTS,
        case_sensitive: frozenset[str] = CASE_SENSITIVE,
    ) -> None:
        self.concepts = dict(concepts)
        self._index: dict[str, list[_Phrase]] = {}
        for concept, phrases in concepts.items():
            for phrase in phrases:
                exact = phrase in case_sensitive
                parts = tuple(t.raw if exact else t.stem for t in phrase_tokens(phrase))
                if parts:
                    self._index.setdefault(parts[0], []).append(_Phrase(concept, parts, exact))
        for entries in self._index.values():
            entries.sort(key=lambda p: -len(p.parts))
        self._seen: dict[str, tuple[Term, ...]] = {}

    def terms_with_positions(self, text: str) -> list[Term]:
        # A document's sentences and an authority's findings are read again and
        # again while matching: remember each text's terms.
        found = self._seen.get(text)
        if found is None:
            if len(self._seen) >= SEEN_LIMIT:
                self._seen.clear()
            found = self._seen[text] = tuple(self._terms_with_positions(text))
        return list(found)

    def _terms_with_positions(self, text: str) -> list[Term]:
        """Concept terms where a known phrase occurs, then every content word.

        Words inside a concept phrase are kept as well, so "oversight" alone
        still partly matches "management oversight"; abbreviations are not kept
        as words.
        """
        toks = phrase_tokens(text)
        found: list[Term] = []
        abbreviation_starts: set[int] = set()
        matched_until = 0
        for i in range(len(toks)):
            phrase = self._match_at(toks, i)
            if phrase is None or i + len(phrase.parts) <= matched_until:
                continue  # nothing here, or a shorter phrase inside one already found
            end = i + len(phrase.parts)
            matched_until = end
            found.append(Term(CONCEPT_PREFIX + phrase.concept, toks[i].start, toks[end - 1].end))
            if phrase.case_sensitive:
                abbreviation_starts.update(t.start for t in toks[i:end])
        for tok in tokens(text):
            if tok.start in abbreviation_starts or len(tok.stem) < 2 or is_stop(tok.stem):
                continue
            found.append(Term(tok.stem, tok.start, tok.end))
        return found

    def terms(self, text: str) -> list[str]:
        return [t.key for t in self.terms_with_positions(text)]

    def _match_at(self, toks: list[Token], i: int) -> _Phrase | None:
        candidates = self._index.get(toks[i].stem, [])
        if toks[i].raw != toks[i].stem:
            candidates = candidates + self._index.get(toks[i].raw, [])
        best: _Phrase | None = None
        for phrase in candidates:
            n = len(phrase.parts)
            if i + n > len(toks) or (best is not None and n <= len(best.parts)):
                continue
            window = toks[i : i + n]
            got = tuple(t.raw if phrase.case_sensitive else t.stem for t in window)
            if got == phrase.parts:
                best = phrase
        return best


DEFAULT_VOCABULARY = Vocabulary()


def terms(text: str, vocabulary: Vocabulary = DEFAULT_VOCABULARY) -> list[str]:
    return vocabulary.terms(text)


def label(term: str) -> str:
    """How a term is shown to people in a reason."""
    return term[len(CONCEPT_PREFIX) :] if term.startswith(CONCEPT_PREFIX) else term


def labels(found: Iterable[str]) -> list[str]:
    return [label(t) for t in found]


def surface_forms(text: str, vocabulary: Vocabulary = DEFAULT_VOCABULARY) -> dict[str, str]:
    """For each term of a text, the words as first written there (for reasons)."""
    text_n = normalise(text)
    forms: dict[str, str] = {}
    for term in vocabulary.terms_with_positions(text):
        if term.key not in forms:
            forms[term.key] = label(term.key) if term.is_concept else text_n[term.start : term.end]
    return forms
