"""Improvement lists printed in less common forms, in letters written for these tests."""

from inspections.parsing import extract_text, parse_bytes, parse_text

from .test_parsing_pdf import text_to_pdf

HEAD = """Ofsted
Piccadilly Gate
Store Street
Manchester M1 2WD

15 May 2018

Alex Birch
Director of Children's Services
Westmoor County Council

Dear Alex

Focused visit to Westmoor local authority children's services

This letter summarises the findings of the focused visit to Westmoor local authority
children's services on 10 and 11 April 2018. The inspectors were Robin Ash, HMI, and
Sam Cole, HMI.

"""

TAIL = """
Findings

Leaders have a clear view of the service and staff speak warmly of their managers.

Yours sincerely

Robin Ash
Her Majesty's Inspector
"""

FRAGMENTS = """Areas for priority action

The local authority needs to take swift action in the following areas to address the
weaknesses found at this visit:

- the timeliness of strategy meetings for children at risk of significant harm
- the quality of plans for children in need, including their timescales
- management oversight is not recorded, so the reasons for decisions are unclear.

What needs to improve in this area of social work practice

- The recording of children's views in assessments.
"""


def test_lower_case_fragments_after_an_introducing_sentence_are_each_an_item():
    report = parse_bytes(text_to_pdf(HEAD + FRAGMENTS + TAIL), "westmoor.pdf")

    priority, improve = report.improvement_sections
    assert priority.heading == "Areas for priority action"
    assert [i.text for i in priority.items] == [
        "the timeliness of strategy meetings for children at risk of significant harm",
        "the quality of plans for children in need, including their timescales",
        "management oversight is not recorded, so the reasons for decisions are unclear.",
    ]
    intro = (
        "The local authority needs to take swift action in the following areas to address "
        "the weaknesses found at this visit:"
    )
    # A fragment without a verb keeps the sentence it continues beside it.
    assert [i.context for i in priority.items] == [intro, intro, ""]
    assert [i.text for i in improve.items] == ["The recording of children's views in assessments."]
    assert not report.warnings
    assert not any(intro in p.text for p in report.paragraphs)


def test_an_introducing_sentence_wrapped_before_a_year_is_not_taken_for_a_heading():
    text = (
        HEAD
        + (
            "What needs to improve in this area of social work practice\n\n"
            "In addition to the weaknesses identified at the inspection in December\n"
            "2019, the following areas for improvement were identified at this visit:\n\n"
            "- The sufficiency of placements for older children.\n"
            "- The timeliness of return home interviews.\n"
        )
        + TAIL
    )

    (section,) = parse_text(text).improvement_sections

    assert [i.text for i in section.items] == [
        "The sufficiency of placements for older children.",
        "The timeliness of return home interviews.",
    ]


def test_a_list_continues_on_the_next_page_after_the_footnote_and_ofsteds_address():
    text = (
        HEAD.replace("Ofsted\nPiccadilly Gate\nStore Street\nManchester M1 2WD\n", "")
        + (
            "What needs to improve in this area of social work practice1\n\n"
            "- The quality of supervision for social workers in the assessment teams.\n\n"
            "1 The areas for improvement are those set out in the inspection framework.\n"
            "Piccadilly Gate\nStore Street\nManchester M1 2WD\n"
            "T 0300 123 1231\nwww.gov.uk/ofsted\n"
            "\f\n"
            "- The consistency of management oversight of children in need plans.\n"
            "- The timeliness of initial health assessments for children in care.\n"
        )
        + TAIL
    )
    data = text_to_pdf(text)
    assert extract_text(data, "westmoor.pdf")[1] == 2

    (section,) = parse_bytes(data, "westmoor.pdf").improvement_sections

    assert [i.text for i in section.items] == [
        "The quality of supervision for social workers in the assessment teams.",
        "The consistency of management oversight of children in need plans.",
        "The timeliness of initial health assessments for children in care.",
    ]


def _ilacs_pages() -> list[str]:
    header = "Inspection of Westmoor local authority children's services\n3 to 14 March 2025 {}\n"
    front = (
        "Inspection of Westmoor local authority\nchildren's services\n\n"
        "Inspection dates: 3 to 14 March 2025\n"
        "Lead inspector: Robin Ash, His Majesty's Inspector\n\n"
        "Judgement Grade\nOverall effectiveness Good\n\n"
        "Children in Westmoor receive a good service. Leaders know their strengths and the\n"
        "areas that need more work.\n"
    )
    findings = "".join(
        f"Social workers visit children regularly and know them well, paragraph {n}.\n\n"
        for n in range(8)
    )
    improve = (
        "What needs to improve?\n"
        "- The timeliness of initial health assessments for children in care.\n"
        "- The quality of supervision records in the assessment teams.\n\n"
    )
    return [front + findings, header.format(2) + improve + findings, header.format(3) + findings]


def test_running_headers_of_text_without_form_feeds_do_not_swallow_a_heading():
    pages = _ilacs_pages()
    paged = parse_text("\f".join(pages) + "Ofsted inspects children's services.\n")
    flat = parse_text("\n".join(pages) + "Ofsted inspects children's services.\n")

    expected = [
        "The timeliness of initial health assessments for children in care.",
        "The quality of supervision records in the assessment teams.",
    ]
    assert [i.text for i in paged.improvement_items] == expected
    assert [i.text for i in flat.improvement_items] == expected
    assert flat.local_authority == paged.local_authority == "Westmoor"
    assert not any("3 to 14 March 2025 2" in p.text for p in flat.paragraphs)
