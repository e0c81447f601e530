"""Measuring the matcher against a hand-made key of real histories.

A key file (``tests/inspections/matching_key/*.json``) lists, for every
improvement item of an authority's documents and every later document, the
verdict a careful reader gives and the paragraphs that speak about the item
(a printed paragraph number, or a few words of an unnumbered passage).

``evaluate`` runs the matcher over parsed documents exactly as the importer
feeds it (the later document's paragraphs and its own improvement items) and
compares. Plain data in and out; the caller parses the files.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from inspections.matching.engine import ITEM, Matcher, Passage
from inspections.matching.verdict import NOT_LOOKED_AT

# Sentences that describe the visit, not the children's services: never evidence.
# Written independently of the matcher's own rule, so that the measure checks it.
_SCOPE = re.compile(
    r"^(this visit was carried out|inspectors (looked at|considered|reviewed|spoke)|"
    r"this letter summarises|ofsted will take the findings|"
    r"her majesty's chief inspector|his majesty's chief inspector)",
    re.IGNORECASE,
)
TOP = 3


@dataclass(frozen=True)
class PairResult:
    authority: str
    earlier: str
    item: int
    later: str
    key_verdict: str
    key_paragraphs: frozenset[int]  # paragraph orders that speak about the item
    verdict: str
    ranked: tuple[int, ...]  # paragraph orders suggested, best first (items left out)
    reason: str
    decisive: str
    scope_quoted: bool

    @property
    def key_links(self) -> bool:
        return self.key_verdict != NOT_LOOKED_AT

    @property
    def linked(self) -> bool:
        return self.verdict != NOT_LOOKED_AT

    @property
    def top1(self) -> bool:
        return bool(self.ranked) and self.ranked[0] in self.key_paragraphs

    @property
    def top3(self) -> bool:
        return any(order in self.key_paragraphs for order in self.ranked[:TOP])

    @property
    def wrong_link(self) -> bool:
        """A suggested link where the document does not speak about the item, or
        where none of the passages shown is one that does."""
        return self.linked and (not self.key_links or (bool(self.ranked) and not self.top3))


@dataclass(frozen=True)
class Figures:
    pairs: int
    key_links: int
    suggested_links: int
    recall: float
    wrong_share: float
    paragraph_top1: float
    paragraph_top3: float
    verdict_agreement: float
    scope_quotes: int
    by_verdict: dict[str, tuple[int, int]] = field(default_factory=dict)  # key verdict → (agree, n)

    def as_dict(self) -> dict[str, Any]:
        return {k: getattr(self, k) for k in self.__dataclass_fields__}


def load_key(path: Path) -> dict[str, Any]:
    return json.loads(Path(path).read_text())


def passages_of(report: Any) -> list[Passage]:
    """A parsed document's passages as the importer gives them to the matcher."""
    passages = [
        Passage(("paragraph", p.order), p.text, p.heading, _label(p)) for p in report.paragraphs
    ]
    for section in report.improvement_sections:
        for order, item in enumerate(section.items, start=1):
            passages.append(
                Passage(("item", order), item.text, section.heading, f"item {order}", kind=ITEM)
            )
    return passages


def _label(paragraph: Any) -> str:
    if paragraph.number:
        return f"paragraph {paragraph.number}"
    if paragraph.page:
        return f"page {paragraph.page}"
    return f"passage {paragraph.order}"


def resolve(reference: int | str, paragraphs: Sequence[Any]) -> list[int]:
    """The orders of the paragraphs a key reference names (none if it names none)."""
    if isinstance(reference, int):
        return [p.order for p in paragraphs if p.number == reference]
    words = " ".join(reference.lower().split())
    return [p.order for p in paragraphs if words in " ".join(p.text.lower().split())]


def is_scope_sentence(sentence: str) -> bool:
    return bool(_SCOPE.match(sentence.strip()))


def evaluate(
    key: Mapping[str, Any],
    reports: Mapping[str, Any],
    *,
    matcher_for: Callable[[list[Passage]], Matcher] = Matcher,
) -> list[PairResult]:
    results = []
    matchers: dict[str, Matcher] = {}
    for entry in key["items"]:
        for later, judged in entry["later"].items():
            report = reports[later]
            if later not in matchers:
                matchers[later] = matcher_for(passages_of(report))
            proposal = matchers[later].propose(entry["text"])
            orders: set[int] = set()
            for reference in judged["paragraphs"]:
                orders.update(resolve(reference, report.paragraphs))
            ranked = tuple(r.key[1] for r in proposal.passages if r.key[0] == "paragraph")
            by_order = {p.order: p.text for p in report.paragraphs}
            shown = [by_order[o] for o in ranked[:TOP]]
            decisive = getattr(proposal, "decisive", "") or ""
            scope = any(_opens_with_scope(text) for text in shown) or is_scope_sentence(decisive)
            results.append(
                PairResult(
                    authority=key["authority"],
                    earlier=entry["document"],
                    item=entry["item"],
                    later=later,
                    key_verdict=judged["verdict"],
                    key_paragraphs=frozenset(orders),
                    verdict=proposal.verdict,
                    ranked=ranked,
                    reason=proposal.reason,
                    decisive=decisive,
                    scope_quoted=scope,
                )
            )
    return results


def _opens_with_scope(text: str) -> bool:
    return is_scope_sentence(text)


def summarise(results: Sequence[PairResult]) -> Figures:
    keyed = [r for r in results if r.key_links]
    suggested = [r for r in results if r.linked]
    by_verdict: dict[str, tuple[int, int]] = {}
    for r in results:
        agree, n = by_verdict.get(r.key_verdict, (0, 0))
        by_verdict[r.key_verdict] = (agree + (r.verdict == r.key_verdict), n + 1)
    return Figures(
        pairs=len(results),
        key_links=len(keyed),
        suggested_links=len(suggested),
        recall=_share(sum(r.linked for r in keyed), len(keyed)),
        wrong_share=_share(sum(r.wrong_link for r in suggested), len(suggested)),
        paragraph_top1=_share(sum(r.top1 for r in keyed), len(keyed)),
        paragraph_top3=_share(sum(r.top3 for r in keyed), len(keyed)),
        verdict_agreement=_share(sum(r.verdict == r.key_verdict for r in results), len(results)),
        scope_quotes=sum(r.scope_quoted for r in results),
        by_verdict=by_verdict,
    )


def _share(part: int, whole: int) -> float:
    return round(part / whole, 3) if whole else 0.0
