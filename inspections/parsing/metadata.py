"""What kind of document this is, whose it is, when, by whom and with what grades.

Assumptions:
- the document kind is printed in its title: "Inspection of <authority> local
  authority children's services" (ILACS), "Inspection of services for children
  in need of help and protection ..." (SIF), "Focused visit to ...",
  "Monitoring visit of/to ...", "Joint targeted area inspection ...";
- the authority is named in that title or, in SIF and early ILACS reports, on
  the lines just above it; council words ("County Council", "London Borough
  of" ...) are removed so one authority has one name across documents;
- report dates follow "Inspection date(s):"; letter dates are a line of their
  own above "Dear ..."; a letter's visit dates follow "summarises the findings";
  a visit date printed without a year takes the year of the letter;
- grades are one of Ofsted's four words, printed after the judgement area in a
  table whose rows may wrap; SIF reports state the overall judgement in a
  sentence above the table.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

from .structure import ends_sentence
from .types import GRADES, Line, ReportParseError

MONTHS = {
    "january": 1,
    "jan": 1,
    "february": 2,
    "feb": 2,
    "march": 3,
    "mar": 3,
    "april": 4,
    "apr": 4,
    "may": 5,
    "june": 6,
    "jun": 6,
    "july": 7,
    "jul": 7,
    "august": 8,
    "aug": 8,
    "september": 9,
    "sept": 9,
    "sep": 9,
    "october": 10,
    "oct": 10,
    "november": 11,
    "nov": 11,
    "december": 12,
    "dec": 12,
}
# Month names are matched case-sensitively so that "13 may be" is not a date.
_MON = (
    r"(January|February|March|April|May|June|July|August|September|October|November|December"
    r"|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\.?"
)
_DAY = r"(\d{1,2})(?:st|nd|rd|th)?"
_YEAR = r"((?:19|20)\d{2})"
RANGE_RE = re.compile(
    rf"\b{_DAY}(?:\s+{_MON}\b)?(?:,?\s+{_YEAR})?\s*(?:to|and|until|till|–|—|-)\s*"
    rf"{_DAY}\s+{_MON}\b(?:,?\s+{_YEAR}\b)?"
)
SINGLE_RE = re.compile(rf"\b{_DAY}\s+{_MON}\b(?:,?\s+{_YEAR}\b)?")
_DATE_LINE_RE = re.compile(rf"^(?:date:?\s*)?{_DAY}\s+{_MON}\s+{_YEAR}$", re.I)

# "Not judged": a SIF area the inspection did not grade (an authority with no adoptions).
GRADE_RE = re.compile(
    r"\b(?:requires?\s+improvement(?:\s+to\s+be\s+good)?|outstanding|good|inadequate"
    r"|not\s+judged)\b",
    re.I,
)
_ORDINALS = {
    "first": 1,
    "second": 2,
    "third": 3,
    "fourth": 4,
    "fifth": 5,
    "sixth": 6,
    "seventh": 7,
    "eighth": 8,
    "ninth": 9,
    "tenth": 10,
    "eleventh": 11,
    "twelfth": 12,
    "thirteenth": 13,
    "fourteenth": 14,
    "fifteenth": 15,
}

_LETTER_TITLE_RE = re.compile(r"^(monitoring|focused|assurance) visit (?:of|to)\b", re.I)
_SIF_TITLE_RE = re.compile(r"^(?:re-?\s?)?inspection of services for children\b", re.I)
_ILACS_TITLE_RE = re.compile(r"^inspection of\b.{0,80}children'?s", re.I)
_JTAI_RE = re.compile(r"joint targeted area inspection", re.I)
# A local safeguarding children board review published on its own (SIF, 2013-2018).
_LSCB_TITLE_RE = re.compile(
    r"^review of the effectiveness of (?:the )?(?:(?:local )?safeguarding children'?s? board"
    r"|lscb)",
    re.I,
)
_BOARD_SUFFIX_RE = re.compile(r"\s+(?:local )?safeguarding children'?s? board(?: \(lscb\))?$", re.I)
_TITLE_STOP_RE = re.compile(
    r"^(inspection dates?|lead inspector|this letter|report published|judgements?\s+grades?"
    r"|the overall judgement|children'?s services in|dear\b|\d{1,2}\.\s)",
    re.I,
)
_TITLE_DONE_RE = re.compile(r"children'?s (?:social care )?services\.?$", re.I)
_LA_IN_LETTER_TITLE_RE = re.compile(
    r"^(?:monitoring|focused|assurance) visit (?:of|to) (?:the )?(?P<la>.+?)(?:'s)?\s+"
    r"(?:local authority\s+)?children'?s (?:social care )?services",
    re.I,
)
_LA_IN_ILACS_TITLE_RE = re.compile(
    r"^inspection of (?:the )?(?P<la>.+?)\s+(?:local authority\s+)?children'?s "
    r"(?:social care )?services",
    re.I,
)
# "Joint targeted area inspection of the multi-agency response to ... in Bradford"
# "Inspection of Bradford Children and Families Trust", "Inspection of Together for Children":
# the services' provider named alone; the register knows whose services they deliver.
_PROVIDER_TITLE_RE = re.compile(
    r"^(?:inspection of|(?:monitoring|focused|assurance) visit (?:of|to)) (?:the )?"
    r"(?P<la>.{3,80}?(?:\btrust|\bchildren first|\bfor children))"
    r"(?:'s)?(?:\s+(?:local authority\s+)?children'?s (?:social care )?services)?$",
    re.I,
)
_GENERIC_NAME_RE = re.compile(r"^(?:the )?(?:local authority|council|authority)?$", re.I)
_LA_IN_JTAI_TITLE_RE = re.compile(
    r"^(?i:joint targeted area inspection)\b.*\bin (?:the )?"
    r"(?P<la>[A-Z][A-Za-z'., &-]{1,60}?)\.?$"
)
# A JTAI letter's heading names the area alone: "Joint targeted area inspection of Westmoor".
_LA_AFTER_JTAI_OF_RE = re.compile(
    r"^(?i:joint targeted area inspection)(?:\s*\((?i:jtai)\))?\s+of\s+(?:the\s+)?"
    r"(?!(?i:multi-agency|joint)\b)(?P<la>[A-Z][A-Za-z'., &-]{1,60}?)\.?$"
)
_LA_IN_SUMMARY_RE = re.compile(
    r"findings of (?:the|a|an) (?:monitoring |focused |assurance )?visit to "
    r"(?:the )?(?P<la>.{2,80}?)"
    r"\s+(?:local authority\s+)?children'?s (?:social care )?services",
    re.I,
)

_LA_PREFIX_RE = re.compile(
    r"^(?:the\s+)?(?:london borough of|royal borough of|metropolitan borough of|borough of"
    r"|county borough of|county of|city and county of|city of|council of(?: the)?)\s+",
    re.I,
)
_LA_SUFFIX_RE = re.compile(
    r"\s+(?:metropolitan district council|metropolitan borough council|metropolitan council"
    r"|borough council|county council|city council|district council|unitary council|council"
    r"|corporation|local authority|unitary authority|metropolitan district|district|mbc"
    r"|metropolitan borough|metropolitan|borough|city|county)$",
    re.I,
)

_INSPECTOR_SENTENCE_RE = re.compile(
    r"(?:the inspectors? (?:were|was)|(?:her|his) majesty'?s inspectors?(?: for this visit)?"
    r" (?:were|was)|carried out by (?:her|his) majesty'?s inspectors?,?"
    r"|carried out by|inspectors for this visit were)"
    r"\s+(?P<names>.{3,400}?)\.(?=\s+[A-Z(\"']|\s*$)",
    re.I,
)
_ROLE_RE = re.compile(
    r"((?:deputy lead|lead|team|associate|additional|shadow|assistant lead|regulatory"
    r"|social care regulatory|ofsted) inspectors?\s*:|senior data analyst\s*:|data analyst\s*:"
    r"|quality assurance manager\s*:|senior analyst\s*:|analyst\s*:|report author\s*:)",
    re.I,
)
_TITLE_WORDS_RE = re.compile(
    r"\b(?:her|his) majesty'?s inspectors?\b|\bHMIs?\b|\bofsted inspectors?\b"
    r"|\bsocial care regulatory inspectors?\b|\(\s*(?:hmi|oi|ai|si|lead inspector|lead)\s*\)"
    r"|\bregional director\b"
    # "Sam Lee SHMI", "Pat Ray OI", "Jo Ash AI", "Kim Day SCRI".
    r"|(?-i:\b(?:SHMI|SCRI|OI|AI|SI)\b)",
    re.I,
)
# Names may carry accented letters ("Máire", "Zoë").
_UPPER = "A-ZÀ-ÖØ-Þ"
_LETTER = "A-Za-zÀ-ÖØ-öø-ÿ'.-"
_NAME_RE = re.compile(
    rf"(?:Dr |Mr |Mrs |Ms |Miss )?[{_UPPER}][{_LETTER}]+"
    rf"(?: (?:[{_UPPER}][{_LETTER}]+|de|van|von|da|le|du|di)){{1,3}}"
)
_NOT_NAME_WORDS = frozenset(
    str.split(
        "inspector inspectors majesty judgement grade lead team ofsted council services children "
        "director senior quality assurance region regional the overall inspection local social"
    )
)
_SIGN_OFF_RE = re.compile(r"^yours (?:sincerely|faithfully)", re.I)
_DEAR_RE = re.compile(r"^dear\s+\S", re.I)

_FOCUS_RES = (
    re.compile(
        r"inspectors (?:looked at|evaluated|considered|reviewed|focused on) (?:the )?"
        r"(?:local authority'?s )?arrangements for (?P<f>[^.:]{3,300}?)\s*[.:]",
        re.I,
    ),
    re.compile(r"the focus of (?:this|the) visit was(?: on)? (?P<f>[^.:]{3,300}?)\s*[.:]", re.I),
    re.compile(
        r"inspectors reviewed (?:the )?progress (?:made )?(?:for|in|on|with) (?:the area of )?"
        r"(?P<f>[^.:]{3,300}?)\s*:",
        re.I,
    ),
    re.compile(r"this visit focused (?:specifically )?on (?P<f>[^.:]{3,300}?)\s*[.:]", re.I),
    re.compile(r"(?:this|the) visit looked at (?P<f>[^.:]{3,300}?)\s*[.:]", re.I),
)
_FOCUS_TRAIL_RE = re.compile(
    r",?\s*(?:including|with a particular focus on|in particular|specifically|namely)$", re.I
)
_PREVIOUS_RE = re.compile(
    r"\b(?:was|were|been|being) judged (?:to be |to |as )?"
    r"(?P<j>(?:requires? improvement(?: to be good)?"
    r"|inadequate|good|outstanding)(?: overall)?(?: in (?:[A-Z][a-z]+ )?\d{4})?)",
    re.I,
)
_VISIT_NUMBER_RE = re.compile(
    r"\b(?:the|its|this|a) (?P<n>" + "|".join(_ORDINALS) + r"|\d{1,2}(?:st|nd|rd|th))"
    r" monitoring visit",
    re.I,
)
_AREA_VOCAB_RE = re.compile(
    r"impact of leaders|experiences and progress|overall effectiveness|children who need help"
    r"|children looked after|adoption|care leavers|leadership|management|governance"
    r"|children in care|help and protection|safeguarding children|lscb|effectiveness",
    re.I,
)


@dataclass
class Metadata:
    kind: str = "other"
    title: str = ""
    local_authority: str = ""
    visit_start: date | None = None
    visit_end: date | None = None
    letter_date: date | None = None
    published_date: date | None = None
    visit_number: int | None = None
    previous_judgement: str | None = None
    inspectors: tuple[str, ...] = ()
    lead_inspector: str | None = None
    grades: tuple[tuple[str, str], ...] = ()
    focus: str | None = None
    body_start: int = 0
    warnings: list[str] = field(default_factory=list)


def normalise_grade(text: str) -> str:
    """The grade's words as printed ("Requires improvement" in SIF reports), in sentence case.

    A sentence's verb ("services in York require improvement") becomes the grade's form.
    """
    return re.sub(r"^require\b", "requires", " ".join(text.lower().split())).capitalize()


def grade_meaning(printed: str) -> str | None:
    """The grade on Ofsted's four-point scale: SIF's "Requires improvement" is ILACS's
    "Requires improvement to be good". "Not judged" has none."""
    low = " ".join(printed.lower().split())
    if low.startswith("require"):
        return GRADES[2]
    return next((g for g in GRADES if g.lower() == low), None)


def normalise_authority(name: str) -> str:
    """One name per authority: 'London Borough of Brent' -> 'Brent'.

    'Gloucestershire County Council' -> 'Gloucestershire'; 'City of Bristol' -> 'Bristol'.
    """
    original = " ".join(name.replace("\n", " ").split()).strip(" .,:;")
    text = re.sub(r"'s$", "", original)
    for _ in range(3):
        stripped = _LA_SUFFIX_RE.sub("", text)
        stripped = _LA_PREFIX_RE.sub("", stripped)
        if stripped == text:
            break
        text = stripped
    if text.lower() == "london":
        # The City of London is an authority; London on its own is not.
        return "City of London"
    if not text:
        return original
    if text.islower() or text.isupper():
        text = " ".join(
            w.lower() if w.lower() in ("and", "of", "upon", "on") else w.capitalize()
            for w in text.split()
        )
        text = text.replace(" Of ", " of ")
    return text


def _make_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


@dataclass(frozen=True)
class _Found:
    start: date | None
    end: date | None
    year_printed: bool
    month_end: int


def _resolve(match: re.Match[str], is_range: bool, default_year: date | None) -> _Found | None:
    """Turn a date or date-range match into dates, borrowing a missing year."""
    if is_range:
        d1, m1, y1, d2, m2, y2 = match.groups()
    else:
        d1, m1, y1 = match.groups()
        d2, m2, y2 = d1, m1, y1
    month_end = MONTHS[m2.lower().rstrip(".")]
    month_start = MONTHS[(m1 or m2).lower().rstrip(".")]
    year_printed = y2 is not None
    if y2 is None:
        if default_year is None:
            return _Found(None, None, False, month_end)
        end_year = default_year.year if month_end <= default_year.month else default_year.year - 1
    else:
        end_year = int(y2)
    end = _make_date(end_year, month_end, int(d2))
    start_year = int(y1) if y1 else end_year
    start = _make_date(start_year, month_start, int(d1))
    if start and end and start > end and not y1:
        start = _make_date(end_year - 1, month_start, int(d1))
    if not start or not end or start > end or (end - start).days > 120:
        return None
    return _Found(start, end, year_printed, month_end)


_NUMERIC_DATE_RE = re.compile(r"\b(\d{1,2})/(\d{1,2})/((?:19|20)\d{2})\b")
_MONTH_NAMES = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def spell_numeric_dates(text: str) -> str:
    """'12/09/2016' -> '12 September 2016' (day first, as Ofsted prints it); other text as is."""

    def spell(match: re.Match[str]) -> str:
        day, month, year = match.groups()
        if not 1 <= int(month) <= 12:
            return match.group(0)
        return f"{int(day)} {_MONTH_NAMES[int(month) - 1]} {year}"

    return _NUMERIC_DATE_RE.sub(spell, text)


_ORDINAL_DAY = r"\d{1,2}(?:st|nd|rd|th)?"
_MONTH_WORD = _MON.replace("(", "(?:", 1)
_LIST_SEP = r"(?:,\s*and\s+|,\s*|\s+and\s+)"
# "15 and 16 of May", "the 15th of May": the day before "of" and the month.
_DAY_OF_MONTH_RE = re.compile(rf"\b({_ORDINAL_DAY})\s+of\s+(?={_MONTH_WORD}\b)")
# Days listed rather than spanned: "29, 30 and 31 May", "29 and 30 September, and 1 October".
_DAY_LIST_RE = re.compile(
    rf"\b{_ORDINAL_DAY}(?:{_LIST_SEP}{_ORDINAL_DAY})*\s+{_MONTH_WORD}\b"
    rf"(?:{_LIST_SEP}{_ORDINAL_DAY}(?:{_LIST_SEP}{_ORDINAL_DAY})*\s+{_MONTH_WORD}\b)*"
)
_DAY_OR_MONTH_RE = re.compile(rf"(\d{{1,2}})(?:st|nd|rd|th)?|{_MON}")


def span_day_lists(text: str) -> str:
    """'29 and 30 September, and 1 October' -> '29 September to 1 October'; the visit runs
    from the first day listed to the last. A single date is left as it is."""

    def span(match: re.Match[str]) -> str:
        tokens = _DAY_OR_MONTH_RE.findall(match.group(0))
        days = [day for day, _ in tokens if day]
        if len(days) < 2:
            return match.group(0)
        months = [month for _, month in tokens if month]
        return f"{days[0]} {months[0]} to {days[-1]} {months[-1]}"

    return _DAY_LIST_RE.sub(span, _DAY_OF_MONTH_RE.sub(r"\1 ", text))


def find_dates(text: str, default_year: date | None = None) -> _Found | None:
    """The first date or date range in text; numeric dates ('1/06/2015') and days listed
    ('29, 30 and 31 May') count too."""
    text = span_day_lists(spell_numeric_dates(text))
    best: tuple[int, int, re.Match[str]] | None = None
    for is_range, pattern in ((1, RANGE_RE), (0, SINGLE_RE)):
        for match in pattern.finditer(text):
            key = (match.start(), -is_range)
            if best is None or key < (best[0], best[1]):
                best = (match.start(), -is_range, match)
            break
    while best is not None:
        _, neg_range, match = best
        found = _resolve(match, neg_range == -1, default_year)
        if found is not None:
            return found
        # A nonsense range ("31 to 2 June"): fall back to the single date it starts with.
        if neg_range == -1:
            single = SINGLE_RE.search(text, match.start())
            best = (single.start(), 0, single) if single else None
        else:
            nxt = SINGLE_RE.search(text, match.end())
            best = (nxt.start(), 0, nxt) if nxt else None
    return None


def parse_date_line(text: str) -> date | None:
    match = _DATE_LINE_RE.match(text.strip().rstrip("."))
    if not match:
        return None
    day, month, year = match.groups()
    return _make_date(int(year), MONTHS[month.lower().rstrip(".")], int(day))


def _join(lines: Sequence[Line], start: int, stop: int) -> str:
    return " ".join(ln.text for ln in lines[start:stop])


def _title(lines: Sequence[Line], start: int) -> tuple[str, int]:
    parts = [lines[start].text]
    end = start + 1
    while end < min(len(lines), start + 7):
        joined = " ".join(parts)
        if _TITLE_DONE_RE.search(joined):
            break
        ln = lines[end]
        if _TITLE_STOP_RE.match(ln.text) or ln.bullet or find_dates(ln.text):
            break
        if ends_sentence(joined) and not joined.endswith(":"):
            break
        parts.append(ln.text)
        end += 1
    title = " ".join(" ".join(parts).split()).rstrip(" .")
    title = re.sub(r"(?<=[a-z])\d{1,2}$", "", title)  # footnote marker
    return title, end


def _find_title(lines: Sequence[Line], limit: int) -> tuple[str, str, int, int] | None:
    """(kind, title, first line, line after the title) of the document title."""
    for i in range(min(len(lines), limit)):
        text = lines[i].text
        if _LETTER_TITLE_RE.match(text):
            kind = text.split()[0].lower()
            title, end = _title(lines, i)
            mapped = {"monitoring": "monitoring_visit", "focused": "focused_visit"}
            return mapped.get(kind, "other"), title, i, end
        if _SIF_TITLE_RE.match(text):
            title, end = _title(lines, i)
            return "sif", title, i, end
        if re.match(r"^review of the effectiveness of\b", text, re.I):
            title, end = _title(lines, i)
            if _LSCB_TITLE_RE.match(title):
                return "sif", title, i, end
        if _JTAI_RE.search(text) and len(text) < 120:
            title, end = _title(lines, i)
            return "jtai", title, i, end
        if _ILACS_TITLE_RE.match(text) or re.match(r"^inspection of\b", text, re.I):
            title, end = _title(lines, i)
            if _ILACS_TITLE_RE.match(title) or _PROVIDER_TITLE_RE.match(title):
                return "ilacs", title, i, end
    return None


def _authority_above(lines: Sequence[Line], title_at: int) -> str:
    """SIF and early ILACS reports print the authority on the lines above the title."""
    parts: list[str] = []
    for ln in lines[max(0, title_at - 3) : title_at]:
        text = ln.text.strip()
        if re.fullmatch(r"\d{1,3}", text) or find_dates(text):
            parts = []
            continue
        parts.append(text)
    return " ".join(parts)


def _inspector_names(text: str) -> tuple[list[str], str | None]:
    """Names from a list such as 'Joy Howick, HMI, and Rachel Griffiths (lead inspector)'."""
    lead: str | None = None
    names: list[str] = []
    pieces = re.split(r"\s*(?:,|;|\band\b|&|\.\s|\((?:hmi|oi|ai|si)\))\s*", text, flags=re.I)
    for piece in pieces:
        is_lead = bool(re.search(r"\(\s*lead inspector\s*\)|\(\s*lead\s*\)", piece, re.I))
        cleaned = " ".join(_TITLE_WORDS_RE.sub(" ", piece).split()).strip(" .,:;()")
        if not cleaned or not _NAME_RE.fullmatch(cleaned):
            continue
        if any(w.lower().strip(".") in _NOT_NAME_WORDS for w in cleaned.split()):
            continue
        cleaned = re.sub(r"^(?:Dr|Mr|Mrs|Ms|Miss) ", "", cleaned)
        if cleaned not in names:
            names.append(cleaned)
        if is_lead:
            lead = cleaned
    return names, lead


# A role printed as a label without its colon ("Lead inspector Robin Ash HMI", or
# "Lead inspector" on a line of its own above the name).
_BARE_ROLE_RE = re.compile(
    r"^((?i:deputy lead|lead|team|associate|additional|shadow|assistant lead|regulatory"
    r"|social care regulatory|ofsted) (?i:inspectors?))(?:\s+(?=[A-Z])|$)",
)


def _with_colon(text: str) -> str:
    # "Lead inspector on site: Pat Ray" is the lead inspector.
    text = re.sub(r"^((?i:lead inspectors?)) on site\s*:", r"\1:", text)
    return _BARE_ROLE_RE.sub(r"\1: ", text).rstrip()


def _team(lines: Sequence[Line]) -> tuple[list[str], str | None]:
    """Inspectors from 'Lead inspector: ...' lines and an inspection-team section."""
    for i, ln in enumerate(lines):
        if ln.text[:14].lower() != "lead inspector" or not re.match(
            r"^lead inspectors?\s*:", _with_colon(ln.text), re.I
        ):
            continue
        parts = [_with_colon(ln.text)]
        for nxt in lines[i + 1 : i + 10]:
            if _ROLE_RE.match(_with_colon(nxt.text)):
                parts.append(_with_colon(nxt.text))
                continue
            if parts[-1].endswith(":"):
                parts.append(nxt.text)  # the name under a label on its own line
                continue
            if re.match(
                r"^(judgements?\b|inspection date|report published|the |overall )", nxt.text, re.I
            ):
                break
            if nxt.blank_before or ends_sentence(parts[-1]) or len(nxt.text) > 90:
                break
            parts.append(nxt.text)
        pieces = _ROLE_RE.split(" ".join(parts))
        lead: str | None = None
        names: list[str] = []
        for label, content in zip(pieces[1::2], pieces[2::2], strict=False):
            if "inspector" not in label.lower():
                continue
            found, _ = _inspector_names(content)
            if label.lower().startswith("lead") and found:
                lead = found[0]
            names.extend(n for n in found if n not in names)
        if names:
            return names, lead
    return [], None


def _grade_rows(
    lines: Sequence[Line], start: int, limit: int, stop_after_overall: bool
) -> tuple[list[tuple[str, str]], int]:
    """Judgement table rows from line start; return rows and the last line used."""
    stop = min(len(lines), start + limit)
    # A judgement table never runs over a page break.
    page = lines[start].page if start < len(lines) else None
    if page is not None:
        stop = next((k for k in range(start, stop) if lines[k].page != page), stop)
    offsets: list[int] = []
    position = 0
    for k in range(start, stop):
        offsets.append(position)
        position += len(lines[k].text) + 1
    joined = " ".join(ln.text for ln in lines[start:stop])
    rows: list[tuple[str, str]] = []
    cursor = 0
    last_line = start - 1
    for match in GRADE_RE.finditer(joined):
        line_index = bisect_right(offsets, match.end() - 1) - 1
        line_end = offsets[line_index] + len(lines[start + line_index].text)
        if match.end() != line_end:
            # A table's grade ends its line; "a good enough service" is prose.
            break
        area = joined[cursor : match.start()]
        area = re.sub(r"^\s*\d(?:\.\d)?\.?\s+", "", area)
        area = re.sub(r"\s+(?:is|are)\s*$|[\s:–-]+$", "", area).strip()
        # A table cell may end with a full stop ("... with children and families.").
        area = re.sub(r"(?<=[a-z])\.$", "", area)
        if not _plausible_area(area):
            break
        rows.append((area, normalise_grade(match.group())))
        cursor = match.end()
        last_line = start + line_index
        if stop_after_overall and area.lower().startswith("overall effectiveness"):
            break
    return rows, last_line


def _plausible_area(area: str) -> bool:
    if not 3 <= len(area) <= 160 or not area[:1].isupper():
        return False
    if re.search(r"[a-z][.!?]\s", area) or area.endswith("."):
        return False
    return bool(_AREA_VOCAB_RE.search(area)) or len(area.split()) <= 8


def _sif_overall(text: str) -> str | None:
    match = re.search(
        r"(?:overall judgement is(?: that)?(?: children'?s services are)?"
        r"|children'?s services in .{2,60}?(?:\s+(?:are|is))?)\s+"
        r"(?P<g>requires?\s+improvement(?:\s+to\s+be\s+good)?|outstanding|good|inadequate)\b",
        text,
        re.I,
    )
    return normalise_grade(match.group("g")) if match else None


def parse_metadata(lines: Sequence[Line]) -> Metadata:
    meta = Metadata()
    found = _find_title(lines, 160)
    head_text = _join(lines, 0, min(len(lines), 200))
    if found is None:
        if _JTAI_RE.search(head_text):
            meta.kind = "jtai"
        title_at, title_end = 0, 0
    else:
        meta.kind, meta.title, title_at, title_end = found
    meta.body_start = title_end

    # Letter date: a line holding only a date, above the salutation or the title.
    dear_at = next((i for i, ln in enumerate(lines[:120]) if _DEAR_RE.match(ln.text)), None)
    top = min(x for x in (dear_at, title_at if found else None, 60) if x is not None)
    for ln in lines[:top]:
        letter_date = parse_date_line(ln.text)
        if letter_date:
            meta.letter_date = letter_date
            break
    meta.published_date = _published(lines)

    meta.local_authority = _authority(lines, meta, found, title_at, head_text)
    _visit_dates(lines, meta, head_text)
    if meta.letter_date and meta.visit_end and meta.letter_date < meta.visit_end:
        meta.warnings.append(
            f"The letter is dated {_long(meta.letter_date)}, before the visit ended on "
            f"{_long(meta.visit_end)}; check both dates against the document."
        )
    _people(lines, meta, title_end)
    _grades(lines, meta, title_end)

    body_text = _join(lines, meta.body_start, min(len(lines), meta.body_start + 150))
    meta.focus = _focus(body_text) if meta.kind in ("focused_visit", "monitoring_visit") else None
    number = _VISIT_NUMBER_RE.search(body_text) if meta.kind == "monitoring_visit" else None
    if number:
        word = number.group("n").lower()
        meta.visit_number = _ORDINALS.get(word) or int(re.sub(r"\D", "", word))
    previous = _PREVIOUS_RE.search(body_text[:5000])
    if previous:
        meta.previous_judgement = " ".join(previous.group("j").split())
    return meta


def _long(day: date) -> str:
    return f"{day.day} {day:%B %Y}"


def _published(lines: Sequence[Line]) -> date | None:
    """The date on a line starting "Report published:" (or "Published:"), or on the next."""
    for i, ln in enumerate(lines[:200]):
        if re.match(r"^(?:date )?(?:report )?published\b:?", ln.text, re.I):
            match = SINGLE_RE.search(spell_numeric_dates(_join(lines, i, i + 2)))
            found = _resolve(match, False, None) if match else None
            if found:
                return found.start
    return None


def _authority(
    lines: Sequence[Line],
    meta: Metadata,
    found: tuple[str, str, int, int] | None,
    title_at: int,
    head_text: str,
) -> str:
    name = ""
    if found is not None:
        for pattern in (
            _PROVIDER_TITLE_RE,
            _LA_IN_LETTER_TITLE_RE,
            _LA_IN_ILACS_TITLE_RE,
            _LA_IN_JTAI_TITLE_RE,
            _LA_AFTER_JTAI_OF_RE,
        ):
            match = pattern.match(meta.title)
            if match:
                name = match.group("la")
                break
        # "Inspection of local authority children's services" names no one.
        if _GENERIC_NAME_RE.match(normalise_authority(name)) or _GENERIC_NAME_RE.match(name):
            name = ""
        if not name and meta.kind in ("sif", "ilacs"):
            # "Westmoor Local Safeguarding Children Board" above a board review.
            name = _BOARD_SUFFIX_RE.sub("", _authority_above(lines, title_at))
    if not name:
        match = _LA_IN_SUMMARY_RE.search(head_text)
        if match:
            name = match.group("la")
    name = normalise_authority(name) if name else ""
    if not name or len(name) > 60:
        raise ReportParseError(
            "Could not find which local authority this document is about: the title "
            "(for example 'Inspection of <authority> local authority children's services' or "
            "'Focused visit to <authority> children's services') is missing or unreadable."
        )
    return name


_RESUMED_RE = re.compile(r"\b(?:19|20)\d{2}\s+and\s+(?=\d)")
_RESUMED_WITHIN = timedelta(days=200)


def _visit_dates(lines: Sequence[Line], meta: Metadata, head_text: str) -> None:
    default = meta.letter_date or meta.published_date
    candidates: list[str] = []
    for i, ln in enumerate(lines[:250]):
        if re.match(r"^inspection dates?\b", ln.text, re.I):
            candidates.append(_join(lines, i, i + 2))
            break
    summary = re.search(r"summarises the (?:main )?findings", head_text, re.I)
    if summary:
        candidates.append(head_text[summary.end() : summary.end() + 400])
    for text in candidates:
        dates = find_dates(text, default)
        if dates is None:
            continue
        if dates.start is None:
            continue
        meta.visit_start, meta.visit_end = dates.start, dates.end
        # "30 September to 11 October 2024 and 13 to 16 January 2025": paused and resumed.
        resumed = _RESUMED_RE.search(text)
        later = find_dates(text[resumed.end() :], default) if resumed else None
        if later and later.end and dates.end < later.end <= dates.start + _RESUMED_WITHIN:
            meta.visit_end = later.end
        if not dates.year_printed:
            source = "letter date" if meta.letter_date else "publication date"
            meta.warnings.append(f"Visit year not printed; taken from the {source}.")
        return
    # Anything that reads as a visit or inspection date further down.
    match = re.search(
        r"(?:visit(?:ed)?|inspection|inspected)\b[^.]{0,80}?\b(?:on|between|from)\s+",
        head_text,
        re.I,
    )
    if match:
        dates = find_dates(head_text[match.end() : match.end() + 120], default)
        if dates is not None and dates.start is not None:
            meta.visit_start, meta.visit_end = dates.start, dates.end
            meta.warnings.append(
                "Visit dates were not in the usual place; check them against the document."
            )
            return
    if meta.letter_date is None and meta.published_date is None:
        raise ReportParseError(
            "Could not read the dates of this document: no 'Inspection dates' line, "
            "visit date or letter date was found. Check that the file is the complete "
            "Ofsted report or letter."
        )
    meta.warnings.append("The visit dates could not be read; enter them by hand from the document.")


def _people(lines: Sequence[Line], meta: Metadata, title_end: int) -> None:
    names, lead = _team(lines)
    if not names:
        text = _join(lines, title_end, min(len(lines), title_end + 40))
        # "Work carried out by social workers" names no inspector; the next sentence may.
        for match in _INSPECTOR_SENTENCE_RE.finditer(text):
            names, lead = _inspector_names(match.group("names"))
            if names:
                break
    signatory: str | None = None
    for i, ln in enumerate(lines):
        if _SIGN_OFF_RE.match(ln.text):
            for nxt in lines[i + 1 : i + 4]:
                found, marked = _inspector_names(nxt.text)
                if found:
                    signatory = marked or found[0]
                    break
            break
    if not names and signatory and meta.kind in ("monitoring_visit", "focused_visit", "jtai"):
        names = [signatory]
    if lead is None and signatory in names:
        lead = signatory
    if lead is None and names and meta.kind in ("monitoring_visit", "focused_visit", "jtai"):
        lead = names[0]
    if lead is None and names and meta.kind in ("ilacs", "sif"):
        lead = names[0]
    if lead and lead in names:
        names = [lead] + [n for n in names if n != lead]
    meta.inspectors = tuple(names)
    meta.lead_inspector = lead


def _grades(lines: Sequence[Line], meta: Metadata, title_end: int) -> None:
    rows: list[tuple[str, str]] = []
    end = -1
    head_limit = min(len(lines), title_end + 80)
    for i in range(title_end, head_limit):
        if re.fullmatch(r"judgements?\s+grades?", lines[i].text, re.I):
            rows, end = _grade_rows(lines, i + 1, 30, stop_after_overall=True)
            break
    if meta.kind == "sif":
        first_row = next(
            (i for i in range(title_end, head_limit) if re.match(r"^1\.\s+\S", lines[i].text)),
            None,
        )
        overall = _sif_overall(_join(lines, title_end, first_row or head_limit))
        table, table_end = (
            _grade_rows(lines, first_row, 25, stop_after_overall=False)
            if first_row is not None
            else ([], -1)
        )
        # A board review has no numbered judgement table; its first "1." is a recommendation.
        if table:
            rows, end = table, table_end
        if overall:
            rows.insert(0, ("Overall effectiveness", overall))
        if not any("safeguarding" in area.lower() or "lscb" in area.lower() for area, _ in rows):
            for ln in lines:
                match = re.fullmatch(
                    r"(?P<a>(?:the effectiveness of )?the "
                    r"(?:local safeguarding children.{0,3} board"
                    r"|lscb)(?: \(lscb\))?) (?:(?:is|are) )?(?P<g>\w+(?: \w+){0,3})\.?",
                    ln.text,
                    re.I,
                )
                if match and GRADE_RE.fullmatch(match.group("g")):
                    rows.append((match.group("a"), normalise_grade(match.group("g"))))
                    break
    if end >= meta.body_start:
        meta.body_start = end + 1
    meta.grades = tuple(rows)
    if meta.kind in ("ilacs", "sif") and not rows:
        meta.warnings.append("No judgement table was found; grades were not read.")
    if meta.kind == "ilacs" and end < 0:
        for i in range(title_end, head_limit):
            if re.match(r"^lead inspector\b", lines[i].text, re.I):
                meta.body_start = max(meta.body_start, i + 1)
                break


def _focus(text: str) -> str | None:
    for pattern in _FOCUS_RES:
        match = pattern.search(text)
        if match:
            focus = _FOCUS_TRAIL_RE.sub("", " ".join(match.group("f").split())).strip(" ,")
            if re.match(r"^(a number of|a range of|several|some|key areas)\b", focus, re.I):
                continue
            return focus or None
    return None
