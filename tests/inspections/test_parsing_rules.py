"""One small text per parsing rule: dates, names, glyphs, headings, lists, furniture."""

from __future__ import annotations

from datetime import date

import pytest

from inspections.parsing import parse_text
from inspections.parsing.items import make_item, split_sentences
from inspections.parsing.metadata import (
    find_dates,
    grade_meaning,
    normalise_authority,
    normalise_grade,
)
from inspections.parsing.normalise import split_glyph_bullets, to_lines


def letter(
    body: str,
    *,
    title: str = "Focused visit to Testshire children's services",
    letter_date: str = "3 March 2024",
    visit: str = "on 6 and 7 February 2024",
) -> str:
    return (
        f"{letter_date}\n\nA Director\nTestshire County Council\nCounty Hall\n\n"
        "Dear Ms Director\n\n"
        f"{title}\n\n"
        f"This letter summarises the findings of the focused visit to Testshire children's "
        f"services {visit}. His Majesty's Inspectors for this visit were Ann Smith and Bo Lee.\n\n"
        f"{body}\n\nYours sincerely\n\nAnn Smith\nHis Majesty's Inspector\n"
    )


def items_of(text: str) -> list[str]:
    report = parse_text(text)
    return [i.text for i in report.improvement_items or ()]


# Dates


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("Inspection dates: 3 June 2024 to 14 June 2024", date(2024, 6, 3), date(2024, 6, 14)),
        ("on 22 and 23 January 2025.", date(2025, 1, 22), date(2025, 1, 23)),
        ("on 5 September 2019.", date(2019, 9, 5), date(2019, 9, 5)),
        ("27 February to 10 March 2023", date(2023, 2, 27), date(2023, 3, 10)),
        ("24 October 2018", date(2018, 10, 24), date(2018, 10, 24)),
        ("Inspection date: 18 Feb 2014 – 12 March 2014", date(2014, 2, 18), date(2014, 3, 12)),
        ("between 20 October and 22 October 2020", date(2020, 10, 20), date(2020, 10, 22)),
        ("15 to 26 November 2021 2", date(2021, 11, 15), date(2021, 11, 26)),
        ("29 December 2025 to 9 January 2026", date(2025, 12, 29), date(2026, 1, 9)),
        ("on 31 January and 1 February 2018", date(2018, 1, 31), date(2018, 2, 1)),
        ("Inspection date: 12/09/2016 to 06/10/2016", date(2016, 9, 12), date(2016, 10, 6)),
        ("Inspection date: 1/06/2015 – 25/06/2015", date(2015, 6, 1), date(2015, 6, 25)),
    ],
)
def test_date_forms(text: str, start: date, end: date) -> None:
    found = find_dates(text)
    assert found is not None
    assert (found.start, found.end, found.year_printed) == (start, end, True)


def test_a_date_without_a_year_takes_the_letter_year() -> None:
    found = find_dates("on 13 and 14 July.", date(2022, 8, 9))
    assert found is not None
    assert (found.start, found.end, found.year_printed) == (
        date(2022, 7, 13),
        date(2022, 7, 14),
        False,
    )
    # A December visit in a January letter was last year.
    found = find_dates("on 9 and 10 December.", date(2023, 1, 20))
    assert found is not None and found.start == date(2022, 12, 9)


def test_not_dates() -> None:
    assert find_dates("13 may be too many") is None
    assert find_dates("on 31 February 2020") is None
    assert find_dates("in 2019 and 2020") is None
    assert find_dates("reference 13/13/2016") is None


def test_a_letter_without_the_visit_year_warns() -> None:
    report = parse_text(letter("Main findings\n\nAll is well.", visit="on 13 and 14 February"))
    assert (report.visit_start, report.visit_end) == (date(2024, 2, 13), date(2024, 2, 14))
    assert report.letter_date == date(2024, 3, 3)
    assert "Visit year not printed; taken from the letter date." in report.warnings


# Names


@pytest.mark.parametrize(
    ("printed", "name"),
    [
        ("Gloucestershire County Council", "Gloucestershire"),
        ("Gloucestershire", "Gloucestershire"),
        ("South Gloucestershire Council", "South Gloucestershire"),
        ("London Borough of Brent", "Brent"),
        ("City of Bristol", "Bristol"),
        ("Bristol City Council", "Bristol"),
        ("City of Bradford Metropolitan District Council", "Bradford"),
        ("Wirral Metropolitan Borough Council", "Wirral"),
        ("Tameside metropolitan borough", "Tameside"),
        ("Tameside Metropolitan", "Tameside"),
        ("Royal Borough of Kensington and Chelsea", "Kensington and Chelsea"),
        ("Bedford Borough council", "Bedford"),
        ("Stockton-on-Tees Borough Council", "Stockton-on-Tees"),
        ("City of London Corporation", "City of London"),
        ("City of London", "City of London"),
        ("City of York Council", "York"),
        ("Kingston upon Hull City Council", "Kingston upon Hull"),
        ("Council of the Isles of Scilly", "Isles of Scilly"),
        ("the Royal Borough of Greenwich", "Greenwich"),
        ("HAMMERSMITH AND FULHAM", "Hammersmith and Fulham"),
        ("Dudley MBC", "Dudley"),
        ("Wakefield District", "Wakefield"),
        ("Cheshire East Unitary Authority", "Cheshire East"),
    ],
)
def test_authority_names(printed: str, name: str) -> None:
    assert normalise_authority(printed) == name


@pytest.mark.parametrize(
    ("printed", "grade", "meaning"),
    [
        ("good", "Good", "Good"),
        ("Requires Improvement", "Requires improvement", "Requires improvement to be good"),
        (
            "require improvement to be good",
            "Requires improvement to be good",
            "Requires improvement to be good",
        ),
        (
            "requires\nimprovement to be\ngood",
            "Requires improvement to be good",
            "Requires improvement to be good",
        ),
        ("INADEQUATE", "Inadequate", "Inadequate"),
        ("outstanding", "Outstanding", "Outstanding"),
    ],
)
def test_grades_keep_the_printed_words_and_their_meaning(
    printed: str, grade: str, meaning: str
) -> None:
    assert normalise_grade(printed) == grade
    assert grade_meaning(grade) == meaning


@pytest.mark.parametrize(
    ("sentence", "inspectors"),
    [
        (
            "The inspectors were Joy Howick, Her Majesty's Inspector, and Ann Smith, "
            "Her Majesty's Inspector.",
            ("Ann Smith", "Joy Howick"),
        ),
        (
            "The inspectors were Lorna Schlechte\nHMI and Ann Smith HMI.",
            ("Ann Smith", "Lorna Schlechte"),
        ),
        (
            "Her Majesty's inspectors were Matt\nReed, Ann Smith and Nick Stacey.",
            ("Ann Smith", "Matt Reed", "Nick Stacey"),
        ),
        (
            "The inspectors were Ann Smith (lead inspector) and Bo Lee, Ofsted Inspector.",
            ("Ann Smith", "Bo Lee"),
        ),
    ],
)
def test_inspector_sentences(sentence: str, inspectors: tuple[str, ...]) -> None:
    text = (
        "5 May 2019\n\nDear Sir\n\nMonitoring visit of Testshire children's services\n\n"
        "This letter summarises the findings of the monitoring visit to Testshire children's "
        f"services on 10 April 2019. This was the second monitoring visit. {sentence}\n\n"
        "Yours sincerely\n\nAnn Smith\nHer Majesty's Inspector\n"
    )
    report = parse_text(text)
    # The signatory leads the visit and is listed first.
    assert report.lead_inspector == "Ann Smith"
    assert report.inspectors == inspectors
    assert report.visit_number == 2


@pytest.mark.parametrize(("word", "number"), [("fifth", 5), ("third", 3), ("7th", 7), ("12th", 12)])
def test_visit_numbers(word: str, number: int) -> None:
    text = (
        "5 May 2019\n\nDear Sir\n\nMonitoring visit to Testshire children's services\n\n"
        "This letter summarises the findings of the monitoring visit to Testshire children's "
        f"services on 10 April 2019. This was the {word} monitoring visit since the local "
        "authority was judged inadequate in June 2017. The inspectors were Ann Smith and Bo Lee."
        "\n\nYours sincerely\n\nAnn Smith\nHer Majesty's Inspector\n"
    )
    report = parse_text(text)
    assert report.visit_number == number
    assert report.previous_judgement == "inadequate in June 2017"


# Glyphs, wraps and page furniture


@pytest.mark.parametrize("glyph", ["◼", "•", "-", "\uf0b7", "\uf06e", "\uf02d", "▪", "–"])
def test_bullet_glyphs(glyph: str) -> None:
    body = (
        "What needs to improve in this area of social work practice?\n\n"
        f"{glyph} The quality of plans.\n{glyph} Supervision of\nsocial workers.\n\n"
        "Main findings\n\nChildren are safe."
    )
    assert items_of(letter(body)) == ["The quality of plans.", "Supervision of social workers."]


def test_two_bullets_run_together_on_one_line() -> None:
    assert split_glyph_bullets("◼ The first. ◼ The second.") == [
        ("The first.", True),
        ("The second.", True),
    ]
    body = "What needs to improve?\n\n• The first item. • The second item.\n\nMain findings\n\nOk."
    assert items_of(letter(body)) == ["The first item.", "The second item."]


def test_dropped_glyphs_leave_an_indented_list() -> None:
    body = (
        "Areas covered by the visit\n\nInspectors reviewed progress for care leavers, including:\n"
        "\n The quality of pathway plans for care leavers and the\n\nmanagement of them.\n"
        " The timeliness of visits.\n  The use of advocacy.\n"
        "Inspectors considered a range of evidence, including case records.\n\n"
        "Overview\n\nProgress is slow."
    )
    text = letter(body, title="Monitoring visit of Testshire children's services")
    report = parse_text(text)
    assert report.areas_covered is not None
    assert [a.text for a in report.areas_covered] == [
        "The quality of pathway plans for care leavers and the management of them.",
        "The timeliness of visits.",
        "The use of advocacy.",
    ]
    assert report.focus == "care leavers"


def test_words_hyphenated_at_a_line_end_and_blank_lines_inside_a_sentence() -> None:
    body = (
        "Main findings\n\nThe quality of decision-\nmaking is good, and the emotional well-\n\n"
        "being of children is promoted by\n\n\nskilled workers.\n\nA second paragraph."
    )
    report = parse_text(letter(body))
    texts = [p.text for p in report.paragraphs]
    assert (
        "The quality of decision-making is good, and the emotional well-being of children is "
        "promoted by skilled workers." in texts
    )
    assert "A second paragraph." in texts


def test_curly_quotes_are_straightened() -> None:
    body = (
        "What needs to improve?\n\n◼ The ‘front door’ and “step-down” decisions.\n\nOverview\n\nOk."
    )
    assert items_of(letter(body)) == ["The 'front door' and \"step-down\" decisions."]


def test_footnote_marker_glued_to_a_heading_and_the_footnote_text() -> None:
    text = (
        "Inspection of Testshire local authority children's services\n"
        "Inspection dates: 3 to 7 March 2025\nLead inspector: Ann Smith, His Majesty's Inspector\n"
        "Judgement Grade\nOverall effectiveness Good\n\f"
        "What needs to improve?1\n◼ The quality of plans. (Outcome 3, national framework)\n"
        "The experiences and progress of children in care: good\n"
        "1. Children are safe and well cared for by their social workers and carers.\n\n"
        "1 The areas for improvement have been cross-referenced with the National Framework.\n"
    )
    report = parse_text(text)
    (section,) = report.improvement_sections
    assert section.heading == "What needs to improve?"
    (item,) = section.items
    assert (item.text, item.framework_reference) == (
        "The quality of plans.",
        "(Outcome 3, national framework)",
    )
    assert "cross-referenced" not in report.text
    assert report.paragraphs[-1].page == 2


def test_running_headers_and_page_numbers_are_removed() -> None:
    pages = []
    for n in range(1, 5):
        pages.append(
            f"Inspection of Testshire local authority children's services\n3 to 7 March 2025 {n}\n"
            f"{n}. Paragraph {n} of the report says something about children's services and"
            f"\ncarries on over a line.\n"
        )
    lines, paged = to_lines("\f".join(pages))
    texts = [ln.text for ln in lines]
    assert paged
    assert texts[0] == "Inspection of Testshire local authority children's services"
    assert "3 to 7 March 2025 2" not in texts
    assert texts.count("Inspection of Testshire local authority children's services") == 1
    assert [ln.page for ln in lines if ln.text.startswith("3. ")] == [3]


def test_address_block_in_the_middle_of_a_letter() -> None:
    body = (
        "Main findings\n\nChildren are seen promptly by social workers who know\n"
        "Ofsted\nPiccadilly Gate\nStore Street\nManchester\nM1 2WD\n\nT 0300 123 1231\n"
        "Textphone 0161 618 8524\nenquiries@ofsted.gov.uk\nwww.gov.uk/ofsted\n\n"
        "them well and visit them often."
    )
    report = parse_text(letter(body))
    assert (
        "Children are seen promptly by social workers who know them well and visit them often."
        in [p.text for p in report.paragraphs]
    )
    assert "Piccadilly" not in report.text and "0300" not in report.text


def test_licence_boilerplate_ends_the_document() -> None:
    body = (
        "Main findings\n\nChildren are safe.\n\nYou may reuse this information (not including "
        "logos) free of charge in any format or medium, under the terms of the Open Government "
        "Licence.\n© Crown copyright 2024\nMore text after the licence."
    )
    report = parse_text(letter(body))
    assert "Open Government Licence" not in report.text
    assert "More text after the licence" not in report.text


# Headings and lists


@pytest.mark.parametrize(
    "heading",
    [
        "What needs to improve?",
        "What needs to improve",
        "What needs to improve in this area of social work practice?",
        "What needs to improve in this area of social work practice",
        "What needs to improve in this area of social work practice:",
        "What needs to improve?2",
    ],
)
def test_what_needs_to_improve_headings(heading: str) -> None:
    body = f"{heading}\n\n◼ The quality of plans.\n\nMain findings\n\nChildren are safe."
    report = parse_text(letter(body))
    (section,) = report.improvement_sections
    assert section.source_list == "what_needs_to_improve"
    assert [i.text for i in section.items] == ["The quality of plans."]
    assert not section.heading[-1].isdigit()


def test_list_headings_map_to_their_source_lists() -> None:
    body = (
        "Areas for priority action\n\n◼ Risk assessment out of hours.\n\n"
        "What needs to improve in this area of social work practice\n\n◼ Recording.\n\n"
        "Main findings\n\nSome children wait too long."
    )
    report = parse_text(letter(body))
    assert [(s.heading, s.source_list) for s in report.improvement_sections] == [
        ("Areas for priority action", "priority_action"),
        ("What needs to improve in this area of social work practice", "what_needs_to_improve"),
    ]


def test_a_list_the_report_says_is_empty_has_no_section_and_no_warning() -> None:
    body = (
        "Areas for priority action\n\nThere are no priority actions following this visit.\n\n"
        "What needs to improve\n\n◼ Recording.\n\nFindings\n\nOk."
    )
    report = parse_text(letter(body))
    assert [s.heading for s in report.improvement_sections] == ["What needs to improve"]
    assert not [w for w in report.warnings if "has no items" in w]


def test_a_list_whose_earlier_items_still_stand_is_a_warning_that_says_so() -> None:
    body = (
        "What needs to improve\n\nThe areas for improvement set at the last focused visit "
        "in May 2021 remain.\n\nFindings\n\nOk."
    )
    report = parse_text(letter(body))
    assert report.improvement_items is None
    assert any("set at the last focused visit in May 2021 remain" in w for w in report.warnings)


def test_a_list_heading_with_nothing_under_it_is_a_warning() -> None:
    body = "Areas for priority action\n\nWhat needs to improve\n\n◼ Recording.\n\nFindings\n\nOk."
    report = parse_text(letter(body))
    assert [s.heading for s in report.improvement_sections] == ["What needs to improve"]
    assert "The list 'Areas for priority action' has no items" in report.warnings


def test_contents_entries_are_not_list_headings() -> None:
    text = (
        "Testshire County Council\nInspection of services for children in need of help and\n"
        "protection, children looked after and care leavers\nInspection date: 1 to 19 May 2017\n"
        "Report published: 3 July 2017\nChildren's services in Testshire are good.\n"
        "1. Children who need help and protection Good\n\f"
        "Contents\nRecommendations 3\nSummary for children and young people 4\n\f"
        "Recommendations\n1. Improve the quality of plans.\n2. Reduce caseloads.\n"
        "Summary for children and young people\nMost children are safe.\n"
        "The inspection team\nLead inspector: Ann Smith HMI\n"
    )
    report = parse_text(text)
    assert report.kind == "sif"
    assert report.grades == (
        ("Overall effectiveness", "Good"),
        ("Children who need help and protection", "Good"),
    )
    assert items_of(text) == ["Improve the quality of plans.", "Reduce caseloads."]
    assert report.lead_inspector == "Ann Smith"


def test_framework_references() -> None:
    item = make_item("The pace of early help. (Outcome 1, national framework)", "recommendation")
    assert (item.text, item.framework_reference) == (
        "The pace of early help.",
        "(Outcome 1, national framework)",
    )
    item = make_item("Life-story work. (enabler 2 and outcome 4, national framework).", "x")
    assert item.framework_reference == "(enabler 2 and outcome 4, national framework)"
    assert make_item("Plans (including pathway plans).", "x").framework_reference is None


@pytest.mark.parametrize(
    ("printed", "kind", "number"),
    [
        ("The response to neglect. (outcome three, national framework)", "outcome", 3),
        ("Supervision. (Enabler Two: National Framework)", "enabler", 2),
        # Named by the guidance's title instead of its number.
        (
            "Records. (enabler: the workforce is equipped and effective, national framework)",
            "enabler",
            3,
        ),
        (
            "Oversight. (Enabler: leaders drive conditions for effective practice, national "
            "framework)",
            "enabler",
            2,
        ),
        ("Neglect [Outcome 3, national framework].", "outcome", 3),
    ],
)
def test_framework_references_in_words_titles_and_square_brackets(printed, kind, number) -> None:
    item = make_item(printed, "what_needs_to_improve")
    assert item.framework == (kind, number)
    assert "national framework" not in item.text.lower()


def test_a_framework_reference_with_no_such_outcome_is_kept_but_not_read() -> None:
    item = make_item("Plans. (outcome 5, national framework)", "x")
    assert (item.text, item.framework_reference, item.framework) == (
        "Plans.",
        "(outcome 5, national framework)",
        None,
    )


def test_sentences_split_without_breaking_abbreviations() -> None:
    assert split_sentences(
        "Work, e.g. audits, is slow. It needs to improve. Mr. Smith agreed."
    ) == [
        "Work, e.g. audits, is slow.",
        "It needs to improve.",
        "Mr. Smith agreed.",
    ]


def test_judgement_headings_wrap_and_become_paragraph_headings() -> None:
    text = (
        "Inspection of Testshire local authority children's services\n"
        "Inspection dates: 3 to 7 March 2025\nLead inspector: Ann Smith, His Majesty's Inspector\n"
        "Judgement Grade\nThe impact of leaders on social work\npractice with children and "
        "families\nGood\nOverall effectiveness Good\n"
        "The experiences and progress of children who need help and\nprotection: good\n"
        "1. Children are helped quickly.\n2. Plans are clear.\n"
    )
    report = parse_text(text)
    assert report.grades == (
        ("The impact of leaders on social work practice with children and families", "Good"),
        ("Overall effectiveness", "Good"),
    )
    assert [(p.number, p.heading) for p in report.paragraphs] == [
        (1, "The experiences and progress of children who need help and protection: good"),
        (2, "The experiences and progress of children who need help and protection: good"),
    ]


def test_suggested_findings_point_at_their_paragraph() -> None:
    body = (
        "Overview\n\nLeaders are ambitious for children.\n\n"
        "Findings and evaluation of progress\n\nVisits are timely. The quality of plans remains "
        "too variable and is not yet good enough.\n\nManagers are visible."
    )
    text = letter(body, title="Monitoring visit of Testshire children's services")
    report = parse_text(text)
    (finding,) = report.suggested_findings
    assert finding.text == "The quality of plans remains too variable and is not yet good enough."
    assert finding.source_list == "suggested"
    (order,) = finding.paragraph_numbers
    assert report.paragraphs[order - 1].text.startswith("Visits are timely.")


def test_joint_targeted_area_inspection_letter() -> None:
    text = (
        "12 April 2024\n\nDear Director\n\n"
        "Joint targeted area inspection of the multi-agency response to children and families\n"
        "who need help in the London Borough of Testham\n\n"
        "This letter summarises the findings of a joint targeted area inspection (JTAI) of the "
        "multi-agency response to children and families in Testham. The inspection took place "
        "from 4 to 8 March 2024. It was carried out by Ofsted, the Care Quality Commission and "
        "His Majesty's Inspectorate of Constabulary.\n\n"
        "Areas for priority action\n\n◼ The timeliness of strategy discussions.\n\n"
        "Yours sincerely\n\nAnn Smith\nHis Majesty's Inspector\n"
    )
    report = parse_text(text)
    assert report.kind == "jtai"
    assert report.local_authority == "Testham"
    assert (report.visit_start, report.visit_end) == (date(2024, 3, 4), date(2024, 3, 8))
    assert [i.text for i in report.improvement_items or ()] == [
        "The timeliness of strategy discussions."
    ]


def test_page_count_comes_from_form_feeds_when_not_given() -> None:
    text = letter("Main findings\n\nChildren are safe.\f\nManagers are visible.\f\nThe end.")
    report = parse_text(text)
    assert report.page_count == 3
    assert report.paragraphs[-1].page == 3
    assert parse_text(text, page_count=7).page_count == 7
