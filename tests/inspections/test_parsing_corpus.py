"""Every real Ofsted PDF in the shared corpus parses, and a dozen are checked in detail.

The detailed expectations were taken by reading each PDF, not from parser output.
"""

from __future__ import annotations

import os
from datetime import date
from functools import cache
from pathlib import Path

import pytest

from inspections import register
from inspections.parsing import ParsedReport, extract_text, grade_meaning, parse_file, parse_text
from inspections.parsing.survey import gaps
from tests.conftest import CORPUS_DIR as CORPUS

PDFS = sorted(CORPUS.glob("*.pdf")) if CORPUS.is_dir() else []

pytestmark = [
    pytest.mark.corpus,
    # In CI a missing corpus is a failure (test_the_corpus_is_present), never a quiet skip.
    pytest.mark.skipif(
        not PDFS and not os.environ.get("CI"),
        reason=f"the Ofsted corpus is not available at {CORPUS}",
    ),
]
REGISTER = register.NameIndex()
for _entry in register.load_entries():
    REGISTER.add(_entry, _entry.names, _entry.providers)


def test_the_corpus_is_present() -> None:
    assert PDFS, f"the Ofsted corpus is not available at {CORPUS}"


# Documents that print no improvement list, and why (read from the documents).
NO_LIST = {
    # Outstanding front-door services: the letter has no "What needs to improve".
    "80450-london-corporation-focused-visit-13-december-2022",
    # The 2019 letter gives findings as bullets without a list of improvements.
    "80428-bedford-focused-visit-18-december-2019",
    # "The areas for improvement set at the last focused visit in February 2020 remain."
    "80533-nottingham-focused-visit-09-august-2021",
}

# A COVID-era letter that names no focus for the visit.
NO_FOCUS = {"80567-surrey-focused-visit-11-may-2021"}

RI = "Requires improvement to be good"


@cache
def parsed(name: str) -> ParsedReport:
    return parse_file(CORPUS / f"{name}.pdf")


@pytest.mark.parametrize("path", PDFS, ids=[p.stem for p in PDFS])
def test_every_corpus_pdf_parses(path: Path) -> None:
    report = parsed(path.stem)
    assert report.local_authority
    match = REGISTER.find(report.local_authority)
    assert match is not None and len(match.targets) == 1, "one register entry"
    assert match.targets[0].ofsted_urn == path.stem.split("-")[0], "the register's own URN"
    assert report.title
    assert report.page_count and report.page_count > 1
    assert report.visit_start is not None and report.visit_end is not None
    assert report.visit_start <= report.visit_end
    assert (report.visit_end - report.visit_start).days <= 31
    assert report.lead_inspector and report.lead_inspector in report.inspectors
    assert report.paragraphs
    assert all(p.page is not None and 1 <= p.page <= report.page_count for p in report.paragraphs)
    assert [p.order for p in report.paragraphs] == list(range(1, len(report.paragraphs) + 1))
    if "focused-visit" in path.stem:
        assert report.kind == "focused_visit"
        assert report.letter_date is not None
        assert report.visit_end <= report.letter_date
        assert bool(report.focus) is (path.stem not in NO_FOCUS)
    else:
        assert report.kind in ("ilacs", "sif")
        assert len(report.grades) >= 4
        assert all(grade_meaning(grade) for _, grade in report.grades)
    if report.kind == "ilacs":
        numbers = [p.number for p in report.paragraphs if p.number is not None]
        assert numbers == list(range(1, len(numbers) + 1)), "ILACS paragraphs run 1..N"
    if path.stem in NO_LIST:
        assert report.improvement_items is None
    else:
        items = report.improvement_items
        assert items, "the document prints an improvement list"
        for item in items:
            assert item.text[:1].isupper() or item.text[:1] in "'\""
            assert "national framework" not in item.text.lower()
            assert "◼" not in item.text and "\uf0b7" not in item.text
            assert len(item.text) < 900
    assert "Piccadilly Gate" not in report.text
    assert "Crown copyright" not in report.text


def test_the_survey_reads_every_corpus_pdf_fully_except_those_printing_no_list() -> None:
    """The parse-everything check's rules (bench/survey_corpus.py, survey_documents) on the
    corpus: the only files not read fully are those whose letter prints no list or says it
    is empty, and that is all they are short of."""
    short = {p.stem: [*gaps(parsed(p.stem)), *parsed(p.stem).warnings] for p in PDFS}
    short = {name: reasons for name, reasons in short.items() if reasons}

    assert set(short) == NO_LIST
    for reasons in short.values():
        assert all("has no items" in r or r.startswith("No improvement list") for r in reasons)


@pytest.mark.parametrize(
    ("name", "authority", "kind", "visit", "lead", "grades", "count", "first"),
    [
        (
            "80449-bradford-inspection-23-may-2014",
            "Bradford",
            "sif",
            (date(2014, 2, 18), date(2014, 3, 12)),
            "Lynn Radley",
            [RI, RI, "Good", "Good", "Good", "Good", "Good"],
            12,
            "Ensure that all strategy discussions include the police as a minimum standard. The "
            "outcome of the discussion and agreed actions must be clearly recorded in a child's "
            "case file.",
        ),
        (
            "80481-leeds-inspection-27-march-2015",
            "Leeds",
            "sif",
            (date(2015, 1, 20), date(2015, 2, 11)),
            "Tracey Metcalfe",
            ["Good", "Good", "Good", "Good", "Good", "Outstanding", "Good"],
            20,
            "Extend the reach of the outcomes-based accountability approach, so that outcomes are "
            "clearly identified in all children's written plans to improve children's and "
            "families' lives and inform service development.",
        ),
        (
            "80532-northumberland-inspection-14-april-2016",
            "Northumberland",
            "sif",
            (date(2016, 1, 25), date(2016, 2, 18)),
            "Tracey Metcalfe",
            [RI, RI, RI, "Good", RI, RI, "Good"],
            18,
            "Improve agencies' understanding and application of thresholds for access to "
            "children's social care so that children and families receive coordinated support "
            "appropriate to their level of need in a timely way.",
        ),
        (
            "80563-stockton-on-tees-inspection-05-august-2016",
            "Stockton-on-Tees",
            "sif",
            (date(2016, 5, 23), date(2016, 6, 16)),
            "Tracey Metcalfe",
            ["Good", "Good", RI, RI, "Outstanding", "Good", RI],
            15,
            "Improve the quality of supervision across children's services, explicitly linking "
            "supervision to accountability, professional development and ensuring that the best "
            "possible outcomes for children are being pursued.",
        ),
        (
            "80458-darlington-inspection-21-may-2018",
            "Darlington",
            "sif",
            (date(2018, 2, 27), date(2018, 3, 22)),
            "Graham Reiter",
            [RI, RI, RI, "Good", "Good", RI],
            14,
            "Improve and accelerate the focus on quality. Ensure that strategic plans clearly "
            "identify measurable actions to support quality, timely implementation, coordination "
            "and evaluation. Further develop the range and focus of quality assurance processes "
            "to effectively monitor and support practice improvement.",
        ),
        (
            "80467-east-sussex-inspection-04-september-2018",
            "East Sussex",
            "ilacs",
            (date(2018, 7, 16), date(2018, 7, 20)),
            "Mandy Nightingale",
            ["Outstanding", "Good", "Outstanding", "Outstanding"],
            2,
            "The consideration and recording of managers' rationale for the timescales they agree "
            "for completing family assessments, in line with each child's presenting needs.",
        ),
        (
            "80497-hammersmith-and-fulham-inspection-15-october-2019",
            "Hammersmith and Fulham",
            "ilacs",
            (date(2019, 9, 9), date(2019, 9, 13)),
            "Tara Geere",
            ["Good", "Good", "Good", "Good"],
            5,
            "Capacity within the early help and contact and assessment services.",
        ),
        (
            "80441-bristol-inspection-10-march-2023",
            "Bristol",
            "ilacs",
            (date(2023, 1, 16), date(2023, 1, 27)),
            "Tracey Ledder",
            [RI, RI, "Good", "Good", RI],
            6,
            "The timeliness and consistency with which initial decisions about thresholds for "
            "access to services are matched to children's levels of risk and need, to help ensure "
            "that they routinely receive timely and proportionate support.",
        ),
        (
            "80570-telford-wrekin-inspection-12-july-2024",
            "Telford and Wrekin",
            "ilacs",
            (date(2024, 4, 29), date(2024, 5, 3)),
            "Rebecca Quested",
            ["Outstanding", "Good", "Outstanding", "Outstanding", "Outstanding"],
            2,
            "The management of contacts within Family Connect.",
        ),
        (
            "80577-west-berkshire-inspection-28-october-2025",
            "West Berkshire",
            "ilacs",
            (date(2025, 9, 15), date(2025, 9, 19)),
            "Rodica Cobarzan",
            ["Good", "Good", "Good", "Good", "Good"],
            3,
            "The effectiveness of practice with children who may be experiencing cumulative harm "
            "from neglect and/or domestic abuse, including those subject to the pre-proceedings "
            "stage of the Public Law Outline.",
        ),
        (
            "2532283-dorset-focused-visit-22-june-2023",
            "Dorset",
            "focused_visit",
            (date(2023, 5, 17), date(2023, 5, 18)),
            "Tracey Ledder",
            [],
            1,
            "The quality and timeliness of supervision.",
        ),
        (
            "80499-harrow-focused-visit-01-november-2018",
            "Harrow",
            "focused_visit",
            (date(2018, 10, 9), date(2018, 10, 10)),
            "Kate Malleson",
            [],
            3,
            "The more consistent partner engagement in strategy discussions and associated "
            "meetings.",
        ),
        (
            "80511-newham-focused-visit-04-december-2020",
            "Newham",
            "focused_visit",
            (date(2020, 10, 20), date(2020, 10, 22)),
            "Andy Whippey",
            [],
            5,
            "Planning and intervention to protect children at risk of exploitation.",
        ),
        (
            "80575-warrington-focused-visit-23-february-2018",
            "Warrington",
            "focused_visit",
            (date(2018, 1, 31), date(2018, 2, 1)),
            "Lorna Schlechte",
            [],
            4,
            "Although the number of children subject to a child protection plan has reduced in "
            "line with statistical neighbours, children are sometimes stepped down from a child "
            "protection plan too soon and before all outstanding tasks are completed. The "
            "conference minutes are not always clear about whether all the objectives from the "
            "plan have been delivered, what the remaining risk is and what work needs to be "
            "completed on a child in need basis to ensure that progress is sustained. In a small "
            "number of cases seen, children had been stepped down from a child in need plan to "
            "early help or universal services before three months had elapsed, which is contrary "
            "to the local authority's own practice standards. This led to some cases being closed "
            "prematurely, which, in a small number of cases seen, led to further referrals.",
        ),
    ],
)
def test_corpus_documents_in_detail(
    name: str,
    authority: str,
    kind: str,
    visit: tuple[date, date],
    lead: str,
    grades: list[str],
    count: int,
    first: str,
) -> None:
    report = parsed(name)
    assert report.local_authority == authority
    assert report.kind == kind
    assert (report.visit_start, report.visit_end) == visit
    assert report.lead_inspector == lead
    assert [grade_meaning(grade) for _, grade in report.grades] == grades
    items = report.improvement_items
    assert items is not None
    assert len(items) == count
    assert items[0].text == first


def test_sif_board_lists_are_separate_sections() -> None:
    leeds = parsed("80481-leeds-inspection-27-march-2015")
    headings = [(s.heading, len(s.items)) for s in leeds.improvement_sections]
    assert headings == [
        ("Areas for improvement", 15),
        ("Areas for improvement (Local Safeguarding Children Board)", 5),
    ]
    assert leeds.published_date == date(2015, 3, 27)
    assert leeds.grades[0] == ("Overall effectiveness", "Good")
    assert leeds.grades[-1] == ("The Local Safeguarding Children Board", "Good")
    northumberland = parsed("80532-northumberland-inspection-14-april-2016")
    assert [s.source_list for s in northumberland.improvement_sections] == [
        "recommendation",
        "recommendation",
    ]
    assert northumberland.improvement_sections[1].items[0].text == (
        "Ensure that the Annual Report 2015-16 includes an analysis of the quality of services "
        "responsible for safeguarding children."
    )


def test_national_framework_references_are_kept_apart() -> None:
    report = parsed("80577-west-berkshire-inspection-28-october-2025")
    items = report.improvement_items
    assert items is not None
    assert [i.framework_reference for i in items] == [
        "(Outcome 1, national framework)",
        "(Outcome 3, national framework)",
        "(Outcome 1, national framework)",
    ]
    # The footnote glued to the heading is gone, and so is its text at the page foot.
    assert report.improvement_sections[0].heading == "What needs to improve?"
    assert "cross-referenced" not in report.text


def test_focused_visit_letters_in_detail() -> None:
    dorset = parsed("2532283-dorset-focused-visit-22-june-2023")
    assert dorset.letter_date == date(2023, 6, 22)
    assert dorset.inspectors == ("Tracey Ledder", "Joy Howick")
    assert dorset.focus == "16- and 17-year-old care leavers"
    newham = parsed("80511-newham-focused-visit-04-december-2020")
    assert newham.inspectors == (
        "Andy Whippey",
        "Tara Geere",
        "Emmy Tomsett",
        "Tom Anthony",
        "Nasim Butt",
    )
    london = parsed("80450-london-corporation-focused-visit-13-december-2022")
    assert london.local_authority == "City of London"
    assert london.previous_judgement == "outstanding"
    nottingham = parsed("80533-nottingham-focused-visit-09-august-2021")
    assert nottingham.improvement_items is None
    assert any(
        "set at the last focused visit in February 2020 remain" in w for w in nottingham.warnings
    )
    assert nottingham.suggested_findings
    warrington = parsed("80575-warrington-focused-visit-23-february-2018")
    assert warrington.improvement_items is not None
    # The last item carries on over a page break.
    assert warrington.improvement_items[-1].text.endswith(
        "However, not all audits have clear action plans in place to ensure that remedial "
        "actions are addressed within a reasonable timescale for children."
    )


def test_sif_inspection_team() -> None:
    darlington = parsed("80458-darlington-inspection-21-may-2018")
    assert darlington.published_date == date(2018, 5, 21)
    assert darlington.inspectors == (
        "Graham Reiter",
        "Nigel Parkes",
        "Pauline Higham",
        "Karen Wareing",
        "Fiona Millns",
        "Fiona Insley",
        "Claire Brown",
        "Matthew Reed",
    )
    stockton = parsed("80563-stockton-on-tees-inspection-05-august-2016")
    assert "Anne-Marie Born" in stockton.inspectors
    assert "Peter McLaughlin" not in stockton.inspectors  # the data analyst


@pytest.mark.parametrize(
    "name",
    [
        "80481-leeds-inspection-27-march-2015",
        "80532-northumberland-inspection-14-april-2016",
        "80441-bristol-inspection-10-march-2023",
        "80523-middlesbrough-inspection-25-may-2023",
        "80570-telford-wrekin-inspection-12-july-2024",
        "80577-west-berkshire-inspection-28-october-2025",
    ],
)
def test_text_saved_without_page_breaks_gives_the_same_items(name: str) -> None:
    text, _ = extract_text((CORPUS / f"{name}.pdf").read_bytes(), f"{name}.pdf")
    flat = parse_text(text.replace("\f", "\n"))
    paged = parsed(name)
    assert flat.page_count is None
    assert flat.grades == paged.grades
    assert [i.text for i in flat.improvement_items or ()] == [
        i.text for i in paged.improvement_items or ()
    ]
