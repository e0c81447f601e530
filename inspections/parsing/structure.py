"""Physical lines to blocks: headings, paragraphs, bullets and numbered paragraphs.

Assumptions:
- a line that does not end a sentence is wrapped and continues on the next line,
  even across blank lines and page breaks (PDF extraction inserts both inside
  sentences);
- a line that ends a sentence ends its paragraph when a blank line follows, when
  the next line is indented (a dropped bullet glyph), or when the line is
  clearly shorter than the text width (PDF text has no blank lines between
  paragraphs); text with one paragraph per line is recognised by its width;
- ILACS and SIF reports number their paragraphs continuously ("17. ..."), so a
  number is only believed when it follows on from the previous one or restarts
  at 1;
- headings are either known Ofsted headings (list headings, judgement section
  headings such as "The experiences and progress of care leavers: good", which
  may wrap over up to three lines) or short capitalised lines without closing
  punctuation standing between sentences.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from .types import Block, Line

GRADE_WORDS = r"(?:outstanding|good|inadequate|requires?\s+improvement(?:\s+to\s+be\s+good)?)"
# A footnote digit may be glued to a heading ("What needs to improve?1").
_TAIL = r"[?:.]?\d{0,2}[?:.]?"

LIST_HEADING_RE = re.compile(
    r"(?P<h>what needs to improve(?: in this area of (?:social work )?practice)?"
    r"|areas for priority actions?"
    r"|priority (?:and|&) immediate actions?"
    r"|immediate (?:and priority )?actions?"
    r"|areas for improvement"
    r"|recommendations?"
    r"|what does the (?:local authority|lscb|board|local safeguarding children board)"
    r" need to improve)" + _TAIL,
    re.I,
)
AREAS_COVERED_RE = re.compile(
    r"areas covered (?:by|during|in|at|on) (?:the|this) (?:monitoring )?visit" + _TAIL, re.I
)
JUDGEMENT_HEADING_RE = re.compile(
    r"(?:the )?(?:experiences and progress of .{3,120}?|impact of leaders.{0,120}?"
    r"|effectiveness of (?:the )?(?:lscb|local safeguarding children.{0,3} board).{0,40}?"
    r"|leadership,? management and governance|overall effectiveness"
    r"|(?:the )?local safeguarding children.{0,3} board(?: \(lscb\))?"
    r"|children who need help and protection|children looked after and achieving permanence"
    r"|adoption performance)"
    rf"(?:\s*:\s*|\s+(?:is|are)\s+(?:judged\s+(?:to\s+be\s+)?)?|\s+){GRADE_WORDS}\s*\.?",
    re.I,
)
_KNOWN_HEADING_RE = re.compile(
    r"(?:overview|findings|main findings|headline findings|key findings"
    r"|findings and evaluation of progress|summary of (?:key )?findings|executive summary"
    r"|contents|summary for children and young people"
    r"|information about this (?:local authority area|inspection)|the inspection team"
    r"|the local authority'?s strengths|progress since the last inspection"
    r"|inspection judgements? about the (?:local authority|lscb)"
    r"|what the inspection judgements mean.{0,40}|key strengths and weaknesses.{0,30}"
    r"|inspection findings.{0,60}|next steps|the lscb|the local authority)" + _TAIL,
    re.I,
)
# Ofsted's closing sentences, which always start a paragraph of their own.
_LETTER_CLOSE_RE = re.compile(
    r"^(?:ofsted will take the findings|i am copying this letter|yours (?:sincerely|faithfully)"
    r"|this letter will be published)",
    re.I,
)
NUMBERED_RE = re.compile(r"^(\d{1,3})\.\s+(\S.*)$")

FUNCTION_WORDS = frozenset(
    str.split(
        """a an the of and or nor but to in into on at by for from with within without about
    between among than that which who whom whose when where while as is are was were be been
    being has have had will would can could should may might must their its his her our your
    they this these those such both all any each more most very not so including
    per via against through across over under"""
    )
)

# A line shorter than this share of the text width, ending a sentence, ends its paragraph.
SHORT_LINE_RATIO = 0.75
# Text whose typical line is longer than this has one paragraph per line.
WIDE_TEXT = 150


_CLOSING_NOTE_RE = re.compile(r"[.!?]\s*\([^()]{1,80}\)\s*\.?$")


def ends_sentence(text: str) -> bool:
    """Whether a line ends a sentence (a bracketed note after the full stop counts)."""
    tail = text.rstrip()
    if tail.endswith((")", ").")) and (
        _CLOSING_NOTE_RE.search(tail[-90:]) or re.fullmatch(r"\([^()]{1,80}\)\.?", tail)
    ):
        return True
    bare = text.rstrip(" \"')]}*")
    return bare.endswith((".", "!", "?", ":", ";"))


def _last_word(text: str) -> str:
    words = text.split()
    return words[-1].lower().strip("\"'(),:;?") if words else ""


def text_width(lines: Sequence[Line]) -> float:
    lengths = sorted(len(ln.text) for ln in lines if len(ln.text) >= 30)
    if not lengths:
        return 80.0
    return float(lengths[int(0.9 * (len(lengths) - 1))])


def is_list_heading(text: str) -> bool:
    return bool(LIST_HEADING_RE.fullmatch(text) or AREAS_COVERED_RE.fullmatch(text))


def heading_span(
    lines: Sequence[Line], i: int, after_heading: bool, list_mode: bool = False
) -> int:
    """How many lines from i form a heading (0 when line i is not a heading)."""
    ln = lines[i]
    if ln.bullet:
        return 0
    prev = lines[i - 1] if i > 0 else None
    at_start = prev is None or after_heading or ln.blank_before or ends_sentence(prev.text)
    if not at_start:
        return 0
    # Judgement section headings and list headings can wrap.
    joined = ln.text
    for k in range(1, 4):
        if k > 1:
            nxt = lines[i + k - 1] if i + k - 1 < len(lines) else None
            if nxt is None or nxt.bullet or len(joined) > 160:
                break
            joined = f"{joined} {nxt.text}"
        if JUDGEMENT_HEADING_RE.fullmatch(joined) or is_list_heading(joined):
            return k
        if ends_sentence(joined) and not joined.endswith(("?", ":")):
            break
    if _KNOWN_HEADING_RE.fullmatch(ln.text):
        return 1
    # In a list whose glyphs were lost, an indented line is an item, not a heading.
    if (list_mode and ln.indented) or not _heading_like(ln.text):
        return 0
    nxt = lines[i + 1] if i + 1 < len(lines) else None
    if nxt is not None and nxt.text[:1] in "(,;)":
        return 0
    # A sentence wrapped before a year or number ("... at the December" / "2019 inspection")
    # is not a heading.
    wrapped_before_number = (
        nxt is not None
        and not nxt.blank_before
        and nxt.text[:1].isdigit()
        and not NUMBERED_RE.match(nxt.text)
    )
    if nxt is None or not (nxt.text[:1].islower() or wrapped_before_number):
        return 1
    if wrapped_before_number:
        return 0
    # A heading wrapped onto a short second line ("... the local safeguarding" / "children board").
    after = lines[i + 2] if i + 2 < len(lines) else None
    if (
        not nxt.blank_before
        and len(nxt.text) <= 40
        and len(nxt.text.split()) <= 6
        and nxt.text[-1] not in ".,;"
        and (after is None or after.bullet or not after.text[:1].islower())
    ):
        return 2
    return 0


def _heading_like(text: str) -> bool:
    if len(text) > 80 or len(text) < 3 or not text[0].isupper():
        return False
    if text[-1] in ".,;" or re.search(r"\s\d{1,3}$", text):
        return False
    return len(text.split()) <= 12 and _last_word(text) not in FUNCTION_WORDS


def _continues(prev: str, ln: Line, width: float) -> bool:
    """Whether line ln continues the paragraph whose last line is prev."""
    first = ln.text[:1]
    if _LETTER_CLOSE_RE.match(ln.text) and ends_sentence(prev):
        return False
    if prev.endswith("-") and len(prev) > 1 and prev[-2].isalpha():
        return True
    # A paragraph never starts with a bracket: "(PAs) to care leavers", "(outcome 2, ...)".
    if first.islower() or first in ",;)](":
        return True
    if not ends_sentence(prev):
        if prev.endswith((",", "(", "-", "–", "/")) or _last_word(prev) in FUNCTION_WORDS:
            return True
        if first in "(\"'" or first.isdigit():
            return True
        return not ln.blank_before
    if ln.blank_before or (ln.indented and first.isupper()):
        return False
    if width > WIDE_TEXT:
        return False
    return len(prev) >= SHORT_LINE_RATIO * width


_CONNECTIVE_RE = re.compile(
    r"^(?:however|nevertheless|nonetheless|in addition|additionally|furthermore|moreover"
    r"|consequently|as a result|therefore|despite this|but|also)\b",
    re.I,
)


def _carries_over(prev: Line, ln: Line) -> bool:
    """A bullet's next sentence printed at the top of the next page."""
    return prev.page is not None and ln.page != prev.page and bool(_CONNECTIVE_RE.match(ln.text))


def join_lines(parts: Sequence[str]) -> str:
    out = ""
    for part in parts:
        if not out:
            out = part
        elif out.endswith("-") and len(out) > 1 and out[-2].isalpha() and part[:1].isalpha():
            out += part  # a word wrapped at its hyphen ("well-" / "being")
        else:
            out += " " + part
    return out


def build_blocks(lines: Sequence[Line], width: float | None = None) -> list[Block]:
    """Group physical lines into blocks."""
    if width is None:
        width = text_width(lines)
    blocks: list[Block] = []
    parts: list[str] = []
    kind = ""
    page: int | None = None
    number: int | None = None
    last_number = 0
    list_mode = False

    def flush() -> None:
        nonlocal parts, kind, number
        if parts:
            blocks.append(Block(kind, join_lines(parts), page, number, len(parts)))
        parts = []
        kind = ""
        number = None

    i = 0
    while i < len(lines):
        ln = lines[i]
        after_heading = bool(blocks) and blocks[-1].kind == "heading" and not parts
        span = heading_span(lines, i, after_heading, list_mode)
        if span and not (parts and not ends_sentence(parts[-1]) and not ln.blank_before):
            flush()
            text = join_lines([x.text for x in lines[i : i + span]])
            blocks.append(Block("heading", text, ln.page, None, span))
            list_mode = is_list_heading(text) or text.endswith(":")
            i += span
            continue
        numbered = NUMBERED_RE.match(ln.text) if not ln.bullet else None
        if numbered:
            n = int(numbered.group(1))
            plausible = n == 1 or n in (last_number + 1, last_number + 2)
            in_sequence = last_number > 0 and n == last_number + 1
            if plausible and (
                not parts or ends_sentence(parts[-1]) or ln.blank_before or in_sequence
            ):
                flush()
                kind, page, number, last_number = "numbered", ln.page, n, n
                parts = [numbered.group(2)]
                i += 1
                continue
        dropped_bullet = (
            list_mode
            and ln.indented
            and ln.text[:1].isupper()
            and (not parts or ends_sentence(parts[-1]) or ln.blank_before)
        )
        if ln.bullet or dropped_bullet:
            flush()
            kind, page = "bullet", ln.page
            parts = [ln.text] if ln.text else []
            if not parts:
                parts = [""]
        elif parts and (
            _continues(parts[-1], ln, width)
            or (kind == "bullet" and _carries_over(lines[i - 1], ln))
        ):
            parts.append(ln.text)
        else:
            flush()
            kind, page = "para", ln.page
            parts = [ln.text]
        if ln.text.endswith(":"):
            list_mode = True
        i += 1
    flush()
    return [b for b in blocks if b.text.strip()]
