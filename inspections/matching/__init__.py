"""Retrieval and verdicts for following findings across later documents.

Pure Python, no Django: text in, plain data out. ``Matcher`` ranks a later
document's passages for a finding and proposes a verdict, the sentence that
decided it and a reason; ``evaluation`` measures it against a hand-made key;
``themes`` groups findings of different documents that say the same thing.
"""

from inspections.matching.engine import Matcher, Passage, Proposal, RankedPassage
from inspections.matching.reasons import confidence_word
from inspections.matching.text import DEFAULT_VOCABULARY, Vocabulary, terms
from inspections.matching.verdict import (
    IMPROVED,
    NO_PROGRESS,
    NOT_ENOUGH_EVIDENCE,
    NOT_LOOKED_AT,
    SOME_PROGRESS,
    TOO_EARLY,
    VERDICT_LABELS,
)

__all__ = [
    "DEFAULT_VOCABULARY",
    "IMPROVED",
    "Matcher",
    "NOT_ENOUGH_EVIDENCE",
    "NOT_LOOKED_AT",
    "NO_PROGRESS",
    "Passage",
    "Proposal",
    "RankedPassage",
    "SOME_PROGRESS",
    "TOO_EARLY",
    "VERDICT_LABELS",
    "Vocabulary",
    "confidence_word",
    "terms",
]
