"""A transparent, rule-based verdict, read sentence by sentence.

Inspectors grade progress in ordinary words: "remains too variable", "not
yet", "more work is required", "has improved", "a strength". Each sentence that
speaks about the finding is read on its own:

- its cue words (``CUES``), each pointing to a verdict, a negator just before a
  positive word turning it round ("not effective", "has not improved");
- contrast ("however", "although", "but", "while", "despite") splits it into
  clauses; when the finding's subject sits in one clause only, that clause
  decides ("X has improved, while placement sufficiency continues to be
  problematic" says nothing good about sufficiency); praise and criticism of
  the subject side by side make the sentence mixed;
- "continues to be" and "remains" carry the polarity of what follows them.

The verdict adds up the sentences, weighed by how much of the finding each
speaks about: only good → improved, only bad → no progress, both, or "improving
but not yet…" → some progress; no polar sentence at all → not enough evidence
(never a guess). Being listed again in the later document's own improvement
list is compared by scope: the same or a broader weakness → no progress, a
narrower one → some progress. The sentence that weighed most for the verdict
is kept, so a person sees why.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

IMPROVED = "improved"
SOME_PROGRESS = "some_progress"
NO_PROGRESS = "no_progress"
TOO_EARLY = "too_early"
NOT_LOOKED_AT = "not_looked_at"
NOT_ENOUGH_EVIDENCE = "not_enough_evidence"

VERDICT_LABELS: dict[str, str] = {
    IMPROVED: "Improved",
    SOME_PROGRESS: "Some progress",
    NO_PROGRESS: "No progress or worse",
    TOO_EARLY: "Too early to judge",
    NOT_LOOKED_AT: "Not looked at",
    NOT_ENOUGH_EVIDENCE: "Not enough evidence",
}

# (regular expression over lower-case text, verdict it points to, weight).
# Longer cues are tried first and cues never overlap, so "more work is
# required" counts once, as some progress, not also as "required".
CUES: tuple[tuple[str, str, float], ...] = (
    # too early to judge
    (r"too (early|soon) to", TOO_EARLY, 2.0),
    (r"not yet in (use|place)", TOO_EARLY, 1.5),
    (r"early days", TOO_EARLY, 1.5),
    (r"yet to (be|have) (\w+ )?(tested|evaluated|embedded|demonstrated|made)", TOO_EARLY, 1.5),
    # some progress: the wording of a mixed or unfinished picture
    (r"more (work )?(is |remains )?(required|needed|to (do|be done))", SOME_PROGRESS, 2.0),
    (r"(there is |is |still )?(much )?more to do", SOME_PROGRESS, 2.0),
    (r"further (work|improvement|development)", SOME_PROGRESS, 1.5),
    (r"not yet (fully|consistently|sufficiently) (embedded|established|good)", SOME_PROGRESS, 2.0),
    (r"(is|are) improving|improving", SOME_PROGRESS, 1.5),
    (r"(beginning|begun|starting|started|begin|starts) to", SOME_PROGRESS, 1.5),
    (r"some (improvements?|progress)|incremental (improvements?|progress)", SOME_PROGRESS, 1.5),
    (r"early evidence|in (its|their) infancy", SOME_PROGRESS, 1.0),
    (r"increasingly|gradually", SOME_PROGRESS, 1.0),
    (r"(progress|improvements?) (has|have) been made", SOME_PROGRESS, 1.5),
    (r"underway|still in (the )?progress|in the process of", SOME_PROGRESS, 1.0),
    (r"some way to go|room for (further )?improvement", SOME_PROGRESS, 1.5),
    # "These improvements are, however, more evident at the front door": not everywhere
    (r"(more|most|only) (clearly )?(evident|apparent|visible)", SOME_PROGRESS, 1.5),
    # no progress or worse
    (r"too variable|too inconsistent|variable in quality", NO_PROGRESS, 2.0),
    (
        r"not (yet )?(always|routinely|consistently|sufficiently|all|timely|effective"
        r"|evident|clear)",
        NO_PROGRESS,
        1.5,
    ),
    (r"insufficient progress|slow progress|pace of (change|improvement)", NO_PROGRESS, 2.0),
    # "does not happen often enough", "are not specific enough"
    (r"(not|n't) (\w+ ){0,4}?enough", NO_PROGRESS, 1.5),
    (
        r"(not|yet to) (yet )?(have |has |be )?(had|having|made|making|make|have|show|shown)"
        r" (a |an |any )?(sufficient |consistent |significant |positive |discernible |full )?"
        r"(impact|difference)",
        NO_PROGRESS,
        2.0,
    ),
    (r"inconsistent(ly)?|inconsistency", NO_PROGRESS, 1.5),
    (r"variable|varies|variability|variation|fluctuated", NO_PROGRESS, 1.0),
    (r"insufficient(ly)?|inadequate|poor(ly)?|weak(ness|nesses|er)?|ineffective", NO_PROGRESS, 1.5),
    (r"lack(s|ed|ing)?( of)?|absence of|minimal|underdeveloped|under-developed", NO_PROGRESS, 1.5),
    (r"delays?|delayed|drift|slow|slipped", NO_PROGRESS, 1.0),
    (r"deteriorat\w*|declined|worse(ned)?", NO_PROGRESS, 2.0),
    (
        r"too (many|few|long|late|slow|high|low)|(remain|remains|is|are|was|were) high",
        NO_PROGRESS,
        1.5,
    ),
    (
        r"problematic|an? (\w+ )?challenge|challenges|difficult|fragile|fragility"
        r"|missed opportunit(y|ies)",
        NO_PROGRESS,
        1.0,
    ),
    (r"requires? (strengthening|improvement)", NO_PROGRESS, 1.5),
    (r"limited|limits|gaps?|concern(s|ing)?|shortfalls?|low", NO_PROGRESS, 1.0),
    # improved
    (
        r"(significant|considerable|substantial|marked|notable|good|strong) "
        r"(improvements?|progress)( (has|have) been (made|achieved|seen))?",
        IMPROVED,
        2.0,
    ),
    (r"(has|have) (significantly |considerably |much )?(improved|strengthened)", IMPROVED, 2.5),
    (
        r"(has|have) (been )?(significantly |considerably )?(improved|strengthened|reduced)",
        IMPROVED,
        2.0,
    ),
    (r"(is|are) now", IMPROVED, 1.5),
    (r"improved|strengthened|better", IMPROVED, 1.5),
    (r"strength(s)?|strong(ly)?|outstanding|exceptional|excellent", IMPROVED, 1.5),
    (r"(highly )?effective(ly)?", IMPROVED, 1.0),
    (
        r"good|well|embedded|robust|timely|impressive|thorough|comprehensive|positive(ly)?"
        r"|manageable|stable|stability|swift(ly)?|rigorous",
        IMPROVED,
        1.0,
    ),
    (r"high[- ]quality|successful(ly)?|appropriate(ly)?|benefit(s|ing)?|secure", IMPROVED, 1.0),
    (r"(needs|they) are (well |fully )?met|have their needs (well )?met", IMPROVED, 1.0),
    (
        r"regular(ly)?|accurate(ly)?|helpful|purposeful|meaningful|skilled|prompt(ly)?"
        r"|thoughtful(ly)?|sensitive(ly)?|tenacious(ly)?|consistent(ly)?|clear(ly)?",
        IMPROVED,
        1.0,
    ),
)

# A positive word just after one of these says the opposite ("not effective").
NEGATORS = frozenset(
    {"not", "no", "never", "nor", "without", "lack", "lacks", "lacking", "fail", "fails", "less"}
)
NEGATION_WINDOW = 3
# How much further back a negator reaches across "or" ("not A, or B").
OR_WINDOW = 4
# A positive word just after one of these is an aim, not a finding: "work to
# provide more effective supervision" says nothing about supervision now (but
# "they continue to provide good care" does).
AIMS = re.compile(
    r"(?<!continue )(?<!continues )\b(?:to|will|plans? to|intends? to|aims? to) (?:further )?"
    r"(?:provide|develop|ensure|achieve"
    r"|create|deliver|establish|strengthen|improve|secure|build|promote|introduce|embed)"
    r"(?: (?:a|an|the|more|their|its))?\s*$"
    # "… to ensure that all children are receiving a good service": the aim, not the finding
    r"|\b(?:to|will) (?:ensure|make sure) that\b[^.;]*$"
)

# Contrast splits a sentence into clauses that may say opposite things.
_CONTRAST = re.compile(
    r"(?<!\bnot)(?:,|;|\s)\s*(?:however|but|although|though|while|whilst|whereas|despite|nevertheless|"
    r"nonetheless|yet(?! to))\b,?|^(?:however|although|though|while|whilst|despite|"
    r"nevertheless|nonetheless)\b,?",
    re.IGNORECASE,
)

# "When there are delays or concerns about care planning, IROs escalate these
# quickly": an opening clause that sets the scene does not grade; what follows does.
_SCENE = re.compile(r"^(?:when|where|if|whenever)\b[^,;]{0,120},\s*(?=\S)", re.IGNORECASE)

# "At the last inspection, …", "A focused visit in November 2018 concluded that
# at that stage …": what an earlier visit found, not how things stand now.
_HISTORY = re.compile(
    r"^(?:at|during) the (?:last|previous|time of the|most recent) (?:\w+ )?(?:inspection|visit)"
    r"|\b(?:inspection|visit) (?:in|of) (?:\w+ )?\d{4} (?:found|concluded|identified|judged)"
    r"|\bat that (?:stage|time|point)\b",
    re.IGNORECASE,
)

# How much one side must outweigh the other for a clear verdict.
MAJORITY = 3.0

_COMPILED = [
    (re.compile(rf"\b(?:{pattern})\b"), verdict, weight) for pattern, verdict, weight in CUES
]
_WORD = re.compile(r"[a-z']+")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9‘'\"(])")
POLAR = (IMPROVED, SOME_PROGRESS, NO_PROGRESS, TOO_EARLY)


@dataclass(frozen=True)
class Cue:
    text: str  # the words as found, e.g. "remain low" or "not … effective"
    verdict: str
    weight: float


@dataclass(frozen=True)
class Reading:
    """What one sentence says about the finding."""

    sentence: str
    polarity: str  # one of POLAR, or "" when the sentence grades nothing
    strength: float  # the weight of the cues that decided it
    cues: tuple[Cue, ...]
    relevance: float = 1.0  # share of the finding's weight the sentence speaks about
    where: str = ""  # the passage's label: "paragraph 16"


@dataclass(frozen=True)
class Listed:
    """The later document lists the weakness again in its own improvement list."""

    item: str  # the later item's words
    where: str  # "item 2"
    scope: str  # SAME, NARROWER or BROADER


SAME = "same"
NARROWER = "narrower"
BROADER = "broader"


@dataclass(frozen=True)
class Judged:
    verdict: str
    cues: tuple[Cue, ...]
    explanation: str
    decisive: Reading | None = None
    listed: Listed | None = None


def sentences(text: str) -> list[str]:
    text = " ".join(text.split())
    return [s for s in _SENTENCE_END.split(text) if s]


def clauses(sentence: str) -> list[str]:
    parts = [p.strip(" ,;") for p in _CONTRAST.split(sentence)]
    return [p for p in parts if p]


def find_cues(text: str) -> list[Cue]:
    return list(_cues(text))


@functools.lru_cache(maxsize=16384)  # one document's sentences are read for every finding
def _cues(text: str) -> tuple[Cue, ...]:
    lowered = text.lower().replace("\u2019", "'")
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
        if verdict == IMPROVED and AIMS.search(lowered[max(0, start - 60) : start]):
            continue
        if verdict in (IMPROVED, SOME_PROGRESS):
            negator = _negator(_WORD.findall(lowered[:start]))
            if negator is not None:
                cues.append(Cue(f"{negator} … {words}", NO_PROGRESS, max(weight, 1.5)))
                continue
        cues.append(Cue(words, verdict, weight))
    return tuple(cues)


def _negator(before: Sequence[str]) -> str | None:
    """The negator that turns round the word after ``before``, if any.

    A negator counts within a few words, and further back across "or": in "do
    not fully understand, or consistently apply, the thresholds" the second verb
    is denied too.
    """
    window = list(before[-NEGATION_WINDOW:])
    if "or" in window or "nor" in window:
        window = list(before[-NEGATION_WINDOW - OR_WINDOW :])
    return next((w for w in reversed(window) if w in NEGATORS or w.endswith("n't")), None)


def polarity(cues: Sequence[Cue]) -> tuple[str, float]:
    """The verdict a run of cues points to, and how strongly."""
    total = dict.fromkeys(POLAR, 0.0)
    for cue in cues:
        total[cue.verdict] += cue.weight
    good, some, bad, early = (total[v] for v in POLAR)
    if not (good or some or bad or early):
        return "", 0.0
    if early and early >= max(good, bad):
        return TOO_EARLY, early
    if some and some >= max(good, bad) / 2:
        return SOME_PROGRESS, good + some + bad
    if bad and good:
        if bad >= MAJORITY * good:
            return NO_PROGRESS, bad
        if good >= MAJORITY * bad:
            return IMPROVED, good
        return SOME_PROGRESS, good + bad
    return (IMPROVED, good) if good else (NO_PROGRESS, bad)


def read_sentence(
    sentence: str,
    about: Callable[[str], bool] | None = None,
    *,
    relevance: float = 1.0,
    where: str = "",
) -> Reading:
    """One sentence's polarity about the subject that ``about`` recognises in a clause."""
    if _HISTORY.search(sentence):
        # What an earlier visit found is not how things stand now.
        return Reading(sentence, "", 0.0, (), relevance, where)
    parts = clauses(_SCENE.sub("", sentence))
    if about is not None and len(parts) > 1:
        on_subject = [p for p in parts if about(p)]
        if on_subject and len(on_subject) < len(parts):
            parts = on_subject
    readings = [(p, find_cues(p)) for p in parts]
    verdicts = {polarity(cues)[0] for _, cues in readings} - {""}
    cues = tuple(c for _, cs in readings for c in cs)
    if {IMPROVED, NO_PROGRESS} <= verdicts:
        # Praise and criticism of the subject side by side: a mixed picture.
        strength = sum(c.weight for c in cues)
        return Reading(sentence, SOME_PROGRESS, strength, cues, relevance, where)
    verdict, strength = polarity(cues)
    return Reading(sentence, verdict, strength, cues, relevance, where)


def judge(readings: Sequence[Reading], listed: Listed | None = None) -> Judged:
    """The verdict from the sentences that speak about the finding."""
    total = dict.fromkeys(POLAR, 0.0)
    for reading in readings:
        if reading.polarity:
            total[reading.polarity] += reading.strength * reading.relevance
    good, some, bad, early = (total[v] for v in POLAR)
    if early and early >= max(good, bad, some):
        verdict = TOO_EARLY
    elif not (good or some or bad):
        verdict = NOT_ENOUGH_EVIDENCE
    elif bad >= MAJORITY * (good + some) and bad:
        verdict = NO_PROGRESS
    elif good >= MAJORITY * (bad + some) and good:
        verdict = IMPROVED
    else:
        verdict = SOME_PROGRESS
    if listed is not None:
        # Inspectors who list the weakness again do not think it has gone; a
        # narrower item usually means part of it has, and so does prose that
        # finds good or improving practice beside the weakness listed again.
        progress = verdict == IMPROVED
        verdict = SOME_PROGRESS if listed.scope == NARROWER or progress else NO_PROGRESS
    decisive = _decisive(readings, verdict)
    cues = tuple(c for r in readings for c in r.cues)
    return Judged(verdict, cues, explain(cues, verdict, listed), decisive, listed)


def _decisive(readings: Sequence[Reading], verdict: str) -> Reading | None:
    agreeing = [r for r in readings if r.polarity == verdict]
    if not agreeing and verdict == SOME_PROGRESS:
        agreeing = [r for r in readings if r.polarity]
    if not agreeing:
        return None
    return max(agreeing, key=lambda r: (r.relevance * r.strength, r.relevance))


def explain(cues: Sequence[Cue], verdict: str, listed: Listed | None = None) -> str:
    label = VERDICT_LABELS[verdict].lower()
    if listed is not None:
        return f"listed again ({listed.scope} scope: {listed.where}) → {label}"
    if not cues:
        return f"no wording that grades progress → {label}"
    ordered = sorted(cues, key=lambda c: (c.verdict != verdict, -c.weight))
    shown = ", ".join(f"'{c.text}'" for c in _unique(ordered)[:5])
    return f"wording: {shown} → {label}"


def _unique(cues: Iterable[Cue]) -> list[Cue]:
    seen: set[str] = set()
    out = []
    for cue in cues:
        if cue.text not in seen:
            seen.add(cue.text)
            out.append(cue)
    return out
