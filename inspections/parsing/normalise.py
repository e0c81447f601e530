"""Undo the artefacts of PDF text extraction and return clean physical lines.

Assumptions (all seen in Ofsted PDFs from 2014 to 2025 and in text copied out
of them):
- pages are separated by a form feed; text without form feeds is one page of
  unknown number;
- bullet glyphs come out as themselves (the black square, bullet), as
  private-use characters (U+F0B7, U+F06E, U+F02D ...), as "-" or not at all,
  in which case the line keeps a leading space;
- running headers repeat the report title and dates, footers the page number;
  both are recognised because they repeat at the top or bottom of pages;
- Ofsted's address block (Piccadilly Gate ...) may be printed in the middle of a
  letter's first page; the licence and contact boilerplate ends a document and
  nothing after it belongs to the report;
- footnotes sit at the bottom of a page after a blank line or a rule and are
  referred to by a digit glued to a word ("improve?1", "board1");
- a letter's date and addressee (name, post, address, postcode) are printed at
  the top of its first page, but extraction may give them after that page's
  text, in the middle of a sentence.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import replace

from .types import Line

_CHAR_MAP = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u201a": "'",
        "\u201b": "'",
        "\u2032": "'",
        "\u02bc": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u201e": '"',
        "\u201f": '"',
        "\u2033": '"',
        "\u00a0": " ",
        "\u202f": " ",
        "\u2007": " ",
        "\u2009": " ",
        "\u200a": " ",
        "\u2002": " ",
        "\u2003": " ",
        "\t": " ",
        "\u200b": "",
        "\u200c": "",
        "\u200d": "",
        "\ufeff": "",
        "\u00ad": "",
        "\u2010": "-",
        "\u2011": "-",
        "\u2212": "-",
        "\r": "\n",
        "\u2028": "\n",
        "\u2029": "\n",
        "\x0b": "\n",
    }
)

# Glyphs that only ever mark a bullet, wherever they occur on a line.
BULLET_GLYPHS = "◼◾■▪▫□●•◦○‣⁃∙➢►▶➤✓✔\u25aa\u25cf\u2219"
# Characters that mark a bullet only at the start of a line and before a space.
_DASH_BULLETS = "-–—*·"

# Substituting only the characters that need it is much faster than str.translate.
_SPECIAL_CHARS_RE = re.compile("[" + "".join(re.escape(chr(c)) for c in _CHAR_MAP) + "]")
_GLYPH_RE = re.compile("[" + re.escape(BULLET_GLYPHS) + "\ue000-\uf8ff]")
_CONTROL_RE = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x9f]")
_PRIVATE_USE_RE = re.compile(r"[\ue000-\uf8ff]")
_SPACES_RE = re.compile(r"[ ]{2,}")
_RULE_RE = re.compile(r"^[ _\-]{10,}$")
_PAGE_NUMBER_RE = re.compile(r"^(?:page\s+)?\d{1,3}(?:\s+of\s+\d{1,3})?$", re.I)
_DIGITS_RE = re.compile(r"\d+")
_NUMBERED_START_RE = re.compile(r"^\d{1,3}\.\s")
_GLUED_MARKER_RE = re.compile(r"[a-z?.,;:)'\"](\d{1,2})(?![\d\w])")
_FOOTNOTE_LINE_RE = re.compile(r"^(\d{1,2})\s+\S")

_ADDRESS_STRONG = re.compile(
    "|".join(
        (
            r"piccadilly gate",
            r"store st(reet)?",
            r"(manchester,? )?m1 2wd",
            # A number may wrap: "Textphone 0161 618" over "8524".
            r"(direct )?(t|tel|telephone|f|fax|textphone|minicom)[:.]?\s*0[\d ]{3,14}",
            r"(e|email|direct email)[:.]?\s*\S+@ofsted\.gov\.uk",
            r"\S+@ofsted\.gov\.uk",
            r"(w[:.]?\s*)?(https?://)?www\.(gov\.uk/ofsted|ofsted\.gov\.uk)/?",
            r"aviation house",
            r"125 kingsway",
            r"london,? wc2b 6se",
            r"royal exchange buildings",
            r"st ann'?s square",
            r"manchester,? m2 7la",
            r"agora",
            r"6 cumberland place",
            r"nottingham,? ng1 6hj",
        )
    ),
    re.I,
)
# The end of a wrapped telephone number is a line of digits alone.
_ADDRESS_WEAK = re.compile(r"(ofsted|manchester|london|nottingham|bristol|\d{3,4}( \d{4})?)", re.I)

# Where the back-page boilerplate (licence, contact details) starts.
_END_MARKERS = re.compile(
    r"^(the office for standards in education, children's services and skills \(ofsted\)"
    r"|any complaints about the inspection"
    r"|if you would like a copy of this document in a different format"
    r"|you may reuse this information"
    r"|© crown copyright"
    r"|this (publication|report) is available at"
    r"|interested in our work\?)",
    re.I,
)


def clean_chars(text: str) -> str:
    """Straighten quotes, unify spaces and dashes, drop control characters."""
    text = _SPECIAL_CHARS_RE.sub(lambda m: _CHAR_MAP[ord(m.group())], text.replace("\r\n", "\n"))
    return _CONTROL_RE.sub("", text)


def straighten(text: str) -> str:
    """Character clean-up for a single string (no line structure)."""
    text = clean_chars(text).replace("\n", " ").replace("\f", " ")
    text = _PRIVATE_USE_RE.sub(" ", text)
    return _SPACES_RE.sub(" ", text).strip()


def _address_line(text: str) -> int:
    """2 for a line that is certainly Ofsted's address, 1 for a maybe, 0 otherwise."""
    bare = text.strip().rstrip(".,;")
    if not bare:
        return 0
    if _ADDRESS_STRONG.fullmatch(bare):
        return 2
    if _ADDRESS_WEAK.fullmatch(bare):
        return 1
    return 0


def _footnote_numbers(pages: list[list[str]]) -> tuple[set[int], list[int | None]]:
    """Find footnote blocks at page bottoms; return their numbers and where each starts."""
    whole = "\n".join("\n".join(p) for p in pages)
    # Digits glued to the end of a word or heading: the footnote markers in use.
    glued = set(_GLUED_MARKER_RE.findall(whole))
    numbers: set[int] = set()
    starts: list[int | None] = []
    for lines in pages:
        start: int | None = None
        rule_at = next((i for i, ln in enumerate(lines) if _RULE_RE.match(ln)), None)
        # Ofsted's address block may be printed below the footnotes of a letter's first page.
        end = len(lines)
        while end > 0 and (not lines[end - 1].strip() or _address_line(lines[end - 1])):
            end -= 1
        tail_from = max(0, end - 14)
        for i in range(tail_from, len(lines)):
            stripped = lines[i].strip()
            match = _FOOTNOTE_LINE_RE.match(stripped)
            if not match or _PAGE_NUMBER_RE.match(stripped):
                continue
            after_break = rule_at is not None and i > rule_at
            after_blank = i > 0 and not lines[i - 1].strip()
            if not (after_break or after_blank):
                continue
            n = match.group(1)
            if n not in glued:
                continue
            start = i
            numbers.add(int(n))
            break
        starts.append(start)
    return numbers, starts


def _remove_markers(line: str, numbers: set[int]) -> str:
    for n in numbers:
        line = re.sub(rf"(?<=[a-z?.,;:)'\"])(?<![0-9][.,]){n}(?=[\s,.;:]|$)", "", line)
    return line


def _furniture_keys(pages: list[list[str]]) -> set[str]:
    """Digit-blind keys of lines repeated at the top or bottom of several pages."""
    if len(pages) < 2:
        return set()
    counts: Counter[str] = Counter()
    for lines in pages:
        content = [ln.strip() for ln in lines if ln.strip()]
        keys = {_key(ln) for ln in content[:4] + content[-3:]}
        counts.update(keys)
    # Real running headers are on most pages; a heading that happens to start two pages is not.
    needed = max(2, math.ceil(0.4 * len(pages)))
    return {k for k, c in counts.items() if c >= needed}


# Without form feeds, a running header is a line printed again and again far apart.
_HEADER_MIN_GAP = 15
_FRONT_PAGE_LINES = 15
_HEADER_MAX_LENGTH = 100
_WORD_RE = re.compile("[a-z]{3}")


def _running_headers(lines: list[str]) -> set[int]:
    """Indexes of a page-less text's running-header lines.

    A header holds a number (the page, a date) and a word, and its digit-blind key recurs,
    each printing at least fifteen lines after the last (table rows and list items recur
    close together); the line just above it belongs to the header too when it also recurs
    ("Inspection of ... children's services" above "9 to 20 May 2026 2"). Lines of the
    front page are kept: the title is printed there.
    """

    def key_at(i: int) -> str:
        stripped = lines[i].strip()
        # Headers are short lines; paragraphs saved one to a line are never headers.
        if not 0 < len(stripped) <= _HEADER_MAX_LENGTH or _NUMBERED_START_RE.match(stripped):
            return ""
        return _key(stripped)

    def apart(found: list[int]) -> bool:
        gaps = [b - a for a, b in zip(found, found[1:], strict=False)]
        return len(found) >= 2 and min(gaps) >= _HEADER_MIN_GAP

    numbered: dict[str, list[int]] = {}
    for i, raw in enumerate(lines):
        if _DIGITS_RE.search(raw):
            key = key_at(i)
            if key and _WORD_RE.search(key):
                numbered.setdefault(key, []).append(i)
    headers = [found for found in numbered.values() if apart(found)]
    if not headers:
        return set()
    above_keys: dict[str, list[int]] = {}
    above_of: dict[int, int] = {}
    for found in headers:
        for i in found:
            above = next((j for j in range(i - 1, max(-1, i - 3), -1) if lines[j].strip()), None)
            if above is not None and (key := key_at(above)):
                above_of[i] = above
                above_keys.setdefault(key, []).append(above)
    drop: set[int] = set()
    for found in headers:
        for i in found:
            if i < _FRONT_PAGE_LINES:
                continue
            drop.add(i)
            above = above_of.get(i)
            if (
                above is not None
                and above >= _FRONT_PAGE_LINES
                and len(above_keys[key_at(above)]) >= 2
            ):
                drop.add(above)
    return drop


def _key(line: str) -> str:
    return _DIGITS_RE.sub("#", " ".join(line.lower().split()))


_SALUTATION_RE = re.compile(r"^dear\b", re.I)
_DATE_ONLY_RE = re.compile(r"^\d{1,2}(?:st|nd|rd|th)? [A-Z][a-z]{2,8}\.? \d{4}\.?$")
_POSTCODE_RE = re.compile(r"^[A-Z]{1,2}\d[A-Z\d]? ?\d[A-Z]{2}$")
# A date, a name, a post, an organisation and up to seven lines of address.
_LETTER_HEAD_LINES = 12
_LETTER_HEAD_SEARCH = 80


def _letter_head_first(lines: list[Line]) -> list[Line]:
    """Put a letter's date and addressee back above its salutation.

    Only when no date is printed above "Dear ..." and a line holding only a date follows
    it on the same page, with a postcode within the next lines: that block is the letter
    head, given after the text it was printed above. Left where it is, it would hide the
    letter date and cut the sentence it interrupts in two.
    """
    dear = next(
        (i for i, ln in enumerate(lines[:_LETTER_HEAD_SEARCH]) if _SALUTATION_RE.match(ln.text)),
        None,
    )
    if dear is None or any(_DATE_ONLY_RE.match(ln.text) for ln in lines[:dear]):
        return lines
    page = lines[dear].page
    for start in range(dear + 1, min(len(lines), dear + _LETTER_HEAD_SEARCH)):
        if lines[start].page != page:
            break
        if not _DATE_ONLY_RE.match(lines[start].text):
            continue
        stop = next(
            (
                i + 1
                for i in range(start + 1, min(len(lines), start + _LETTER_HEAD_LINES))
                if lines[i].page == page and _POSTCODE_RE.match(lines[i].text)
            ),
            None,
        )
        if stop is None:
            return lines
        head = [
            replace(ln, blank_before=True) if ln is lines[start] else ln for ln in lines[start:stop]
        ]
        salutation = replace(lines[dear], blank_before=True)
        return [*lines[:dear], *head, salutation, *lines[dear + 1 : start], *lines[stop:]]
    return lines


def split_glyph_bullets(line: str) -> list[tuple[str, bool]]:
    """Split a line at bullet glyphs; return (text, starts_with_bullet) pieces."""
    stripped = line.lstrip()
    bullet = False
    if stripped[:1] in _DASH_BULLETS and stripped[1:2] == " ":
        bullet = True
        stripped = stripped[2:]
    parts = _GLYPH_RE.split(stripped)
    pieces: list[tuple[str, bool]] = []
    for n, part in enumerate(parts):
        text = part.strip()
        if text:
            pieces.append((text, bullet or n > 0))
    return pieces or [("", bullet or len(parts) > 1)]


def to_lines(text: str) -> tuple[list[Line], bool]:
    """Clean raw extracted text into physical lines; also say whether pages were known."""
    text = clean_chars(text)
    paged = "\f" in text
    pages = [page.split("\n") for page in text.split("\f")]
    footnotes, foot_starts = _footnote_numbers(pages)
    furniture = _furniture_keys(pages)
    headers = set() if paged else _running_headers(pages[0])

    lines: list[Line] = []
    blank = False
    ended = False
    for page_index, raw_lines in enumerate(pages):
        page_no = page_index + 1 if paged else None
        content_idx = [i for i, ln in enumerate(raw_lines) if ln.strip()]
        edge = set(content_idx[:4] + content_idx[-3:]) if paged else set()
        foot_start = foot_starts[page_index]
        kept: list[tuple[int, str]] = []
        for i, raw in enumerate(raw_lines):
            if foot_start is not None and i >= foot_start:
                break
            stripped = raw.strip()
            if not stripped or _RULE_RE.match(raw):
                kept.append((i, ""))
                continue
            if i in headers:
                continue
            # Without form feeds, a line holding only a number is a page number left behind.
            if (i in edge or not paged) and (
                _PAGE_NUMBER_RE.match(stripped)
                or (
                    page_index > 0
                    and _key(stripped) in furniture
                    and not _NUMBERED_START_RE.match(stripped)
                )
            ):
                continue
            kept.append((i, raw))
        # The address block: certain lines always go, doubtful ones only beside certain ones.
        scores = [_address_line(raw) for _, raw in kept]
        for j, (_, raw) in enumerate(kept):
            if ended:
                break
            if not raw:
                blank = True
                continue
            score = scores[j]
            if score == 2:
                continue
            if score == 1:
                near = [s for s in scores[max(0, j - 3) : j + 4] if s]
                if 2 in near:
                    continue
            if _END_MARKERS.match(raw.strip()):
                ended = True
                break
            if footnotes:
                raw = _remove_markers(raw, footnotes)
            indented = raw[:1] in (" ", "\t") and raw.strip()[:1].isalpha()
            for n, (piece, is_bullet) in enumerate(split_glyph_bullets(raw)):
                piece = _SPACES_RE.sub(" ", piece).strip()
                if not piece:
                    continue
                lines.append(
                    Line(
                        text=piece,
                        page=page_no,
                        indented=indented and n == 0 and not is_bullet,
                        bullet=is_bullet,
                        blank_before=blank,
                    )
                )
                blank = False
        if ended:
            break
        # A page break separates lines as a blank line does.
        blank = True
    return _letter_head_first(lines), paged
