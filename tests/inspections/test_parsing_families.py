"""Document families whose front pages differ from the usual title, written for these tests."""

from datetime import date

import pytest

from inspections.parsing import ReportParseError, parse_text

JUDGEMENTS_2026 = """Judgement Grade
The impact of leaders on social work
practice with children and families
Good
The experiences and progress of
children who need help and protection
Good
The experiences and progress of
children in care Requires improvement to be good
The experiences and progress of care
leavers
Good
"""

BODY = """Children are mostly helped well. Leaders know their services.

What needs to improve?
 The timeliness of reviews for children in care. (Outcome 4, national framework)
 Supervision of newly qualified social workers. (Enabler 3, national framework)

The experiences and progress of children in care: requires improvement to be good
1. Most children in care live in stable homes.
2. Reviews are sometimes late, which leaves plans out of date.
"""


def ilacs(front: str) -> str:
    return "\n" + front + "\n" + BODY + "\nOfsted inspects children's services.\n"


def test_a_trust_named_alone_in_the_title_is_read_as_the_authority():
    report = parse_text(
        ilacs(
            "Inspection of Northbay Children and Families Trust\n"
            "Inspection dates: 2 to 13 March 2026\n"
            "Lead inspector: Robin Ash, His Majesty's Inspector\n" + JUDGEMENTS_2026
        )
    )

    assert report.kind == "ilacs"
    assert report.local_authority == "Northbay Children and Families Trust"
    assert (report.visit_start, report.visit_end) == (date(2026, 3, 2), date(2026, 3, 13))


def test_a_company_title_ending_for_children_is_read_too():
    report = parse_text(
        ilacs(
            "Inspection of Together for Children\n"
            "Inspection dates: 2 to 13 March 2026\n"
            "Lead inspector: Robin Ash, His Majesty's Inspector\n" + JUDGEMENTS_2026
        )
    )

    assert report.local_authority == "Together for Children"


def test_four_judgements_without_overall_effectiveness_and_structured_framework_references():
    report = parse_text(
        ilacs(
            "Inspection of Northbay local authority children's services\n"
            "Inspection dates: 2 to 13 March 2026\n"
            "Lead inspector: Robin Ash, His Majesty's Inspector\n" + JUDGEMENTS_2026
        )
    )

    assert [grade for _, grade in report.grades] == [
        "Good",
        "Good",
        "Requires improvement to be good",
        "Good",
    ]
    assert not any("overall" in area.lower() for area, _ in report.grades)
    assert [(i.text, i.framework) for i in report.improvement_items] == [
        ("The timeliness of reviews for children in care.", ("outcome", 4)),
        ("Supervision of newly qualified social workers.", ("enabler", 3)),
    ]


def test_an_early_ilacs_title_without_a_name_takes_the_authority_printed_above():
    report = parse_text(
        ilacs(
            "Northbay Borough Council\n"
            "Inspection of local authority children's services\n"
            "Inspection dates: 5 to 16 February 2018\n"
            "Lead inspector: Robin Ash\n" + JUDGEMENTS_2026
        )
    )

    assert report.local_authority == "Northbay"


SIF_REINSPECTION = """
Northbay Council
Re-inspection of services for children in need of help and protection,
children looked after and care leavers
Inspection date: 10 October 2017 to 2 November 2017
Report published: 19 December 2017

Children's services in Northbay require improvement to be good.

1. Children who need help and protection Requires improvement
2. Children looked after and achieving permanence Requires improvement
2.1 Adoption performance Good
2.2 Experiences and progress of care leavers Requires improvement
3. Leadership, management and governance Requires improvement

Lead inspector: Robin Ash

Recommendations
1. Improve the timeliness of assessments, so that children's needs are understood.
2. Ensure that supervision records show the rationale for decisions.

Summary for children and young people
Ofsted inspectors looked at the recently published review of case files.
"""


def test_a_sif_re_inspection_with_the_council_named_alone_above_the_title():
    report = parse_text(SIF_REINSPECTION)

    assert report.kind == "sif"
    assert report.title.startswith("Re-inspection of services for children")
    assert report.local_authority == "Northbay"
    assert report.published_date == date(2017, 12, 19)
    assert (report.visit_start, report.visit_end) == (date(2017, 10, 10), date(2017, 11, 2))
    assert report.grades[0] == ("Overall effectiveness", "Requires improvement to be good")
    assert ("Adoption performance", "Good") in report.grades
    assert report.grades[1][1] == "Requires improvement"


def test_the_word_published_in_prose_is_not_the_publication_date():
    text = SIF_REINSPECTION.replace("Report published: 19 December 2017\n", "").replace(
        "Children's services in Northbay",
        "The recently published review of 3 May 2017 found that children's services in Northbay",
    )

    assert parse_text(text).published_date is None


JTAI = """14 June 2023

Jo Green, Director of Children's Services, Westmoor County Council
Sam Hill, Chief Constable, Westmoor Police

Dear local partnership

Joint targeted area inspection of Westmoor

This letter summarises the findings of the joint targeted area inspection (JTAI) of the
multi-agency response to children living with domestic abuse in Westmoor.

This inspection took place from 1 to 5 May 2023. It was carried out by inspectors from
Ofsted, the Care Quality Commission (CQC), His Majesty's Inspectorate of Constabulary
and Fire & Rescue Services and His Majesty's Inspectorate of Probation.

Headline findings

Children in Westmoor are mostly helped well by agencies working together.

What needs to improve?
- The sharing of information between police and schools after an incident.
- The quality of health assessments for children at risk of harm.

Yours sincerely

Robin Ash
His Majesty's Inspector, Ofsted
"""
LSCB = """Westmoor Local Safeguarding Children Board

Review of the effectiveness of the Local
Safeguarding Children Board

Inspection date: 10 March 2015 to 2 April 2015
Report published: 12 May 2015

Lead inspector: Robin Ash HMI

The Local Safeguarding Children Board requires improvement.

Ofsted inspects children's services. The board does not yet evaluate the quality of
child protection work across the partnership.

Recommendations
1. Evaluate the quality of multi-agency child protection work.
2. Make sure that learning from serious case reviews reaches front-line staff.

Information about this local authority area
Westmoor has about 120,000 children.
"""


def test_a_jtai_letter_headed_with_the_area_alone_is_a_jtai_signed_by_its_lead():
    report = parse_text(JTAI)

    assert report.kind == "jtai"
    assert report.local_authority == "Westmoor"
    assert report.visit_start == date(2023, 5, 1)
    assert report.lead_inspector == "Robin Ash"
    assert [i.text for i in report.improvement_items] == [
        "The sharing of information between police and schools after an incident.",
        "The quality of health assessments for children at risk of harm.",
    ]


def test_a_board_review_published_alone_is_a_sif_document_with_its_recommendations():
    report = parse_text(LSCB)

    assert report.kind == "sif"
    assert report.local_authority == "Westmoor"
    assert report.published_date == date(2015, 5, 12)
    assert report.grades == (("The Local Safeguarding Children Board", "Requires improvement"),)
    (section,) = report.improvement_sections
    assert section.heading == "Recommendations (Local Safeguarding Children Board)"
    assert [i.text for i in section.items] == [
        "Evaluate the quality of multi-agency child protection work.",
        "Make sure that learning from serious case reviews reaches front-line staff.",
    ]


SIF_TEAM = """Westmoor
Inspection of services for children in need of help and protection, children looked
after and care leavers
and
Review of the effectiveness of the Local Safeguarding Children Board
Inspection date: 10 March 2016 to 2 April 2016
Report published: 12 May 2016

Children's services in Westmoor require improvement to be good

1. Children who need help and protection Requires improvement
2. Children looked after and achieving permanence Good
3. Leadership, management and governance Requires improvement

Ofsted inspects children's services. Children in Westmoor are mostly safe.

Recommendations
4. Make sure that plans for children in need say what must change.

The inspection team
{team}

Information about this local authority area
Westmoor has about 120,000 children.
"""


@pytest.mark.parametrize(
    "team",
    [
        "Lead inspector\nRobin Ash HMI\nTeam inspectors\nSam Cole HMI, Jo Dale HMI",
        "Lead inspector Robin Ash HMI\nTeam inspectors Sam Cole HMI and Jo Dale HMI",
    ],
)
def test_a_sif_team_whose_roles_are_printed_without_colons_keeps_its_lead_first(team):
    report = parse_text(SIF_TEAM.format(team=team))

    assert report.lead_inspector == "Robin Ash"
    assert report.inspectors == ("Robin Ash", "Sam Cole", "Jo Dale")


def test_a_focused_visit_letter_to_a_trust_named_alone_is_read():
    letter = JTAI.replace(
        "Joint targeted area inspection of Westmoor", "Focused visit to Northbay Children's Trust"
    ).replace(
        "the joint targeted area inspection (JTAI) of the\nmulti-agency response to children "
        "living with domestic abuse in Westmoor.",
        "a focused visit to Northbay Children's Trust.",
    )

    report = parse_text(letter)

    assert report.kind == "focused_visit"
    assert report.local_authority == "Northbay Children's Trust"


SIF_GROUPED = """Eastmere Metropolitan Borough Council
Inspection of services for children in need of help and protection, children looked
after and care leavers
and
Review of the effectiveness of the Local Safeguarding Children Board
Inspection date: {dates}
Report published: {published}

Children's services in Eastmere require improvement to be good

1. Children who need help and protection Requires improvement
2. Children looked after and achieving permanence Requires improvement
3. Leadership, management and governance Requires improvement

Ofsted inspects children's services. Children in Eastmere are mostly safe.

What does the local authority need to improve?
Priority and immediate action
The quality of social work plans

1. Make sure that every child in need has a plan that says what must change.
Areas for improvement
Quality of Practice

2. Ensure that risk is addressed before cases are closed.

3. Improve the recording of strategy meetings.
Care leavers

4. Improve the offer of apprenticeships to care leavers.
The local authority's strengths

5. Senior managers know their services well and act on what they find.

6. Most children live in stable homes.

What does the LSCB need to improve?
Areas for improvement
Managing the response to exploitation

7. Revise the exploitation action plan so that it measures impact.
Openness and transparency

8. Publish the minutes of Board meetings.
Inspection judgement about the LSCB

9. The Board has a wide membership of statutory partners.
"""


def test_sif_lists_grouped_under_any_sub_heading_keep_every_item_and_stop_at_the_next_section():
    report = parse_text(
        SIF_GROUPED.format(dates="1 June 2015 to 25 June 2015", published="10 August 2015")
    )

    assert not [w for w in report.warnings if "has no items" in w]
    assert [(s.heading, [i.text for i in s.items]) for s in report.improvement_sections] == [
        (
            "Priority and immediate action",
            ["Make sure that every child in need has a plan that says what must change."],
        ),
        (
            "Areas for improvement",
            [
                "Ensure that risk is addressed before cases are closed.",
                "Improve the recording of strategy meetings.",
                "Improve the offer of apprenticeships to care leavers.",
            ],
        ),
        (
            "Areas for improvement (Local Safeguarding Children Board)",
            [
                "Revise the exploitation action plan so that it measures impact.",
                "Publish the minutes of Board meetings.",
            ],
        ),
    ]


def test_a_metropolitan_borough_council_and_numeric_dates_are_read():
    report = parse_text(SIF_GROUPED.format(dates="1/06/2015 – 25/06/2015", published="10/08/2015"))

    assert report.local_authority == "Eastmere"
    assert (report.visit_start, report.visit_end) == (date(2015, 6, 1), date(2015, 6, 25))
    assert report.published_date == date(2015, 8, 10)


ILACS_NO_INSPECTOR_ON_FRONT = """Inspection of Testshire local
authority children's services
Inspection dates: 2 to 6 June 2025

Judgement Grade
Overall effectiveness Requires improvement to be good

Children in Testshire are mostly helped well.

What needs to improve?
 The timeliness of reviews for children in care.

1. Most children in care live in stable homes.
"""


def test_a_report_naming_ofsted_only_in_its_closing_statement_is_read():
    ending = (
        "\fThe Office for Standards in Education, Children's Services and Skills (Ofsted)\n"
        "regulates and inspects to achieve excellence in the care of young people.\n"
        "E: enquiries@ofsted.gov.uk\n"
    )
    report = parse_text(ILACS_NO_INSPECTOR_ON_FRONT + ending)

    assert report.local_authority == "Testshire"
    assert [i.text for i in report.improvement_items or ()] == [
        "The timeliness of reviews for children in care."
    ]
    with pytest.raises(ReportParseError, match="does not look like an Ofsted"):
        parse_text(ILACS_NO_INSPECTOR_ON_FRONT)


def test_a_looked_after_children_inspection_of_the_old_framework_is_refused_by_name():
    text = (
        "Inspection of looked after children\nservices\nWestmoor County Council\n\n"
        "Inspection dates: 8 – 12 July 2013\nReporting inspector Robin Ash HMI\n\n"
        "1. The inspection team consisted of five of Her Majesty's Inspectors (HMI).\n"
    )
    with pytest.raises(ReportParseError, match="inspection of looked after children services"):
        parse_text(text)


@pytest.mark.parametrize(
    ("line", "lead", "inspectors"),
    [
        (
            "Lead inspector: Máire Dúnlea, His Majesty's Inspector",
            "Máire Dúnlea",
            ("Máire Dúnlea",),
        ),
        (
            "Lead inspectors: Robin Ash, His Majesty's Inspector, and Sam Cole,\n"
            "His Majesty's Inspector",
            "Robin Ash",
            ("Robin Ash", "Sam Cole"),
        ),
    ],
)
def test_an_ilacs_lead_inspector_with_accents_or_two_co_leads_is_read(line, lead, inspectors):
    front = (
        "Inspection of Testshire local authority children's services\n\n"
        f"Inspection dates: 3 to 14 October 2022\n\n{line}\n"
    )
    report = parse_text(ilacs(front))

    assert report.lead_inspector == lead
    assert report.inspectors == inspectors


def test_an_empty_sif_list_neither_swallows_the_findings_after_it_nor_warns_when_it_says_so():
    head, _ = SIF_GROUPED.format(
        dates="1 June 2015 to 25 June 2015", published="10 August 2015"
    ).split("What does the local authority", 1)
    text = head + (
        "What does the local authority need to improve?\n"
        "Priority and immediate action\n"
        "The inspection did not find any areas for priority and immediate action\n"
        "Areas for improvement\n\n"
        "1. Ensure that risk is addressed before cases are closed.\n"
        "Recommendations\n"
        "Inspection findings – the Local Safeguarding Children Board\n\n"
        "2. An experienced chair leads the board and is highly respected.\n\n"
        "3. Governance arrangements are highly effective.\n"
    )
    report = parse_text(text)

    assert [(s.heading, [i.text for i in s.items]) for s in report.improvement_sections] == [
        ("Areas for improvement", ["Ensure that risk is addressed before cases are closed."]),
    ]
    assert report.warnings == ("The list 'Recommendations' has no items",)
