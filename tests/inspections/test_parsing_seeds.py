"""The five seed documents, with expected values read from the documents themselves."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from inspections.parsing import ParsedReport, parse_file, report_to_dict

SEEDS = Path(__file__).resolve().parents[2] / "seeds"


def seed(prefix: str) -> ParsedReport:
    (path,) = SEEDS.glob(f"{prefix}_*.txt")
    return parse_file(path)


def test_003_ilacs_south_gloucestershire() -> None:
    report = seed("003")
    assert report.local_authority == "South Gloucestershire"
    assert report.kind == "ilacs"
    assert report.title == "Inspection of South Gloucestershire local authority children's services"
    assert (report.visit_start, report.visit_end) == (date(2024, 6, 3), date(2024, 6, 14))
    assert report.letter_date is None
    assert report.lead_inspector == "Anna Gravelle"
    assert report.inspectors == ("Anna Gravelle",)
    assert report.grades == (
        ("The impact of leaders on social work practice with children and families", "Good"),
        ("The experiences and progress of children who need help and protection", "Good"),
        ("The experiences and progress of children in care", "Good"),
        ("The experiences and progress of care leavers", "Good"),
        ("Overall effectiveness", "Good"),
    )
    assert [s.heading for s in report.improvement_sections] == ["What needs to improve?"]
    items = report.improvement_items
    assert items is not None
    assert [i.text for i in items] == [
        "The take-up, timeliness and impact of return home interviews.",
        "Transitional support into adulthood for care leavers.",
        "Clarity of offer and consistent oversight of the response to care leavers post 21.",
        "Leadership and management oversight of practice that is informed by high-quality "
        "performance information.",
    ]
    assert {i.source_list for i in items} == {"what_needs_to_improve"}
    assert all(i.framework_reference is None for i in items)
    assert report.areas_covered is None
    assert report.suggested_findings == ()


def test_003_paragraphs_are_numbered_1_to_58_under_their_judgement_headings() -> None:
    report = seed("003")
    numbered = [p for p in report.paragraphs if p.number is not None]
    assert [p.number for p in numbered] == list(range(1, 59))
    first = numbered[0]
    assert first.heading == (
        "The experiences and progress of children who need help and protection: good"
    )
    assert first.text.startswith("Children and families receive a highly effective response")
    # Paragraph 7 is split by a blank line in the middle of a sentence.
    seventh = numbered[6]
    assert (
        seventh.text.endswith("to help improve children's situations.")
        and "on their own. Workers" in seventh.text
    )
    assert numbered[20].heading == "The experiences and progress of children in care: good"
    assert numbered[-1].heading == (
        "The impact of leaders on social work practice with children and families: good"
    )
    # The back-page boilerplate is not a paragraph.
    assert not any("Open Government Licence" in p.text for p in report.paragraphs)
    assert "Piccadilly Gate" not in report.text


def test_004_focused_visit_gloucestershire() -> None:
    report = seed("004")
    assert report.local_authority == "Gloucestershire"
    assert report.kind == "focused_visit"
    assert report.title == "Focused visit to Gloucestershire County Council children's services"
    assert report.letter_date == date(2025, 2, 21)
    assert (report.visit_start, report.visit_end) == (date(2025, 1, 22), date(2025, 1, 23))
    assert report.inspectors == ("Alison Smale", "John Roughton")
    assert report.lead_inspector == "Alison Smale"
    assert report.focus == "older children in care and care leavers under 21"
    assert report.grades == ()
    (section,) = report.improvement_sections
    assert section.heading == "What needs to improve in this area of social work practice?"
    assert [i.text for i in section.items] == [
        "The records of senior management oversight and decision-making on children and "
        "young people's files.",
        "Joint planning and contingency arrangements for children placed on remand.",
    ]
    assert report.areas_covered is None
    # The address block printed at the top of the letter is not text of the report.
    assert "Piccadilly Gate" not in report.text
    assert "enquiries@ofsted.gov.uk" not in report.text


AREAS_000 = [
    "The effectiveness of arrangements to ensure that the local authority discharges its duty "
    "as a corporate parent to care leavers and to increase the opportunities for care leavers "
    "to work, train and gain employment experience.",
    "The quality and effectiveness of pathway planning processes for care leavers.",
    "The extent to which care leavers receive clear and effective advice and guidance "
    "regarding their entitlements.",
    "The frequency and quality of visits by social workers and personal advisers (PAs) to "
    "care leavers.",
    "The quality of management oversight, challenge and staff supervision in these services.",
]
AREAS_001 = [
    "The impact of thresholds and timeliness of admission into care.",
    "The appropriateness of decisions made for children on the edge of care.",
    "The effectiveness of multi-agency plans to improve outcomes and reduce risks for these "
    "children.",
    "The quality of management oversight, challenge and staff supervision in these services.",
]
AREAS_002 = [
    "the effectiveness of arrangements for keeping in touch with young people who have left "
    "care, the quality of pathway plans, the suitability of accommodation and the "
    "availability of health histories",
    "management oversight, challenge and staff supervision",
    "the arrangements for responding to allegations against adults who work or volunteer "
    "with children and young people.",
]


@pytest.mark.parametrize(
    ("prefix", "authority", "number", "letter", "visit", "inspectors", "areas", "previous"),
    [
        (
            "000",
            "South Gloucestershire",
            5,
            date(2018, 11, 16),
            (date(2018, 10, 24), date(2018, 10, 24)),
            ("Joy Howick", "Rachel Griffiths"),
            AREAS_000,
            "inadequate in February 2017",
        ),
        (
            "001",
            "South Gloucestershire",
            3,
            date(2018, 6, 15),
            (date(2018, 5, 22), date(2018, 5, 23)),
            ("Joy Howick", "Emmy Tomsett"),
            AREAS_001,
            "inadequate in February 2017",
        ),
        (
            "002",
            "Gloucestershire",
            7,
            date(2019, 9, 30),
            (date(2019, 9, 5), date(2019, 9, 5)),
            ("Nicola Bennett", "Emmy Tomsett"),
            AREAS_002,
            "inadequate in March 2017",
        ),
    ],
)
def test_monitoring_letters(
    prefix: str,
    authority: str,
    number: int,
    letter: date,
    visit: tuple[date, date],
    inspectors: tuple[str, ...],
    areas: list[str],
    previous: str,
) -> None:
    report = seed(prefix)
    assert report.kind == "monitoring_visit"
    assert report.local_authority == authority
    assert report.visit_number == number
    assert report.letter_date == letter
    assert (report.visit_start, report.visit_end) == visit
    assert report.inspectors == inspectors
    assert report.lead_inspector == inspectors[0]
    assert report.previous_judgement == previous
    assert report.improvement_items is None
    assert report.improvement_sections == ()
    assert report.areas_covered is not None
    assert [a.text for a in report.areas_covered] == areas
    assert {a.source_list for a in report.areas_covered} == {"areas_covered"}
    assert report.grades == ()
    assert report.warnings == ()
    assert len(report.suggested_findings) >= 5


def test_monitoring_focus_is_read_from_the_areas_covered_introduction() -> None:
    assert seed("000").focus == "care leavers"
    assert seed("001").focus == "children looked after"


def test_001_suggests_the_return_home_interview_sentence() -> None:
    report = seed("001")
    texts = [s.text for s in report.suggested_findings]
    assert (
        "More work is required to improve the overall quality and timeliness of return home "
        "interviews for children." in texts
    )
    finding = next(s for s in report.suggested_findings if "return home interviews" in s.text)
    assert finding.source_list == "suggested"
    (order,) = finding.paragraph_numbers
    paragraph = report.paragraphs[order - 1]
    assert paragraph.order == order
    assert finding.text in paragraph.text
    assert paragraph.heading == "Findings and evaluation of progress"


def test_002_suggests_pathway_plans_and_management_oversight() -> None:
    texts = " ".join(s.text for s in seed("002").suggested_findings)
    assert "Pathway plans are not aspirational" in texts
    assert "supervision is not always sufficiently challenging" in texts


def test_000_suggests_supervision_records_and_case_recording() -> None:
    texts = [s.text for s in seed("000").suggested_findings]
    assert any(t.startswith("Nevertheless, too many supervision records still") for t in texts)
    assert any("case recording remains too variable" in t for t in texts)


def test_report_to_dict_is_json_ready() -> None:
    data = report_to_dict(seed("003"))
    assert data["visit_start"] == "2024-06-03"
    assert data["letter_date"] is None
    assert list(data["grades"]) == [
        "The impact of leaders on social work practice with children and families",
        "The experiences and progress of children who need help and protection",
        "The experiences and progress of children in care",
        "The experiences and progress of care leavers",
        "Overall effectiveness",
    ]
    assert data["improvement_items"][0] == (
        "The take-up, timeliness and impact of return home interviews."
    )
    assert data["improvement_sections"][0]["source_list"] == "what_needs_to_improve"
    assert data["areas_covered"] is None
    assert data["paragraphs"] == 60
    monitoring = report_to_dict(seed("001"))
    assert monitoring["improvement_items"] is None
    assert len(monitoring["areas_covered"]) == 4
