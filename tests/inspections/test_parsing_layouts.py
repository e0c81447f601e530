"""Layouts that text extraction gives out of order or cut, in documents written for these tests.

Pages are separated by form feeds, as the PDF extraction gives them.
"""

from datetime import date
from pathlib import Path

import pytest

from inspections.parsing import grade_meaning, parse_text

# The date and addressee come after the first page's text, in the middle of a sentence.
HEAD_AFTER_TEXT = """Dear Ms Fenwick

Focused visit to Westmoor children's services

This letter summarises the findings of the focused visit to Westmoor children's
services on 3 and 4 September 2024. His Majesty's Inspectors for this visit were
Ada Lyle and Ben Orme.

Inspectors looked at the local authority's arrangements for care leavers.

Headline findings

Since the last inspection, services for care leavers in Westmoor have
12 September 2024

Ruth Fenwick
Director of Children's Services
Westmoor Council
Civic Centre
Westmoor
WM1 2AB
\f
improved a great deal. Personal advisers know their young people well.

What needs to improve in this area of social work practice?

 The range of homes available to care leavers.

Yours sincerely

Ada Lyle
His Majesty's Inspector
"""


def test_a_letter_head_given_after_the_first_page_is_read_as_the_letter_date() -> None:
    report = parse_text(HEAD_AFTER_TEXT)

    assert report.letter_date == date(2024, 9, 12)
    assert (report.visit_start, report.visit_end) == (date(2024, 9, 3), date(2024, 9, 4))
    texts = [p.text for p in report.paragraphs]
    assert (
        "Since the last inspection, services for care leavers in Westmoor have improved a great "
        "deal. Personal advisers know their young people well." in texts
    )
    assert not any("WM1 2AB" in t or "Civic Centre" in t for t in texts)
    assert [i.text for i in report.improvement_items] == [
        "The range of homes available to care leavers."
    ]
    assert report.warnings == ()


def test_a_date_inside_the_letter_without_an_address_after_it_stays_where_it_is() -> None:
    text = HEAD_AFTER_TEXT.replace("WM1 2AB\n", "")

    report = parse_text(text)

    assert report.letter_date is None
    assert any("12 September 2024" in p.text for p in report.paragraphs)


@pytest.mark.parametrize(
    ("printed", "start", "end"),
    [
        ("on 29 and 30 August, and 1 September 2024", date(2024, 8, 29), date(2024, 9, 1)),
        ("on the 2 and 3 of September 2024", date(2024, 9, 2), date(2024, 9, 3)),
        ("on the 2nd of September 2024", date(2024, 9, 2), date(2024, 9, 2)),
        ("on 2, 3 and 4 September 2024", date(2024, 9, 2), date(2024, 9, 4)),
        ("between 30 August and 3 September 2024", date(2024, 8, 30), date(2024, 9, 3)),
    ],
)
def test_visit_days_listed_run_from_the_first_to_the_last(printed, start, end) -> None:
    text = HEAD_AFTER_TEXT.replace("on 3 and 4 September 2024", printed)

    report = parse_text(text)

    assert (report.visit_start, report.visit_end) == (start, end)
    assert report.warnings == ()


# Ofsted's address block, printed beside the first page's text, with its telephone number
# wrapped, cuts the list in two.
LIST_CUT_BY_ADDRESS = """14 July 2022

Dear Mr Hale

Focused visit to Westmoor children's services

This letter summarises the findings of the focused visit to Westmoor children's
services on 7 and 8 June 2022. His Majesty's Inspectors for this visit were
Ada Lyle and Ben Orme.

What needs to improve in this area of social work practice?

◼ The quality of supervision records, to ensure a consistent focus on plans.
◼ The timeliness of recording on children's case files.

Ofsted
Piccadilly Gate
Store Street
Manchester
M1 2WD

T 0300 123 1231
Textphone 0161 618
8524
enquiries@ofsted.gov.uk
www.gov.uk/ofsted
\f
2

◼ The effectiveness of the audit process, to improve outcomes for children.
◼ Ensure that accurate performance data is used well.

Main findings

Children are seen regularly by their social workers, who know them well.

Yours sincerely

Ada Lyle
His Majesty's Inspector
"""


def test_a_list_cut_by_the_address_block_with_a_wrapped_telephone_number_keeps_every_item():
    report = parse_text(LIST_CUT_BY_ADDRESS)

    assert [i.text for i in report.improvement_items] == [
        "The quality of supervision records, to ensure a consistent focus on plans.",
        "The timeliness of recording on children's case files.",
        "The effectiveness of the audit process, to improve outcomes for children.",
        "Ensure that accurate performance data is used well.",
    ]
    assert not any("8524" in p.text or "Textphone" in p.text for p in report.paragraphs)


def test_a_list_cut_by_a_footnote_with_the_address_block_below_it_keeps_every_item():
    text = (
        LIST_CUT_BY_ADDRESS.replace("social work practice?\n", "social work practice?1\n")
        .replace("Textphone 0161 618\n8524", "Textphone 0161 618 8524")
        .replace(
            "\nOfsted\nPiccadilly Gate",
            "\n1 The areas for improvement have been cross-referenced with the National "
            "Framework.\nThis statutory guidance sets out the purpose of children's social care."
            "\n\nOfsted\nPiccadilly Gate",
        )
    )

    # As extracted: blank lines with spaces below the address, at the foot of the page.
    report = parse_text(text.replace("www.gov.uk/ofsted\n", "www.gov.uk/ofsted\n \n  \n \n"))

    assert len(report.improvement_items) == 4
    assert (
        report.improvement_items[-1].text == "Ensure that accurate performance data is used well."
    )
    assert not any("cross-referenced" in p.text for p in report.paragraphs)


@pytest.mark.parametrize("bullet", ["◼ ", ""])
def test_a_list_that_says_the_earlier_areas_still_stand_has_no_items_and_says_so(bullet):
    text = LIST_CUT_BY_ADDRESS.split("◼ The quality")[0] + (
        f"{bullet}The areas for improvement continue to be those that were identified at the\n"
        "ILACS inspection in July 2018. Progress is evident in key areas.\n\nMain findings\n\n"
        "Supervision is not yet regular for all social workers.\n\nYours sincerely\n\nAda Lyle\n"
    )

    report = parse_text(text)

    assert report.improvement_items is None
    assert report.warnings == (
        "The list 'What needs to improve in this area of social work practice?' has no items: "
        "The areas for improvement continue to be those that were identified at the ILACS "
        "inspection in July 2018.",
    )


@pytest.mark.parametrize(
    ("printed", "end"),
    [
        ("9 to 20 February 2026 and 11 to 13 May 2026", date(2026, 5, 13)),
        ("9 February 2026 to 13 February 2026 and 2 March 2026 to\n4 March 2026", date(2026, 3, 4)),
        # A second period far beyond the first is not the same inspection.
        ("9 to 20 February 2026 and 11 to 13 November 2026", date(2026, 2, 20)),
    ],
)
def test_an_inspection_paused_and_resumed_runs_to_the_end_of_its_second_period(printed, end):
    path = Path(__file__).parent / "documents" / "ilacs_thurrock_2026.txt"
    text = path.read_text().replace("9 to 20 February 2026", printed, 1)

    report = parse_text(text)

    assert (report.visit_start, report.visit_end) == (date(2026, 2, 9), end)


def test_a_letter_dated_before_its_visit_is_read_as_printed_with_a_warning():
    report = parse_text(HEAD_AFTER_TEXT.replace("12 September 2024", "12 September 2023"))

    assert report.letter_date == date(2023, 9, 12)
    assert report.warnings == (
        "The letter is dated 12 September 2023, before the visit ended on 4 September 2024; "
        "check both dates against the document.",
    )


def test_a_judgement_table_whose_areas_end_with_full_stops_is_read():
    path = Path(__file__).parent / "documents" / "ilacs_thurrock_2026.txt"
    text = path.read_text().replace(
        "practice with children and families\nRequires improvement to be good",
        "practice with children and families.\nRequires improvement\nto be good",
        1,
    )

    report = parse_text(text)

    assert report.grades[0] == (
        "The impact of leaders on social work practice with children and families",
        "Requires improvement to be good",
    )
    assert len(report.grades) == 4
    assert "No judgement table was found; grades were not read." not in report.warnings


@pytest.mark.parametrize(
    ("sentence", "inspectors"),
    [
        (
            "on 3 and 4 September 2024, carried out by Ada Lyle and Ben Orme, His Majesty's\n"
            "Inspectors.",
            ("Ada Lyle", "Ben Orme"),
        ),
        (
            "on 3 and 4 September 2024. The inspectors were Ada Lyle and Ben Orme, His\n"
            "Majesty's Inspectors (HMI) Social Care, and Cy Dunn, HMI Schools.",
            ("Ada Lyle", "Ben Orme", "Cy Dunn"),
        ),
    ],
)
def test_every_inspector_of_a_letter_is_read_without_their_titles(sentence, inspectors):
    text = HEAD_AFTER_TEXT.replace(
        "on 3 and 4 September 2024. His Majesty's Inspectors for this visit were\n"
        "Ada Lyle and Ben Orme.",
        sentence,
    )

    report = parse_text(text)

    assert report.inspectors == inspectors
    assert report.lead_inspector == "Ada Lyle"


def test_a_sif_team_listed_with_senior_and_associate_titles_keeps_names_only():
    from tests.inspections.test_parsing_families import SIF_REINSPECTION

    team = (
        "Lead inspector: Robin Ash HMI\n"
        "Team inspectors: Sam Lee SHMI, Pat Ray OI, Jo Ash AI, Kim Day HMI, Al Roe SCRI\n"
    )
    report = parse_text(SIF_REINSPECTION.replace("Lead inspector: Robin Ash\n", team))

    assert report.inspectors == ("Robin Ash", "Sam Lee", "Pat Ray", "Jo Ash", "Kim Day", "Al Roe")


def test_an_area_the_inspection_did_not_judge_is_read_as_printed_without_a_meaning():
    from tests.inspections.test_parsing_families import SIF_REINSPECTION

    text = SIF_REINSPECTION.replace(
        "2.1 Adoption performance Good", "2.1 Adoption performance Not Judged"
    )

    report = parse_text(text)

    grades = dict(report.grades)
    assert grades["Adoption performance"] == "Not judged"
    assert grade_meaning("Not judged") is None
    assert grades["Experiences and progress of care leavers"] == "Requires improvement"
    assert grades["Leadership, management and governance"] == "Requires improvement"


def test_sif_recommendations_with_bulleted_parts_and_an_introduction_keep_their_numbering():
    from tests.inspections.test_parsing_families import SIF_REINSPECTION

    recommendations = """Recommendations

The following recommendations are those that inspectors considered to be the
priorities for Northbay. They do not address every failing in this report.

1. Strengthen managers' oversight and monitoring of:

\uf0b7 complex cases where there is drift (paragraph 36)
\uf0b7 private fostering arrangements (paragraphs 40, 83)
\uf0b7 care leavers who are homeless (paragraph 112).

2. Ensure that supervision is reflective and challenging (paragraph 33).

3. Strengthen commissioning so that services meet children's needs by: (paragraph 50)

\uf0b7 reviewing the use of hostel accommodation
\uf0b7 improving family group conferences (paragraph 55).

4. Ensure later-in-life letters are written in plain English (paragraph 107).
"""
    text = SIF_REINSPECTION.replace(
        "Recommendations\n1. Improve the timeliness of assessments, so that children's needs are "
        "understood.\n2. Ensure that supervision records show the rationale for decisions.\n",
        recommendations,
    )

    report = parse_text(text)

    assert [i.text for i in report.improvement_items] == [
        "Strengthen managers' oversight and monitoring of: complex cases where there is drift "
        "(paragraph 36); private fostering arrangements (paragraphs 40, 83); care leavers who "
        "are homeless (paragraph 112).",
        "Ensure that supervision is reflective and challenging (paragraph 33).",
        "Strengthen commissioning so that services meet children's needs by: (paragraph 50) "
        "reviewing the use of hostel accommodation; improving family group conferences "
        "(paragraph 55).",
        "Ensure later-in-life letters are written in plain English (paragraph 107).",
    ]
    assert any(p.text.startswith("The following recommendations") for p in report.paragraphs)


def test_a_sif_report_recalling_the_old_framework_in_its_opening_is_not_refused():
    from tests.inspections.test_parsing_families import SIF_REINSPECTION

    text = SIF_REINSPECTION.replace(
        "Children's services in Northbay require improvement to be good.\n",
        "Children's services in Northbay require improvement to be good.\n"
        "In the last inspection of safeguarding and looked after children services in 2012,\n"
        "the local authority was judged to be good.\n",
    )

    report = parse_text(text)

    assert (report.kind, report.local_authority) == ("sif", "Northbay")


def test_a_list_heading_over_the_lists_it_groups_is_not_an_empty_list():
    from tests.inspections.test_parsing_families import SIF_REINSPECTION

    board = (
        "Review of the effectiveness of the Local Safeguarding Children Board\n\n"
        "Recommendations\n\nPriority and immediate action\n\n"
        "105. Review the board's threshold documentation.\n"
        "106. Clarify the governance role of the board's sub-groups.\n\n"
        "Summary for children and young people\n"
    )
    text = SIF_REINSPECTION.replace("Summary for children and young people\n", board)

    report = parse_text(text)

    sections = [(s.heading, len(s.items)) for s in report.improvement_sections]
    assert sections[-1] == ("Priority and immediate action (Local Safeguarding Children Board)", 2)
    assert not [w for w in report.warnings if "has no items" in w]


def test_a_lead_inspector_on_site_beside_a_report_author_is_the_lead():
    from tests.inspections.test_parsing_families import SIF_REINSPECTION

    team = (
        "The inspection team\nLead inspector on site: Robin Ash\nReport author: Sam Lee\n"
        "Deputy lead inspector: Kim Day\nTeam inspectors: Sam Lee, Jo Ash\n"
    )
    report = parse_text(SIF_REINSPECTION.replace("Lead inspector: Robin Ash\n", ""))
    assert report.lead_inspector is None

    report = parse_text(SIF_REINSPECTION.replace("Lead inspector: Robin Ash\n", "") + team)

    assert report.lead_inspector == "Robin Ash"
    assert report.inspectors == ("Robin Ash", "Kim Day", "Sam Lee", "Jo Ash")


def test_a_numbered_line_saying_there_are_none_is_not_an_item():
    path = Path(__file__).parent / "documents" / "sif_york_2016.txt"
    text = (
        path.read_text()
        .replace("11. The board is chaired", "12. The board is chaired")
        .replace("10. Evaluate the impact", "11. Evaluate the impact")
        .replace(
            "Recommendations\n9. Ensure that the board",
            "Priority and immediate action\n"
            "9. There are no areas for priority or immediate action.\n"
            "Areas for improvement\n10. Ensure that the board",
        )
    )

    report = parse_text(text)

    board = [(s.heading, len(s.items)) for s in report.improvement_sections][1:]
    assert board == [("Areas for improvement (Local Safeguarding Children Board)", 2)]
    assert not any("There are no" in i.text for i in report.improvement_items)
