"""How much a term says about what a finding is about, learned from the corpus.

``data/item_frequency.json`` is made by ``bench/build_item_frequency.py`` from
every improvement item of the corpus. A word found in many items ("ensure",
"consistently", "quality", "continue") is the filler of recommendation wording
and weighs little; a word found in few ("interviews", "fostering") is the
subject and weighs fully. Domain concepts are subjects by definition.

The same file says in how many paragraphs of the corpus each domain concept
occurs. A concept found throughout letters, whatever they are about
("management oversight", "children in care": one paragraph in twenty or more)
is generic and cannot alone make a link. Being in most letters is not enough:
inspectors comment on caseloads, thresholds or strategy discussions in nearly
every letter, but in one or two paragraphs of it, and a passage naming them
speaks about them.
"""

from __future__ import annotations

import functools
import json
import math
from dataclasses import dataclass
from pathlib import Path

from inspections.matching.text import CONCEPT_PREFIX, is_stop

DATA = Path(__file__).with_name("data") / "item_frequency.json"
# A word in at most this share of items is all subject: it keeps its full weight.
SUBJECT_SHARE = 0.02
# The least a word can weigh, however common in items.
FLOOR = 0.15
# A domain concept ("return home interviews") says more than any one word.
CONCEPT_BOOST = 2.0
# A concept in at least this share of all paragraphs is generic.
GENERIC_SHARE = 0.05


@dataclass(frozen=True)
class CorpusWeights:
    items: int
    item_counts: dict[str, int]
    paragraphs: int
    paragraph_counts: dict[str, int]

    def filler_factor(self, term: str) -> float:
        """1.0 for a subject word or a concept, down to ``FLOOR`` for filler."""
        if term.startswith(CONCEPT_PREFIX) or not self.items:
            return 1.0
        n = self.item_counts.get(term)
        if n is None and "-" in term:
            # A compound the counts do not know is as much a subject as its
            # most telling part ("child-centred" as "centred").
            parts = [p for p in term.split("-") if not is_stop(p)]
            return max((self.filler_factor(p) for p in parts), default=1.0)
        n = n or 0
        full = math.log(1 / SUBJECT_SHARE)
        return max(FLOOR, min(1.0, math.log(self.items / (n + 1)) / full))

    def is_generic(self, term: str) -> bool:
        """A domain phrase found throughout letters; words are weighed by ``filler_factor``."""
        if not self.paragraphs or not term.startswith(CONCEPT_PREFIX):
            return False
        return self.paragraph_counts.get(term, 0) >= GENERIC_SHARE * self.paragraphs


@functools.cache
def corpus_weights(path: Path = DATA) -> CorpusWeights:
    data = json.loads(path.read_text())
    return CorpusWeights(data["items"], data["terms"], data["paragraphs"], data["in_paragraphs"])


NO_WEIGHTS = CorpusWeights(0, {}, 0, {})


def concept_boost(term: str) -> float:
    """A domain concept ("return home interviews") says more than any one word."""
    return CONCEPT_BOOST if term.startswith(CONCEPT_PREFIX) else 1.0
