"""How a finding is worded: what it names before saying why, where the weakness is,
the aspects it lists, and how much of it a passage covers. Plain text rules, no state."""

from __future__ import annotations

import re
from collections.abc import Sequence

from inspections.matching.text import Term, Vocabulary, label, normalise

# "the quality of pathway plans, the suitability of accommodation and the
# availability of health histories": a list of aspects, each of which a later
# document may take up on its own.
_ASPECT_SPLIT = re.compile(r";|,\s+(?:and\s+|or\s+)?(?=the\b)|\s+and\s+(?=the\b)", re.IGNORECASE)
MIN_ASPECT_TERMS = 2


def aspects_of(finding: str) -> list[str]:
    parts = [p.strip() for p in _ASPECT_SPLIT.split(finding) if p.strip()]
    return parts if len(parts) > 1 else []


# "the stability of the workforce in the disabled children's team": what follows
# "in the" and ends in a team, service or hub says where the weakness is, not what.
_WHERE = (
    r"(?:the|its|their|each|all|both|three|two|four) (?:[\w'-]+ ){0,5}?(?:teams?|services?|hubs?)"
)
_PLACE = re.compile(
    rf"\b(?:in|within|across) {_WHERE}(?:,? and {_WHERE})*\b",
    re.IGNORECASE,
)


# "Management oversight and supervision, to ensure the quality of records": what
# follows "to ensure" says why; the words before it say what the finding is about.
_PURPOSE = re.compile(
    r",?\s+(?:to|so as to|in order to) (?:ensure|support|drive|enable)\b|,?\s+so that\b",
    re.IGNORECASE,
)


# "Child protection strategy discussions, including: timeliness; …"
INCLUDING = re.compile(r",?\s+including\b", re.IGNORECASE)
# "The recording of the rationale for decision-making concerning parental consent"
CONCERNING = re.compile(
    r"\b(?:concerning|regarding|relating to|in relation to|with regard to|in respect of)\b",
    re.IGNORECASE,
)


def head_text(finding: str) -> str:
    """What a finding names before saying why it matters (all of it if it does not)."""
    purpose = _PURPOSE.search(finding)
    return finding if purpose is None else finding[: purpose.start()]


def head(finding: str, weights: dict[str, float], vocabulary: Vocabulary) -> dict[str, float]:
    """The weights of the terms a finding names before saying why (all of them when
    it says no why, or names nothing before it)."""
    before = set(vocabulary.terms(head_text(finding)))
    head = {t: w for t, w in weights.items() if t in before}
    return head or weights


def place_terms(finding: str, positioned: Sequence[Term]) -> set[str]:
    """The terms of a finding written only inside a phrase saying where."""
    spans = [(m.start(), m.end()) for m in _PLACE.finditer(normalise(finding))]
    inside = {t.key for t in positioned if any(a <= t.start and t.end <= b for a, b in spans)}
    outside = {t.key for t in positioned if not any(a <= t.start and t.end <= b for a, b in spans)}
    return inside - outside


def words_within_concepts(positioned: Sequence[Term]) -> dict[str, set[str]]:
    spans = [t for t in positioned if t.is_concept]
    within: dict[str, set[str]] = {}
    for term in positioned:
        if not term.is_concept:
            for concept in spans:
                if concept.start <= term.start and term.end <= concept.end:
                    within.setdefault(term.key, set()).add(concept.key)
    return within


def coverage_of(
    matched: Sequence[str],
    weights: dict[str, float],
    aspects: list[set[str]],
    within: dict[str, set[str]],
) -> tuple[float, int | None]:
    """Share of the finding's weight found, or of its best-covered aspect (and which)."""
    found = set(matched)
    found |= {word for word, concepts in within.items() if concepts & found}
    # "fostering" of "private fostering" in "fostering to adopt" is another thing
    found -= {word for word, concepts in within.items() if not concepts & found}
    total = sum(weights.values()) or 1.0
    best, which = sum(weights[t] for t in found) / total, None
    for index, aspect in enumerate(aspects):
        aspect_weight = sum(weights.get(t, 0.0) for t in aspect)
        if len(aspect) >= MIN_ASPECT_TERMS and aspect_weight:
            share = sum(weights.get(t, 0.0) for t in aspect & found) / aspect_weight
            if share > best:
                best, which = share, index
    return best, which


def display(found: tuple[str, ...], forms: dict[str, str]) -> tuple[str, ...]:
    """Terms as the finding wrote them; a word inside a matched concept is not repeated."""
    shown: list[str] = []
    for term in found:
        text = forms.get(term, label(term))
        if any(text.lower() in s.lower() for s in shown):
            continue
        shown.append(text)
    return tuple(shown)


def named_first_text(finding: str) -> str | None:
    """What a finding says it is about when it lists what it includes (the words
    before "including") or says what it concerns (the words after "concerning");
    None for a finding that does neither."""
    head = head_text(finding)
    including = INCLUDING.search(head)
    if including is not None:
        return head[: including.start()]
    concerning = CONCERNING.search(head)
    if concerning is not None:
        return head[concerning.end() :]
    return None
