"""Suggesting the judgement area of a finding: plain Python, no Django.

The evidence, strongest first:
- the National Framework reference printed after the item ("(outcome 4, national
  framework)") narrows the areas to those its era maps that outcome or enabler to;
- the judgement section of the report that discusses the item: the passage that
  shares most of the item's terms, under a heading that names an area ("The
  experiences and progress of care leavers: good");
- the item's own words (with the heading of its list and the sentence it continues),
  against each area's keywords; both go through the matching engine's ``terms``, so
  its synonyms ("RHI" for "return home interviews", "PA" for "personal adviser")
  count here too;
- for a letter whose item says nothing of its own, the focus of the visit.
A summary area (overall effectiveness) is drawn from the others and never suggested.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass

from inspections.matching import terms
from inspections.parsing import framework as national_framework

CONCEPT = "~"
# A passage must share this much with an item to count as the place the report discusses it.
MIN_PASSAGE_SCORE = 3
SECTION_WEIGHT = 3


@dataclass(frozen=True)
class AreaOption:
    key: int | str
    name: str
    keywords: tuple[str, ...] = ()
    national_framework: tuple[str, ...] = ()  # "outcome 4", "enabler 2"
    summary: bool = False


@dataclass(frozen=True)
class Passage:
    heading: str
    text: str
    where: str = ""  # "paragraph 17"


@dataclass(frozen=True)
class Suggestion:
    key: int | str
    reason: str


def framework_code(kind: str | None, number: int | None) -> str:
    """'outcome 4': how an era's areas list the references that point to them."""
    return f"{kind} {number}" if kind and number else ""


@functools.lru_cache(maxsize=4096)
def _terms(text: str) -> frozenset[str]:
    return frozenset(terms(text))


def _names(keyword: frozenset[str], item: frozenset[str]) -> bool:
    """Whether an item says a keyword: its concept (in any of the concept's phrasings),
    or else all its words."""
    concepts = {t for t in keyword if t.startswith(CONCEPT)}
    return bool(keyword) and (concepts <= item if concepts else keyword <= item)


def _weight(found: frozenset[str]) -> int:
    return sum(2 if t.startswith(CONCEPT) else 1 for t in found)


def _keyword_terms(option: AreaOption) -> frozenset[str]:
    return (
        frozenset().union(*(_terms(k) for k in option.keywords)) if option.keywords else frozenset()
    )


_GRADE_RE = re.compile(r"\s*:\s*[^:]*$")


def _plain(name: str) -> str:
    name = _GRADE_RE.sub("", name.lower()).strip()
    return re.sub(r"^the\s+|[^a-z0-9 ]", "", " ".join(name.split())).strip()


def area_of_heading(options: Sequence[AreaOption], heading: str) -> AreaOption | None:
    """The area a judgement heading names ("The experiences and progress of care
    leavers: good"), the longest name first so that "children in care and care leavers"
    is not read as "children in care"."""
    plain = _plain(heading)
    if not plain:
        return None
    for option in sorted(options, key=lambda o: -len(o.name)):
        name = _plain(option.name)
        if name and (plain == name or plain.startswith(name)):
            return option
    return None


def suggest_area(
    options: Sequence[AreaOption],
    *,
    text: str,
    heading: str = "",
    context: str = "",
    framework: tuple[str, int] | None = None,
    passages: Sequence[Passage] = (),
    source: str = "",
    focus: str = "",
) -> Suggestion | None:
    """The area a reader would most likely put the item in, with the reason; None when
    nothing points to one. ``source`` is the passage a sentence was taken from and
    ``focus`` the focus of the visit: each is read only when nothing nearer decides."""
    candidates = [o for o in options if not o.summary]
    if not candidates:
        return None
    reasons: list[str] = []
    code = framework_code(*(framework or (None, None)))
    cited = [o for o in candidates if code and code in o.national_framework]
    if cited:
        title = national_framework.title(*framework)
        reasons.append(f"the National Framework {code} ({title})")
        candidates = cited
        if len(cited) == 1:
            return Suggestion(cited[0].key, _sentence(reasons))
    item = _terms(" ".join(f"{text} {heading} {context}".split()))
    scores = {o.key: _weight(item & _keyword_terms(o)) for o in candidates}
    section = _discussed_under(candidates, item, passages)
    if section is not None:
        scores[section[0].key] += SECTION_WEIGHT
    best = max(candidates, key=lambda o: scores[o.key])  # the first of equals: the era's order
    if scores[best.key] > 0:
        if section is not None and section[0].key == best.key:
            where = f" ({section[1].where})" if section[1].where else ""
            reasons.append(f"where the report discusses it, “{section[1].heading}”{where}")
        shown: dict[frozenset[str], str] = {}  # one keyword per meaning: "records", not "recording"
        for keyword in best.keywords:
            if _names(_terms(keyword), item):
                shown.setdefault(_terms(keyword), keyword)
        words = list(shown.values())
        if words:
            reasons.append("its words " + ", ".join(f"“{w}”" for w in words))
        elif section is None or section[0].key != best.key:
            reasons.append("words it shares with the area's keywords")
        return Suggestion(best.key, _sentence(reasons))
    for text_around, where in (
        (source, "the paragraph it comes from"),
        (focus, "the focus of the visit"),
    ):
        nearby = suggest_area(candidates, text=text_around) if text_around else None
        if nearby is not None:
            reasons.append(where)
            return Suggestion(nearby.key, _sentence(reasons))
    if cited:
        return Suggestion(cited[0].key, _sentence(reasons))
    return None


def _discussed_under(
    candidates: Sequence[AreaOption], item: frozenset[str], passages: Sequence[Passage]
) -> tuple[AreaOption, Passage] | None:
    """The area whose judgement section holds the passage most like the item."""
    best: tuple[int, AreaOption, Passage] | None = None
    for passage in passages:
        option = area_of_heading(candidates, passage.heading)
        if option is None:
            continue
        score = _weight(item & _terms(passage.text))
        if score >= MIN_PASSAGE_SCORE and (best is None or score > best[0]):
            best = (score, option, passage)
    return (best[1], best[2]) if best else None


def _sentence(reasons: list[str]) -> str:
    return "Suggested from " + "; ".join(reasons) + "." if reasons else "Suggested."
