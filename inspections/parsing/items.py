"""Improvement lists, areas covered by a monitoring visit, and suggested findings.

Assumptions:
- an improvement list starts at one of Ofsted's list headings ("What needs to
  improve?", "What needs to improve in this area of social work practice",
  "Areas for priority action", SIF "Recommendations", "Areas for improvement",
  "Priority and immediate action") and ends at the next heading; a contents
  page is never read because its entries end with a page number;
- ILACS items are bullets; SIF items are numbered paragraphs and may be grouped
  under judgement-area sub-headings ("Help and protection", "Adoption"), which
  do not end the list; once bullets or numbers have started, ordinary prose
  ends the list;
- a list under a Local Safeguarding Children Board part of a SIF report is kept
  as its own section, named after the board;
- sentences such as "There are no priority actions." say a list is empty and
  are not items; such a list is read as empty without a warning;
- from about 2025 an item may end with a National Framework reference in
  brackets, "(Outcome 1, national framework)", kept apart from the item text;
- monitoring letters list "Areas covered by the visit" after an introductory
  sentence ending in a colon, and the list ends at the paragraph describing the
  evidence inspectors considered;
- monitoring letters have no list of items; their weaknesses are sentences in
  the prose ("remains too variable", "not yet", "more work is required"), which
  are offered as suggestions for a person to confirm.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

from .framework import REFERENCE_RE
from .structure import AREAS_COVERED_RE, LIST_HEADING_RE
from .types import Block, ParsedItem, ParsedParagraph, ParsedSection

# "The areas for improvement set at the last visit remain": no new items, but the old ones
# still stand, which the person importing must be told.
# "The areas for improvement continue to be those identified at the ILACS inspection" too.
_CARRIED_OVER = (
    r"\b(?:set|identified|made) (?:at|during|following) the (?:last|previous)\b.{0,80}\bremain"
    r"|\bcontinue to be (?:those|the ones)\b.{0,20}\b(?:identified|set|made)\b"
)
_CARRIED_OVER_RE = re.compile(_CARRIED_OVER, re.I)
_NONE_NUMBERED_RE = re.compile(r"there (?:are|is|were) no\b", re.I)
# A list's first bullet may be that sentence, about the list itself.
_ABOUT_THE_LIST_RE = re.compile(
    r"^the (?:areas for (?:improvement|priority action)|priority actions|recommendations)\b", re.I
)
_NO_ITEMS_RE = re.compile(
    r"\bthere (?:are|is|were) no\b|\bno (?:additional |further |new )?(?:priority actions"
    r"|areas for (?:priority action|improvement)|recommendations)\b"
    r"|" + _CARRIED_OVER + r"|\bdid not (?:find|identify) any (?:areas|priority|recommendations)\b",
    re.I,
)
# Judgement-area sub-headings that group SIF recommendations without ending the list.
_SUBAREA_RE = re.compile(
    r"^(?:leadership|management|governance|help and protection|children who need help"
    r"|looked after|children looked after|children in care|adoption|care leavers|fostering"
    r"|permanence|early help|experiences and progress|the (?:lscb|board))",
    re.I,
)
# SIF report sections that follow the recommendations; any other heading directly
# followed by a numbered paragraph inside a grouped list is one of its sub-headings.
_SECTION_AFTER_LIST_RE = re.compile(
    r"^(?:summary for children|the local authority'?s? strengths|strengths\b"
    r"|inspection judgements?\b|inspection findings|information about|key findings"
    r"|key strengths|executive summary"
    r"|the (?:local authority|lscb|board) (?:is|has)\b"
    r"|what does the|what needs to improve|areas for|priority|recommendations?\b)",
    re.I,
)
_BOARD_RE = re.compile(r"\b(?:lscb|safeguarding children.{0,3} board|safeguarding board)\b", re.I)
_EVIDENCE_RE = re.compile(
    r"\brange of evidence\b|\bevidence (?:was|were) considered\b"
    r"|\bconsidered (?:a range of )?evidence\b"
    r"|\b(?:inspectors|we) (?:also )?(?:spoke|talked|met) (?:to|with)\b",
    re.I,
)
_SENTENCE_SPLIT_RE = re.compile(r"(?<=[.!?])[\"')]?\s+(?=[A-Z\"'(])")
_ABBREVIATION_END_RE = re.compile(r"\b(?:e\.g|i\.e|etc|Mr|Mrs|Ms|Dr|No|para|St)\.$")

# Words (lower case) that mark a sentence as saying something is not yet good enough, by weight.
_CUES = (
    (
        3,
        re.compile(
            r"\b(?:not yet|remains?|remained|still|more (?:work|needs to be done|to do)"
            r"|too (?:variable|many|few|slow|long|often|late|early|much|limited|inconsistent)"
            r"|not (?:good|strong|robust|effective) enough|needs? to improve|requires? improvement"
            r"|weakness(?:es)?|insufficient(?:ly)?|inconsisten(?:t|tly|cy|cies)|poor(?:ly)?"
            r"|under[- ]?developed)\b",
        ),
    ),
    (
        2,
        re.compile(
            r"\b(?:not (?:always|consistently|routinely|sufficiently|fully|timely|effective|robust"
            r"|clear|well)|variable|variability|delays?|delayed|drift|lacks?|lacking|gaps?"
            r"|deficits?|shortfalls?|needs? to|needed to|requires? (?:further )?"
            r"(?:strengthening|development|attention)|(?:required|needed|needs?) to "
            r"(?:improve|be improved|strengthen|address)|requires? (?:further )?"
            r"(?:strengthening|development|attention)|missed|hinders?|hampers?|not all|varies"
            r"|harder|without|challenges|frequent changes)\b",
        ),
    ),
    (
        1,
        re.compile(
            r"\b(?:does not|do not|did not|is not|are not|has not|have not|cannot|limited"
            r"|prevents?|fails?|failed|concern(?:s|ing)?|risks?|however|although)\b",
        ),
    ),
)
_BOILERPLATE_RE = re.compile(
    r"^(?:i am copying this letter|this letter will be published|ofsted will take the findings"
    r"|yours sincerely|if you have any questions|based on the evidence gathered)",
    re.I,
)
# Finite verbs that make a fragment a statement ("the threshold ... is not applied");
# words that are also nouns ("needs", "results") are left out.
_FINITE_VERB_RE = re.compile(
    r"\b(?:is|are|was|were|has|have|had|does|do|did|remains|remained|lacks|should|must"
    r"|can|cannot|could|will|would|may|might|requires|continues|hinders|prevents|fails)\b",
    re.I,
)
# A sentence whose subject is in the sentence before it.
_REFERS_BACK_RE = re.compile(
    r"^(?:(?:however|nevertheless|but|although),?\s+)?(?:it|this|these|they|those)\b", re.I
)
# Leaders doing, planning or knowing something: an action, not a finding.
_ACTION_ONLY_RE = re.compile(
    r"^(?:senior (?:leaders|managers)|(?:the )?(?:senior )?(?:management|leadership) team"
    r"|managers of [\w ]+|leaders|the local authority|the council|the designated officer)"
    r"\b[\w ,()']{0,40}?\b(?:is|are|has|have)? ?(?:working|taking|developing|begun|started"
    r"|provided|recogni[sz]es?|acknowledges?|aware|determined|committed|planning"
    r"|understand)\b"
)
# Praise, progress and "too early to tell"; they cancel weak cues unless a plain negative
# is there too ("improving, but not yet good enough").
_PROGRESS_RE = re.compile(
    r"\b(?:improv(?:ing|ed|ement)|now|strengths?|positive(?:ly)?|well|benefit(?:s|ing)?"
    r"|effectively|appropriately|good|high standard|beginning to|reduced|progressed"
    r"|work hard|efforts|helping|too early (?:to see|for))\b"
)
_STRONG_WEAKNESS_RE = re.compile(
    r"\b(?:not|too (?!early)\w+|remains?|lack|gaps?|delays?|poor|variable|concerning"
    r"|needs? to)\b"
)
# Not a finding of its own: the visit's method, or a weakness's consequence (the finding
# is the sentence before).
_NOT_A_FINDING_RE = re.compile(
    r"^(?:based on the evidence|despite poor|as a result|consequently|therefore|this means"
    r"|this creates|this limits|this impacts|this is concerning|it prevents)\b"
    r"|\bcontributes? to this\b"
)
MAX_SUGGESTED = 40
MIN_SCORE = 1


def source_list_for(heading: str) -> str:
    low = heading.lower()
    if "priority" in low or "immediate" in low:
        return "priority_action"
    if low.startswith("recommendation"):
        return "recommendation"
    return "what_needs_to_improve"


def make_item(
    text: str, source_list: str, paragraphs: tuple[int, ...] = (), context: str = ""
) -> ParsedItem:
    text = " ".join(text.split())
    reference: str | None = None
    match = REFERENCE_RE.search(text)
    if match and match.start() > 0:
        reference = match.group(1)
        text = text[: match.start()].rstrip()
    return ParsedItem(text, source_list, reference, paragraphs, " ".join(context.split()))


def is_self_contained(text: str) -> bool:
    """Whether a list item reads as a statement on its own: it starts a sentence or has a verb.

    A lower-case fragment without a finite verb ("the timeliness of assessments") only
    makes sense after the sentence that introduces its list.
    """
    return text[:1].isupper() or bool(_FINITE_VERB_RE.search(text))


def improvement_sections(
    blocks: Sequence[Block],
) -> tuple[list[ParsedSection], set[int], list[str]]:
    """Every improvement list in printed order, the blocks used, and warnings."""
    sections: list[ParsedSection] = []
    used: set[int] = set()
    warnings: list[str] = []
    board = False
    for index, block in enumerate(blocks):
        if block.kind != "heading":
            continue
        match = LIST_HEADING_RE.fullmatch(block.text)
        if not match:
            if _BOARD_RE.search(block.text):
                board = True
            elif re.match(r"^(?:section \d+: )?the local authority\b", block.text, re.I):
                board = False
            continue
        name = match.group("h")
        if _BOARD_RE.search(name):
            board = True
        items, taken, notes, intro = _collect(blocks, index + 1)
        used.update(taken)
        heading = " ".join(name.split())
        heading = heading[0].upper() + heading[1:]
        if block.text.rstrip().rstrip("0123456789").endswith("?") and not heading.endswith("?"):
            heading += "?"
        is_parent = name.lower().startswith("what does")
        if not items:
            nxt = blocks[index + 1] if index + 1 < len(blocks) else None
            if is_parent and (nxt is None or nxt.kind == "heading" or notes):
                continue
            # "Recommendations" over "Priority and immediate action": the lists are below it.
            # ("Areas for priority action" over "What needs to improve" is an empty list.)
            if (
                name.lower() == "recommendations"
                and nxt is not None
                and nxt.kind == "heading"
                and LIST_HEADING_RE.fullmatch(nxt.text)
            ):
                continue
            # A list the report says is empty ("There are no priority actions.") is read quietly.
            carried = [n for n in notes if _CARRIED_OVER_RE.search(n)]
            if carried or not notes:
                note = ""
                if carried:
                    said = [x for x in split_sentences(carried[0]) if _CARRIED_OVER_RE.search(x)]
                    note = f": {(said or carried)[0]}"
                warnings.append(f"The list '{heading}' has no items{note}")
            continue
        if board and not _BOARD_RE.search(heading):
            heading = f"{heading} (Local Safeguarding Children Board)"
        source = source_list_for(name)
        sections.append(
            ParsedSection(
                heading,
                source,
                tuple(
                    make_item(b.text, source, context="" if is_self_contained(b.text) else intro)
                    for b in items
                ),
            )
        )
    return sections, used, warnings


def _collect(blocks: Sequence[Block], start: int) -> tuple[list[Block], set[int], list[str], str]:
    """The list's item blocks, the blocks used, sentences saying it is empty, and the
    sentence ending in a colon that introduces it ("" when there is none)."""
    items: list[Block] = []
    taken: set[int] = set()
    notes: list[str] = []
    intro = ""
    mode: str | None = None
    grouped = False
    # The numbered item ending in a colon whose bulleted parts follow it.
    sub_items_of: int | None = None
    j = start
    while j < len(blocks):
        block = blocks[j]
        if not items and not intro and block.kind == "para" and block.text.endswith(":"):
            intro = block.text
            taken.add(j)
            j += 1
            continue
        # "There are no priority actions." (sometimes set as a heading) says the list is empty.
        if (
            (block.kind == "para" or (block.kind == "heading" and not items))
            and _NO_ITEMS_RE.search(block.text)
        ) or (
            block.kind in ("bullet", "numbered")
            and not items
            and (
                (_ABOUT_THE_LIST_RE.match(block.text) and _CARRIED_OVER_RE.search(block.text))
                # "18. There are no areas for priority or immediate action."
                or _NONE_NUMBERED_RE.match(block.text)
            )
        ):
            notes.append(block.text)
            taken.add(j)
            j += 1
            continue
        if block.kind == "heading":
            following = blocks[j + 1] if j + 1 < len(blocks) else None
            if (
                mode in (None, "numbered")
                and following is not None
                and following.kind == "numbered"
                and (
                    _SUBAREA_RE.match(block.text)
                    or ((grouped or not items) and not _SECTION_AFTER_LIST_RE.match(block.text))
                )
            ):
                grouped = True
                j += 1
                continue
            break
        if mode == "numbered" and block.kind == "bullet" and items and sub_items_of is not None:
            # "1. Strengthen oversight of:" with bullets under it is one recommendation.
            items[sub_items_of] = _with_sub_item(items[sub_items_of], block.text)
            taken.add(j)
            j += 1
            continue
        if mode == "plain" and len(items) == 1 and block.kind == "numbered":
            # A paragraph before numbered recommendations introduces them ("The following
            # recommendations are the priorities ..."); it stays a paragraph of the report.
            taken.discard(j - 1)
            items.clear()
            mode = None
        if block.kind in ("bullet", "numbered"):
            if mode in (None, "plain") and not items:
                mode = block.kind
            elif mode != block.kind:
                break
        else:
            # Prose after bullets or numbers is the report carrying on.
            if mode in ("bullet", "numbered") or block.text.endswith(":") or len(block.text) > 600:
                break
            mode = "plain"
        items.append(block)
        taken.add(j)
        opens = block.kind == "numbered" and _OPENS_SUB_ITEMS_RE.search(block.text)
        sub_items_of = len(items) - 1 if opens else None
        j += 1
    return items, taken, notes, intro


# "... looked after by:" or "... looked after by: (paragraph 150)" before its bulleted parts.
_OPENS_SUB_ITEMS_RE = re.compile(r":(?:\s*\((?:paras?|paragraphs?|pages?)\b[^)]*\))?$", re.I)


def _with_sub_item(item: Block, sub_item: str) -> Block:
    """A numbered item with one more of its bulleted parts, after a colon or a semicolon."""
    text = item.text if _OPENS_SUB_ITEMS_RE.search(item.text) else f"{item.text.rstrip(';')};"
    return replace(item, text=f"{text} {sub_item}")


def areas_covered(blocks: Sequence[Block]) -> tuple[list[ParsedItem] | None, set[int], str | None]:
    """Bullets under 'Areas covered by the visit', the blocks used, and the intro sentence."""
    for index, block in enumerate(blocks):
        if block.kind != "heading" or not AREAS_COVERED_RE.fullmatch(block.text):
            continue
        items: list[ParsedItem] = []
        taken: set[int] = {index}
        intro: str | None = None
        mode: str | None = None
        for j in range(index + 1, len(blocks)):
            b = blocks[j]
            if b.kind == "heading" or _EVIDENCE_RE.search(b.text):
                break
            if not items and b.kind == "para" and b.text.endswith(":"):
                intro = b.text
                taken.add(j)
                continue
            if b.kind == "para" and mode == "bullet":
                break
            mode = "bullet" if b.kind in ("bullet", "numbered") else "plain"
            items.append(make_item(b.text, "areas_covered"))
            taken.add(j)
        return items, taken, intro
    return None, set(), None


def split_sentences(text: str) -> list[str]:
    sentences: list[str] = []
    pending = ""
    for piece in _SENTENCE_SPLIT_RE.split(text):
        pending = f"{pending} {piece}".strip() if pending else piece
        if _ABBREVIATION_END_RE.search(pending):
            continue
        sentences.append(pending)
        pending = ""
    if pending:
        sentences.append(pending)
    return sentences


def _score(sentence: str) -> int:
    # The cue patterns are lower case: matching lowered text is much faster than re.I.
    lowered = sentence.lower()
    return sum(weight * len(set(pattern.findall(lowered))) for weight, pattern in _CUES)


def suggested_findings(paragraphs: Sequence[ParsedParagraph]) -> list[ParsedItem]:
    """Sentences that state a weakness, most telling first.

    Sentences that report progress or praise, or only say what leaders are doing about
    something, are not offered. A sentence that refers back ("However, it is not yet in
    use.") keeps the sentence before it as its context.
    """
    scored: list[tuple[int, int, ParsedItem]] = []
    seen: set[str] = set()
    position = 0
    for paragraph in paragraphs:
        if _BOILERPLATE_RE.match(paragraph.text) or _EVIDENCE_RE.search(paragraph.text[:200]):
            continue
        previous = ""
        for sentence in split_sentences(paragraph.text):
            position += 1
            before, previous = previous, sentence
            score = weakness_score(sentence)
            key = sentence.lower()
            if score < MIN_SCORE or key in seen or len(sentence) < 20:
                continue
            seen.add(key)
            context = before if _REFERS_BACK_RE.match(sentence) else ""
            item = make_item(sentence, "suggested", (paragraph.order,), context=context)
            scored.append((score, position, item))
    scored.sort(key=lambda entry: (-entry[0], entry[1]))
    return [item for _, _, item in scored[:MAX_SUGGESTED]]


def weakness_score(sentence: str) -> int:
    """How strongly a sentence states a weakness; 0 when it reports progress, praise or
    actions only."""
    score = _score(sentence)
    if not score:
        return 0
    lowered = sentence.lower()
    if _ACTION_ONLY_RE.match(lowered) or _NOT_A_FINDING_RE.search(lowered):
        return 0
    if _PROGRESS_RE.search(lowered) and not _STRONG_WEAKNESS_RE.search(lowered):
        return 0
    return score
