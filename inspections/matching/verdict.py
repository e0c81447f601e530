"""A transparent, rule-based verdict from the wording inspectors use.

Inspectors' letters grade progress in ordinary words: "remains too variable",
"not yet", "more work is required", "is now", "a strength". The rules below
are those words, each with the verdict it points to and a weight. The verdict
of a passage is read only from the sentences that mention what the finding is
about, so praise for one service does not clear a criticism of another in the
same paragraph. Every cue found is reported, so a person can see why.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

IMPROVED = "improved"
SOME_PROGRESS = "some_progress"
NO_PROGRESS = "no_progress"
TOO_EARLY = "too_early"
NOT_LOOKED_AT = "not_looked_at"

VERDICT_LABELS: dict[str, str] = {
    IMPROVED: "Improved",
    SOME_PROGRESS: "Some progress",
    NO_PROGRESS: "No progress or worse",
    TOO_EARLY: "Too early to judge",
    NOT_LOOKED_AT: "Not looked at",
}

# (regular expression over lower-case text, verdict it points to, weight).
# Longer cues are tried first and cues never overlap, so "more work is
# required" counts once, as some progress, not also as "required".
CUES: tuple[tuple[str, str, float], ...] = (
    # too early to judge
    (r"too early", TOO_EARLY, 2.0),
    (r"too soon", TOO_EARLY, 2.0),
    (r"not yet in (use|place)", TOO_EARLY, 1.5),
    (
        r"(very |only )?recently (been )?(introduced|implemented|launched|developed|established|"
        r"commissioned|appointed|created)",
        TOO_EARLY,
        1.0,
    ),
    (r"early days", TOO_EARLY, 1.5),
    (r"yet to (be|have) (\w+ )?(tested|evaluated|embedded|demonstrated|made)", TOO_EARLY, 1.5),
    # some progress
    (r"more (work )?(is|remains) (required|needed)", SOME_PROGRESS, 2.0),
    (r"(there is |is |still )?(much )?more to do", SOME_PROGRESS, 2.0),
    (r"further (work|improvement|development)", SOME_PROGRESS, 1.5),
    (r"not yet (fully|consistently|sufficiently) (embedded|established|good)", SOME_PROGRESS, 2.0),
    (r"(is|are) improving", SOME_PROGRESS, 1.5),
    (r"improving", SOME_PROGRESS, 1.0),
    (r"(beginning|begun|starting|started|begin|starts) to", SOME_PROGRESS, 1.5),
    (r"some (improvements?|progress)", SOME_PROGRESS, 1.5),
    (r"early evidence", SOME_PROGRESS, 1.0),
    (r"increasingly", SOME_PROGRESS, 1.0),
    (r"(progress|improvements?) (has|have) been made", SOME_PROGRESS, 1.5),
    (r"some variance", SOME_PROGRESS, 1.5),
    (r"underway", SOME_PROGRESS, 1.0),
    (r"(most|generally|mostly|majority|in the main|many)", SOME_PROGRESS, 0.5),
    # no progress or worse
    (
        r"remains? (low|poor|weak|limited|an area|a concern|inconsistent|variable|too \w+)",
        NO_PROGRESS,
        2.5,
    ),
    (r"remains?", NO_PROGRESS, 1.0),
    (r"too variable", NO_PROGRESS, 2.0),
    (r"still", NO_PROGRESS, 1.0),
    (r"not yet", NO_PROGRESS, 1.5),
    (
        r"not (always|routinely|consistently|sufficiently|all|timely|effective|evident|clear)",
        NO_PROGRESS,
        1.5,
    ),
    (r"consistent(ly)?", IMPROVED, 0.5),
    (r"inconsistent(ly)?", NO_PROGRESS, 1.5),
    (r"variable|varies|vary|variability|fluctuated", NO_PROGRESS, 1.0),
    (r"insufficient(ly)?|inadequate|poor(ly)?|weak(ness|nesses|er)?", NO_PROGRESS, 1.5),
    (r"lack(s|ing)? (of )?", NO_PROGRESS, 1.5),
    (r"delays?|delayed|drift", NO_PROGRESS, 1.0),
    (r"deteriorat\w*|declined|worse(ned)?", NO_PROGRESS, 2.0),
    (r"too (many|few|long|late|slow)", NO_PROGRESS, 1.5),
    (r"requires? (strengthening|improvement)|under-?developed", NO_PROGRESS, 1.5),
    (r"low|limited|gaps?|concern(s|ing)?", NO_PROGRESS, 1.0),
    (r"(does|do|did|has|have|is|are|was|were) not", NO_PROGRESS, 0.5),
    # improved
    (r"(has|have) (significantly |considerably |much )?improved", IMPROVED, 2.5),
    (r"(is|are) now", IMPROVED, 1.5),
    (r"now", IMPROVED, 0.5),
    (r"improved", IMPROVED, 1.5),
    (r"strength(s|ened)?|strong(ly)?", IMPROVED, 1.5),
    (r"(highly )?effective(ly)?", IMPROVED, 1.0),
    (
        r"good|well|embedded|robust|timely|impressive|thorough|comprehensive|positive(ly)?",
        IMPROVED,
        1.0,
    ),
    (r"high[- ]quality|successful(ly)?|appropriate(ly)?|benefit(s|ing)?|secure", IMPROVED, 1.0),
    (
        r"regular(ly)?|accurate(ly)?|helpful|purposeful|meaningful|skilled|prompt(ly)?"
        r"|thoughtful(ly)?|sensitive(ly)?|tenacious(ly)?",
        IMPROVED,
        1.0,
    ),
)

# A positive word just after one of these says the opposite ("not effective").
NEGATORS = frozenset({"not", "no", "never", "nor", "without", "lack", "lacks", "lacking", "fail"})
NEGATION_WINDOW = 3

# Being listed again under an improvement heading of the later document says
# the weakness is still there.
IMPROVEMENT_HEADING = re.compile(
    r"what needs to improve|priority action|areas? for (priority )?improvement|recommendation",
    re.IGNORECASE,
)
HEADING_WEIGHT = 2.5
LISTED_AGAIN = "listed again under"
# How much one side must outweigh the other for a clear verdict.
MAJORITY = 1.5

_COMPILED = [
    (re.compile(rf"\b(?:{pattern})\b"), verdict, weight) for pattern, verdict, weight in CUES
]
_WORD = re.compile(r"[a-z']+")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9‘'\"(])")


@dataclass(frozen=True)
class Cue:
    text: str  # the words as found, e.g. "remain low" or "not … effective"
    verdict: str
    weight: float


@dataclass(frozen=True)
class Judged:
    verdict: str
    cues: tuple[Cue, ...]
    explanation: str  # "wording: 'remain low', 'too many' → no progress or worse"


def sentences(text: str) -> list[str]:
    text = " ".join(text.split())
    return [s for s in _SENTENCE_END.split(text) if s]


def find_cues(sentence: str) -> list[Cue]:
    lowered = sentence.lower().replace("\u2019", "'")
    spans: list[tuple[int, int, str, float]] = []
    for pattern, verdict, weight in _COMPILED:
        for m in pattern.finditer(lowered):
            spans.append((m.start(), m.end(), verdict, weight))
    # Longest first; earlier table rows win ties; no two cues share a character.
    order = {id(s): i for i, s in enumerate(spans)}
    spans.sort(key=lambda s: (-(s[1] - s[0]), order[id(s)]))
    taken: list[tuple[int, int]] = []
    chosen: list[tuple[int, int, str, float]] = []
    for start, end, verdict, weight in spans:
        if any(start < t_end and t_start < end for t_start, t_end in taken):
            continue
        taken.append((start, end))
        chosen.append((start, end, verdict, weight))
    chosen.sort()
    cues = []
    for start, end, verdict, weight in chosen:
        words = lowered[start:end].strip()
        if verdict in (IMPROVED, SOME_PROGRESS):
            before = _WORD.findall(lowered[:start])[-NEGATION_WINDOW:]
            negator = next(
                (w for w in reversed(before) if w in NEGATORS or w.endswith("n't")), None
            )
            if negator is not None:
                cues.append(Cue(f"{negator} … {words}", NO_PROGRESS, max(weight, 1.0)))
                continue
        cues.append(Cue(words, verdict, weight))
    return cues


def judge(
    passages: Sequence[tuple[str, str]],
    *,
    fallback: str = SOME_PROGRESS,
) -> Judged:
    """The verdict for (heading, relevant sentences) pairs of the best passages."""
    cues: list[Cue] = []
    for heading, text in passages:
        listed = IMPROVEMENT_HEADING.search(heading or "")
        if listed:
            printed = heading[: listed.end()].strip()
            cues.append(Cue(f"{LISTED_AGAIN} '{printed}'", NO_PROGRESS, HEADING_WEIGHT))
        for sentence in sentences(text):
            cues.extend(find_cues(sentence))
    verdict = decide(cues, fallback=fallback)
    return Judged(verdict, tuple(cues), explain(cues, verdict))


def decide(cues: Sequence[Cue], *, fallback: str = SOME_PROGRESS) -> str:
    total = {IMPROVED: 0.0, SOME_PROGRESS: 0.0, NO_PROGRESS: 0.0, TOO_EARLY: 0.0}
    for cue in cues:
        total[cue.verdict] += cue.weight
    good, some, bad, early = (
        total[IMPROVED],
        total[SOME_PROGRESS],
        total[NO_PROGRESS],
        total[TOO_EARLY],
    )
    if early and early >= max(good, bad):
        return TOO_EARLY
    verdict = _balance(good, some, bad, fallback)
    if verdict == IMPROVED and any(c.text.startswith(LISTED_AGAIN) for c in cues):
        # Inspectors who list the weakness again do not think it has improved.
        return SOME_PROGRESS
    return verdict


def _balance(good: float, some: float, bad: float, fallback: str) -> str:
    if not (good or some or bad):
        return fallback
    # Clear majorities decide; anything mixed is "some progress", which is
    # what inspectors usually mean when praise and criticism sit together.
    if bad > 0 and bad >= MAJORITY * (good + some):
        return NO_PROGRESS
    if good > 0 and good >= MAJORITY * (bad + some):
        return IMPROVED
    return SOME_PROGRESS


def explain(cues: Sequence[Cue], verdict: str) -> str:
    label = VERDICT_LABELS[verdict]
    if not cues:
        return f"no verdict wording found → {label.lower()} (for a person to decide)"
    # Show the cues that agree with the verdict first, at most five.
    # Being listed again is the strongest sign and always shown.
    ordered = sorted(
        cues,
        key=lambda c: (not c.text.startswith(LISTED_AGAIN), c.verdict != verdict, -c.weight),
    )
    shown = ", ".join(f"'{c.text}'" for c in _unique(ordered)[:5])
    return f"wording: {shown} → {label.lower()}"


def _unique(cues: Iterable[Cue]) -> list[Cue]:
    seen: set[str] = set()
    out = []
    for cue in cues:
        if cue.text not in seen:
            seen.add(cue.text)
            out.append(cue)
    return out
