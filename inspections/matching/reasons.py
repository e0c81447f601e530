"""What a suggestion tells a manager: how far to trust it, in plain words, and why, in one
sentence that names where the document says it."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from inspections.matching.verdict import (
    BROADER,
    NARROWER,
    NOT_ENOUGH_EVIDENCE,
    SAME,
    Judged,
    Reading,
)

if TYPE_CHECKING:
    from inspections.matching.engine import RankedPassage

# Confidence in plain words, from the proposal's score (0..1).
STRONG = 0.6
SOME = 0.35


CONFIDENCE_HINTS = {
    "strong": "the document speaks about this finding and says clearly how it stands",
    "some": "the document speaks about it; check the verdict against the paragraphs",
    "weak": "little to go on: read the paragraphs before you confirm",
}


def confidence_word(score: float | None) -> str:
    """ "strong", "some" or "weak": how far a person may lean on a suggestion."""
    if score is None:
        return "weak"
    return "strong" if score >= STRONG else "some" if score >= SOME else "weak"


def confidence(coverage: float, verdict: str, listed: bool, decisive: Reading | None) -> float:
    """How far the suggestion can be trusted: how much of the finding the passages
    speak about, and whether a sentence clearly decided the verdict."""
    if listed:
        return max(coverage, STRONG)
    if verdict == NOT_ENOUGH_EVIDENCE or decisive is None:
        return min(coverage, SOME - 0.01)
    return min(1.0, 0.5 * coverage + 0.5 * min(1.0, decisive.relevance + 0.3))


def reason_sentence(judged: Judged, ranked: tuple[RankedPassage, ...]) -> str:
    """One sentence a manager can check: where the document says it, in its words."""
    subject = and_list(ranked[0].matched[:3]) if ranked else "the finding"
    if judged.listed is not None:
        listed = judged.listed
        what = {
            SAME: "the same weakness again",
            NARROWER: "a narrower part of it again",
            BROADER: "it again within a broader item",
        }[listed.scope]
        return f"The document lists {what} ({listed.where}: \u2018{listed.item.strip()}\u2019)."
    decisive = judged.decisive
    if decisive is not None:
        where = (decisive.where or "A passage").capitalize()
        return f"{where} says \u2018{decisive.sentence}\u2019"
    where = (ranked[0].label or "A passage").capitalize() if ranked else "A passage"
    return f"{where} speaks about {subject} but says nothing that grades progress."


def and_list(words: Sequence[str]) -> str:
    words = list(words)
    if len(words) <= 1:
        return "".join(words) or "the finding"
    return ", ".join(words[:-1]) + " and " + words[-1]
