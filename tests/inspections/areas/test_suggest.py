"""The judgement-area suggester on small texts: no database."""

from inspections.areas.suggest import AreaOption, Passage, area_of_heading, suggest_area

LEADERS = AreaOption(
    "leaders",
    "The impact of leaders on social work practice with children and families",
    ("leaders", "management oversight", "performance information"),
    ("enabler 1", "enabler 2", "enabler 3"),
)
HELP = AreaOption(
    "help",
    "The experiences and progress of children who need help and protection",
    ("child protection", "front door", "early help", "return home interviews"),
    ("outcome 1", "outcome 2", "outcome 3"),
)
IN_CARE = AreaOption(
    "care",
    "The experiences and progress of children in care",
    ("children in care", "placements", "remand"),
    ("outcome 2", "outcome 4"),
)
LEAVERS = AreaOption(
    "leavers",
    "The experiences and progress of care leavers",
    ("care leavers", "pathway plans", "personal advisers"),
    ("outcome 4",),
)
OVERALL = AreaOption("overall", "Overall effectiveness", ("overall",), (), summary=True)
ERA = (LEADERS, HELP, IN_CARE, LEAVERS, OVERALL)


def test_words_through_the_matchers_synonyms_choose_the_area():
    # "PAs" is a synonym of "personal advisers", "RHIs" of "return home interviews".
    assert suggest_area(ERA, text="The frequency of visits by PAs.").key == "leavers"
    suggestion = suggest_area(ERA, text="The take-up of RHIs.")
    assert suggestion.key == "help"
    assert suggestion.reason == "Suggested from its words “return home interviews”."


def test_a_national_framework_reference_decides_when_it_points_to_one_area():
    suggestion = suggest_area(ERA, text="The quality of pathway plans.", framework=("enabler", 2))
    assert suggestion.key == "leaders"
    assert suggestion.reason == (
        "Suggested from the National Framework enabler 2 "
        "(Leaders drive conditions for effective practice)."
    )


def test_words_choose_among_the_areas_a_framework_reference_points_to():
    # Outcome 4 is children in care and care leavers: the words say which.
    leavers = suggest_area(ERA, text="Pathway plans for care leavers.", framework=("outcome", 4))
    in_care = suggest_area(ERA, text="Stability of placements.", framework=("outcome", 4))
    silent = suggest_area(ERA, text="Stable, loving homes.", framework=("outcome", 4))
    assert (leavers.key, in_care.key, silent.key) == ("leavers", "care", "care")
    assert silent.reason.startswith("Suggested from the National Framework outcome 4 (")


def test_the_judgement_section_that_discusses_the_item_counts():
    passages = (
        Passage("The experiences and progress of care leavers: good", "Staff are kind."),
        Passage(
            "The experiences and progress of children in care: good",
            "The timeliness of health assessments and dental checks is too slow.",
            "paragraph 30",
        ),
    )
    suggestion = suggest_area(
        ERA, text="The timeliness of health assessments and dental checks.", passages=passages
    )
    assert suggestion.key == "care"
    assert "“The experiences and progress of children in care: good” (paragraph 30)" in (
        suggestion.reason
    )


def test_a_summary_area_is_never_suggested_and_nothing_is_said_without_evidence():
    assert suggest_area(ERA, text="Overall effectiveness of everything.") is None
    assert suggest_area((OVERALL,), text="Overall.") is None


def test_the_paragraph_a_sentence_comes_from_then_the_focus_of_the_visit():
    from_source = suggest_area(
        ERA, text="It is not yet in use.", source="Pathway plans are weak. It is not yet in use."
    )
    from_focus = suggest_area(ERA, text="They lack detail.", focus="Arrangements for care leavers.")
    assert from_source.key == from_focus.key == "leavers"
    assert from_source.reason == "Suggested from the paragraph it comes from."
    assert from_focus.reason == "Suggested from the focus of the visit."


def test_a_heading_names_the_longest_area_that_fits():
    both = AreaOption("both", "The experiences and progress of children in care and care leavers")
    options = (IN_CARE, both)
    heading = "The experiences and progress of children in care and care leavers: outstanding"
    assert area_of_heading(options, heading) is both
    assert area_of_heading(options, "The experiences and progress of children in care: good") is (
        IN_CARE
    )
    assert area_of_heading(options, "Main findings") is None
