"""Our own test documents (tests/inspections/documents), each in the style of a real one.

Each document exercises artefacts the seeds do not: other bullet glyphs, two
bullets on one line, a word hyphenated at a line end, a year-less visit date, a
page break in the middle of a sentence, running headers, a footnote, National
Framework references, priority actions, a SIF table with wrapped grades and a
separate safeguarding-board list.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from inspections.parsing import ParsedReport, parse_file, parse_text

DOCUMENTS = Path(__file__).resolve().parent / "documents"


def document(name: str) -> ParsedReport:
    return parse_file(DOCUMENTS / name)


def test_monitoring_visit_with_other_glyphs_and_no_visit_year() -> None:
    report = document("monitoring_visit_greenwich_2022.txt")
    assert report.kind == "monitoring_visit"
    assert report.local_authority == "Greenwich"
    assert report.title == "Monitoring visit to the Royal Borough of Greenwich children's services"
    assert report.letter_date == date(2022, 8, 9)
    assert (report.visit_start, report.visit_end) == (date(2022, 7, 13), date(2022, 7, 14))
    assert "Visit year not printed; taken from the letter date." in report.warnings
    assert report.visit_number == 6
    assert report.previous_judgement == "inadequate in November 2019"
    assert report.inspectors == ("Priya Sharma", "Tom O'Neill")
    assert report.lead_inspector == "Priya Sharma"
    assert report.focus == "children in need of help and protection"
    assert report.improvement_items is None
    assert report.areas_covered is not None
    assert [a.text for a in report.areas_covered] == [
        "the quality and timeliness of decision-making at the front door",
        "the quality of strategy discussions",
        "the timeliness of child protection enquiries",
        "management oversight and supervision of frontline practice.",
    ]
    suggested = [s.text for s in report.suggested_findings]
    assert (
        "More work is needed to ensure that return home interviews are offered to every child "
        "who goes missing from home or care." in suggested
    )
    assert any("remains too variable" in s for s in suggested)
    assert not any("well attended" in s for s in suggested)
    assert [p.page for p in report.paragraphs][-1] == 3
    assert "Piccadilly Gate" not in report.text


def test_focused_visit_with_priority_actions_and_framework_references() -> None:
    report = document("focused_visit_hounslow_2025.txt")
    assert report.kind == "focused_visit"
    assert report.local_authority == "Hounslow"
    assert report.letter_date == date(2025, 4, 4)
    assert (report.visit_start, report.visit_end) == (date(2025, 2, 27), date(2025, 3, 1))
    assert report.inspectors == ("Alex Morgan", "Jo Patel")
    assert report.lead_inspector == "Alex Morgan"
    assert report.focus == "children in need and children subject to a child protection plan"
    priority, improve = report.improvement_sections
    assert priority.heading == "Areas for priority action"
    assert priority.source_list == "priority_action"
    assert [(i.text, i.framework_reference) for i in priority.items] == [
        (
            "The timeliness of child protection enquiries for children referred out of hours, "
            "so that risk is assessed on the same day.",
            "(outcome 3, national framework)",
        ),
        (
            "Management oversight of children's plans when 'no further action' is proposed by "
            "a social worker.",
            "(enabler 2, national framework)",
        ),
    ]
    assert improve.heading == "What needs to improve in this area of social work practice"
    assert improve.source_list == "what_needs_to_improve"
    assert [(i.text, i.framework_reference) for i in improve.items] == [
        ("The quality of written plans for children in need.", "(outcome 2, national framework)"),
        (
            "The capacity of the early help service to accept children stepped down from "
            "statutory services.",
            None,
        ),
        ("The recording of children's views in assessments.", "(outcome 1, national framework)"),
    ]
    items = report.improvement_items
    assert items is not None and len(items) == 5
    assert report.suggested_findings == ()


def test_sif_report_with_wrapped_grades_and_a_board_list() -> None:
    report = document("sif_york_2016.txt")
    assert report.kind == "sif"
    assert report.local_authority == "York"
    assert report.title == (
        "Inspection of services for children in need of help and protection, children looked "
        "after and care leavers and Review of the effectiveness of the Local Safeguarding "
        "Children Board"
    )
    assert (report.visit_start, report.visit_end) == (date(2016, 6, 13), date(2016, 7, 7))
    assert report.published_date == date(2016, 9, 12)
    assert report.grades == (
        ("Overall effectiveness", "Requires improvement to be good"),
        ("Children who need help and protection", "Requires improvement to be good"),
        ("Children looked after and achieving permanence", "Good"),
        ("Adoption performance", "Good"),
        ("Experiences and progress of care leavers", "Outstanding"),
        ("Leadership, management and governance", "Requires improvement to be good"),
        ("The Local Safeguarding Children Board", "Requires improvement"),
    )
    assert report.lead_inspector == "Sam Brown"
    assert report.inspectors == ("Sam Brown", "Lee Green", "Ann White", "Bob Black", "Carys Jones")
    council, board = report.improvement_sections
    assert council.heading == "Recommendations"
    assert council.source_list == "recommendation"
    assert [i.text for i in council.items] == [
        "Ensure that all strategy discussions include the police and health partners and that "
        "decisions are recorded on children's files.",
        "Improve the quality of assessments so that they analyse risk and inform plans.",
        "Ensure that all children looked after have an up-to-date health assessment.",
        "Improve the timeliness of pathway plans for care leavers.",
        "Strengthen the quality assurance framework so that audits lead to improvements in "
        "practice.",
    ]
    assert board.heading == "Recommendations (Local Safeguarding Children Board)"
    assert [i.text for i in board.items] == [
        "Ensure that the board receives regular multi-agency audit findings.",
        "Evaluate the impact of multi-agency training on frontline practice.",
    ]
    numbered = [p.number for p in report.paragraphs if p.number is not None]
    assert numbered == [6, 7, 8, 11]
    sixth = next(p for p in report.paragraphs if p.number == 6)
    assert sixth.text.endswith("(Recommendation)")
    assert sixth.page == 4
    # Neither the contents page nor the back page is a paragraph.
    assert not any("Summary for children and young people 4" in p.text for p in report.paragraphs)
    assert not any("Crown copyright" in p.text for p in report.paragraphs)


def test_ilacs_2026_with_four_judgements_running_headers_and_a_footnote() -> None:
    report = document("ilacs_thurrock_2026.txt")
    assert report.kind == "ilacs"
    assert report.local_authority == "Thurrock"
    assert (report.visit_start, report.visit_end) == (date(2026, 2, 9), date(2026, 2, 20))
    assert report.lead_inspector == "Morgan Price"
    assert report.grades == (
        (
            "The impact of leaders on social work practice with children and families",
            "Requires improvement to be good",
        ),
        ("The experiences and progress of children who need help and protection", "Inadequate"),
        ("The experiences and progress of children in care", "Requires improvement to be good"),
        ("The experiences and progress of care leavers", "Good"),
    )
    (section,) = report.improvement_sections
    assert section.heading == "What needs to improve?"
    assert [(i.text, i.framework_reference) for i in section.items] == [
        ("The timeliness of child protection enquiries.", "(Outcome 3, national framework)"),
        ("The quality of plans for children in need.", None),
        (
            "Management oversight of decisions to close children's cases.",
            "(Enabler 2, national framework)",
        ),
        ("Sufficiency of local homes for children in care.", None),
    ]
    numbered = [p for p in report.paragraphs if p.number is not None]
    assert [p.number for p in numbered] == list(range(1, 9))
    second = numbered[1]
    assert second.text == (
        "Strategy discussions are not held promptly for some children at risk of significant "
        "harm. This means that risks are not always understood."
    )
    assert second.page == 2
    assert numbered[2].page == 3
    assert numbered[3].heading == (
        "The experiences and progress of children in care: requires improvement to be good"
    )
    assert numbered[6].heading == (
        "The impact of leaders on social work practice with children and families: requires "
        "improvement to be good"
    )
    assert "cross-referenced" not in report.text
    assert "9 to 20 February 2026 2" not in report.text


def test_documents_read_the_same_with_windows_line_endings() -> None:
    path = DOCUMENTS / "focused_visit_hounslow_2025.txt"
    text = path.read_text(encoding="utf-8")
    assert parse_text(text.replace("\n", "\r\n")) == parse_text(text)
