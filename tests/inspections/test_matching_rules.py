"""Each rule of the follow-up matcher on short texts written for the tests."""

from __future__ import annotations

import pytest

from inspections.matching import Matcher, Passage, terms
from inspections.matching.boilerplate import is_method_sentence
from inspections.matching.reasons import confidence_word
from inspections.matching.themes import likeness_words, reason_words
from inspections.matching.verdict import (
    IMPROVED,
    NO_PROGRESS,
    NOT_ENOUGH_EVIDENCE,
    NOT_LOOKED_AT,
    SOME_PROGRESS,
    judge,
    read_sentence,
)
from inspections.matching.weights import CorpusWeights, corpus_weights

# A small corpus: "ensure", "continue", "consistency" and "quality" are in most
# items (filler); "management oversight" and "children in care" are throughout
# letters; "caseloads" is in one or two paragraphs of most letters.
WEIGHTS = CorpusWeights(
    items=1000,
    item_counts={"ensur": 700, "continu": 300, "consistency": 400, "quality": 500, "improv": 600},
    paragraphs=10000,
    paragraph_counts={
        "~management oversight": 600,
        "~children in care": 1600,
        "~care leavers": 1400,
        "~caseloads": 300,
    },
)


def about(word):
    return lambda clause: word in clause.lower()


# --- Negation ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sentence", "verdict"),
    [
        ("Return home interviews have improved.", IMPROVED),
        ("Return home interviews have not improved.", NO_PROGRESS),
        ("Return home interviews are not timely.", NO_PROGRESS),
        ("Return home interviews are timely and effective.", IMPROVED),
        ("Return home interviews are never offered promptly.", NO_PROGRESS),
        ("The new template has not yet had a consistent impact on plans.", NO_PROGRESS),
        ("The restructure is not making a sufficient impact on caseloads.", NO_PROGRESS),
        ("Significant improvements have been made to pathway plans.", IMPROVED),
        ("Children in private fostering arrangements have their needs met.", IMPROVED),
    ],
)
def test_negation_turns_a_positive_word_round(sentence, verdict):
    assert read_sentence(sentence).polarity == verdict


# --- Contrast ------------------------------------------------------------------------


def test_contrast_lets_the_clause_about_the_subject_decide():
    sentence = (
        "The attachment pathway has improved, while placement sufficiency continues to be "
        "extremely problematic."
    )

    assert read_sentence(sentence, about("sufficiency")).polarity == NO_PROGRESS
    assert read_sentence(sentence, about("attachment")).polarity == IMPROVED


def test_not_yet_is_one_negation_not_a_contrast():
    sentence = "Supervision has not yet had a consistent impact on practice."

    assert read_sentence(sentence, about("supervision")).polarity == NO_PROGRESS


@pytest.mark.parametrize(
    ("sentence", "verdict"),
    [
        (
            "When there are delays or concerns about care planning, IROs escalate these "
            "quickly and appropriately.",
            IMPROVED,
        ),
        ("When children go missing, return home interviews are not always offered.", NO_PROGRESS),
    ],
)
def test_an_opening_clause_that_sets_the_scene_does_not_grade(sentence, verdict):
    assert read_sentence(sentence).polarity == verdict


@pytest.mark.parametrize(
    "sentence",
    [
        "At the last inspection, return home interviews were poor and delayed.",
        "A focused visit in November 2018 concluded that at that stage the service was fragile.",
    ],
)
def test_what_an_earlier_visit_found_does_not_grade_now(sentence):
    now = read_sentence("Return home interviews are now timely.")

    assert read_sentence(sentence).polarity == ""
    assert judge([read_sentence(sentence), now]).verdict == IMPROVED


def test_a_positive_word_in_an_aim_is_not_a_finding():
    reading = read_sentence("Leaders are working to provide more effective supervision.")
    going_on = read_sentence("Fostering services continue to provide good care for children.")

    assert reading.polarity == ""
    assert going_on.polarity == IMPROVED


def test_a_positive_word_after_to_ensure_that_is_an_aim():
    reading = read_sentence(
        "Supervision is too variable to ensure that children get good, timely and effective help."
    )

    assert reading.polarity == NO_PROGRESS


@pytest.mark.parametrize(
    "sentence",
    [
        "Supervision does not happen often enough.",
        "Actions from supervision are not specific enough.",
    ],
)
def test_not_enough_is_no_progress(sentence):
    assert read_sentence(sentence).polarity == NO_PROGRESS


def test_praise_and_criticism_of_the_subject_in_one_sentence_is_mixed():
    sentence = "Supervision is regular, however supervision records are not always clear."

    assert read_sentence(sentence, about("supervision")).polarity == SOME_PROGRESS


@pytest.mark.parametrize(
    ("sentence", "verdict"),
    [
        ("The virtual school continues to be highly effective.", IMPROVED),
        ("Sufficiency of foster placements continues to be a challenge.", NO_PROGRESS),
        ("The quality of plans remains too variable.", NO_PROGRESS),
        ("The support for care leavers remains strong.", IMPROVED),
    ],
)
def test_continues_to_be_and_remains_take_the_polarity_of_what_follows(sentence, verdict):
    assert read_sentence(sentence).polarity == verdict


# --- Mixed evidence and not enough evidence ------------------------------------------


def test_good_and_bad_sentences_about_the_finding_make_some_progress():
    readings = [
        read_sentence("Supervision is regular and reflective."),
        read_sentence("Supervision records are not always up to date."),
    ]

    assert judge(readings).verdict == SOME_PROGRESS


def test_improving_but_not_yet_is_some_progress():
    reading = read_sentence("Pathway plans are improving but are not yet consistently good.")

    assert judge([reading]).verdict == SOME_PROGRESS


def test_only_good_sentences_make_improved_and_the_strongest_one_decides():
    readings = [
        read_sentence("Pathway plans are written with young people.", relevance=0.9),
        read_sentence("Pathway plans have improved and are now a strength.", relevance=0.8),
    ]

    judged = judge(readings)

    assert judged.verdict == IMPROVED
    assert judged.decisive.sentence == "Pathway plans have improved and are now a strength."


def test_a_finding_named_only_as_an_example_is_graded_by_the_other_sentences():
    passages = [
        Passage(
            1,
            "Some improvements have been made since the last inspection, for example in "
            "pathway plans and life-story work.",
            label="page 1",
        ),
        Passage(2, "Pathway plans are thorough and have improved.", label="paragraph 40"),
    ]

    proposal = Matcher(passages, weights=WEIGHTS).propose("The quality of pathway plans.")

    assert proposal.verdict == IMPROVED
    assert proposal.decisive_where == "paragraph 40"


def test_a_finding_named_only_as_an_example_still_grades_it_when_nothing_else_does():
    passages = [
        Passage(
            1,
            "Some improvements have been made since the last inspection, for example in "
            "pathway plans and life-story work.",
            label="page 1",
        ),
    ]

    proposal = Matcher(passages, weights=WEIGHTS).propose("The quality of pathway plans.")

    assert proposal.verdict == SOME_PROGRESS
    assert proposal.decisive_where == "page 1"


def test_sentences_that_grade_nothing_give_not_enough_evidence_not_a_guess():
    judged = judge([read_sentence("Return home interviews are offered by the allocated worker.")])

    assert judged.verdict == NOT_ENOUGH_EVIDENCE
    assert judged.decisive is None


# --- Listed again, by scope ----------------------------------------------------------


def _listed_again(finding, later_item, prose="Pathway plans are too variable."):
    passages = [
        Passage("item", later_item, "What needs to improve?", "item 1", kind="item"),
        Passage("p", prose, label="paragraph 3"),
    ]
    return Matcher(passages, weights=WEIGHTS).propose(finding)


def test_the_same_weakness_listed_again_is_no_progress():
    proposal = _listed_again("The quality of pathway plans.", "The quality of pathway plans.")

    assert proposal.verdict == NO_PROGRESS
    assert proposal.reason.startswith("The document lists the same weakness again (item 1")


def test_the_same_weakness_listed_again_beside_praise_of_it_is_some_progress():
    proposal = _listed_again(
        "The quality of pathway plans.",
        "The quality of pathway plans.",
        prose="Pathway plans are thorough and timely.",
    )

    assert proposal.verdict == SOME_PROGRESS
    assert proposal.reason.startswith("The document lists the same weakness again (item 1")


def test_a_narrower_weakness_listed_again_is_some_progress():
    proposal = _listed_again(
        "Pathway plans, health histories for care leavers and staying put arrangements.",
        "Health histories for care leavers.",
    )

    assert proposal.verdict == SOME_PROGRESS
    assert "lists a narrower part of it again" in proposal.reason


def test_a_broader_weakness_listed_again_is_no_progress():
    proposal = _listed_again(
        "Pathway plans.",
        "Pathway plans, health histories for care leavers and staying put arrangements.",
    )

    assert proposal.verdict == NO_PROGRESS
    assert "lists it again within a broader item" in proposal.reason


def test_a_later_list_with_a_part_of_the_finding_is_not_broader():
    proposal = _listed_again(
        "Child in need and child protection plans for disabled children.",
        "Management oversight of children on long-term and multiple child protection plans.",
        prose="Child protection plans are clear. Child in need plans are too variable.",
    )

    assert "broader" not in proposal.reason


def test_a_later_item_sharing_a_small_part_of_the_finding_is_not_a_narrower_one():
    proposal = _listed_again(
        "The recording of the rationale for decisions about parental consent.",
        "Consistency and quality of recording.",
    )

    assert "The document lists" not in proposal.reason
    assert proposal.verdict == NOT_LOOKED_AT


def test_a_later_item_sharing_only_a_word_is_not_listed_again():
    proposal = _listed_again(
        "Management oversight and quality of supervision.",
        "The quality of management oversight of screening decisions at the front door.",
    )

    assert "The document lists" not in proposal.reason


# --- Filler words --------------------------------------------------------------------


def test_filler_words_of_recommendations_weigh_little():
    assert WEIGHTS.filler_factor("ensur") < 0.3
    assert WEIGHTS.filler_factor("interview") == 1.0
    assert WEIGHTS.filler_factor("~return home interviews") == 1.0


def test_connecting_words_are_not_the_subject():
    assert terms("decisions concerning consent, regarding plans, relating to reviews") == [
        "decision",
        "consent",
        "plan",
        "review",
    ]


def test_a_level_of_need_is_not_a_threshold_but_the_right_level_of_help_is():
    assert "~thresholds" not in terms(
        "A transitions worker helps those with higher levels of need."
    )
    assert "~thresholds" in terms("Children receive the right level of help.")


def test_a_stable_team_is_workforce_stability():
    assert "~workforce stability" in terms("A stable team of senior leaders supports the director.")
    assert "~workforce stability" in terms("Arrangements to stabilise the workforce.")


def test_concise_plans_speak_to_their_length_but_lengthy_delays_do_not():
    finding = set(terms("The length and complexity of plan and review records."))

    assert "~length of records" in finding & set(terms("A more concise template for plans."))
    assert "~length of records" not in terms("There are lengthy delays in care proceedings.")


def test_the_subject_beats_the_filler_of_a_recommendation():
    passages = [
        Passage(1, "Leaders ensure that they continue to improve consistency.", label="p 1"),
        Passage(2, "Return home interviews are timely.", label="paragraph 2"),
    ]
    finding = "Ensure leaders continue to improve the consistency of return home interviews."

    proposal = Matcher(passages, weights=WEIGHTS).propose(finding)

    assert proposal.passages[0].key == 2
    assert proposal.verdict == IMPROVED


def test_the_shipped_data_knows_recommendation_filler_from_subjects():
    weights = corpus_weights()

    assert weights.items > 500
    assert weights.filler_factor("ensur") < weights.filler_factor("fostering")
    assert weights.is_generic("~children in care")


# --- Boilerplate and generic phrases -------------------------------------------------


@pytest.mark.parametrize(
    ("sentence", "method"),
    [
        ("This visit was carried out in line with the inspection framework.", True),
        ("Inspectors looked at the local authority's arrangements for care leavers.", True),
        ("Inspectors considered a range of evidence, including case records.", True),
        ("Ofsted will take the findings from this focused visit into account.", True),
        ("This was the second focused visit since the inspection in 2022.", True),
        ("Inspectors identified delays for a small number of children.", False),
        ("Care leavers' pathway plans are thorough.", False),
    ],
)
def test_scope_and_method_sentences_are_recognised(sentence, method):
    assert is_method_sentence(sentence) is method


def test_a_scope_sentence_is_never_quoted_or_read():
    passages = [
        Passage(
            1,
            "Inspectors looked at the arrangements for care leavers and their pathway plans.",
            label="page 1",
        ),
        Passage(2, "Personal advisers visit young people regularly.", label="page 2"),
    ]

    proposal = Matcher(passages, weights=WEIGHTS).propose("The quality of pathway plans.")

    assert proposal.verdict == NOT_LOOKED_AT
    assert proposal.passages == ()


def test_a_phrase_in_most_letters_cannot_alone_make_a_link():
    passages = [
        Passage(1, "Management oversight of personal advisers' work is thorough.", label="p 1"),
    ]
    matcher = Matcher(passages, weights=WEIGHTS)

    specific = matcher.propose("Management oversight of screening decisions in the hub.")
    generic = matcher.propose("Management oversight.")

    assert specific.verdict == NOT_LOOKED_AT
    assert generic.verdict == IMPROVED


def test_a_phrase_most_letters_name_in_a_paragraph_or_two_can_make_a_link():
    # Inspectors comment on caseloads in nearly every letter, but in one place:
    # generic is being throughout letters (a share of paragraphs), not in most.
    passages = [
        Passage(1, "Social workers' caseloads are manageable, so they visit often.", label="p 1"),
        Passage(2, "Management oversight of care leavers' plans is regular.", label="p 2"),
    ]

    proposal = Matcher(passages, weights=WEIGHTS).propose(
        "Caseloads in the children in need teams are too high."
    )

    assert not WEIGHTS.is_generic("~caseloads")
    assert WEIGHTS.is_generic("~management oversight")
    assert [p.key for p in proposal.passages] == [1]


def test_the_shipped_data_counts_generic_phrases_by_paragraphs_not_letters():
    weights = corpus_weights()

    # "caseloads" is in most letters but in few of their paragraphs
    assert weights.paragraph_counts["~caseloads"] < weights.paragraph_counts["~audits"]
    assert not weights.is_generic("~caseloads")
    assert weights.is_generic("~management oversight")


def test_a_finding_about_a_phrase_in_most_letters_is_spoken_about_only_where_it_is():
    passages = [
        Passage(1, "Supervision is regular and reflective.", label="p 1"),
        Passage(2, "Children are visited at a frequency that suits them.", label="p 2"),
    ]

    proposal = Matcher(passages, weights=WEIGHTS).propose(
        "The quality and frequency of supervision."
    )

    assert [p.key for p in proposal.passages] == [1]


# Passages that share nothing with the findings below, so that rarity means something.
OTHER_PASSAGES = [
    Passage(8, "Fostering panels meet monthly.", label="p 8"),
    Passage(9, "Pathway plans are written with young people.", label="p 9"),
]


def test_a_word_of_a_phrase_without_the_phrase_is_another_thing():
    passages = [
        Passage(1, "Children enjoy their life and story time with carers.", label="p 1"),
        *OTHER_PASSAGES,
    ]

    proposal = Matcher(passages, weights=WEIGHTS).propose("Life-story work.")

    assert proposal.verdict == NOT_LOOKED_AT


def test_the_words_of_phrases_in_most_letters_are_those_phrases_again():
    passages = [
        Passage(1, "Children in care and care leavers are visited often.", label="p 1"),
        *OTHER_PASSAGES,
    ]

    proposal = Matcher(passages, weights=WEIGHTS).propose(
        "Opportunities for children in care and care leavers' participation in strategic planning."
    )

    assert proposal.verdict == NOT_LOOKED_AT


# --- Words a manager trusts ----------------------------------------------------------


@pytest.mark.parametrize(
    ("score", "word"),
    [(0.9, "strong"), (0.6, "strong"), (0.5, "some"), (0.2, "weak"), (None, "weak")],
)
def test_confidence_in_plain_words(score, word):
    assert confidence_word(score) == word


def test_the_reason_is_a_sentence_naming_where_and_quoting_what_decided():
    passages = [Passage(1, "Return home interviews are timely.", label="paragraph 16")]

    proposal = Matcher(passages, weights=WEIGHTS).propose("Timeliness of return home interviews.")

    assert proposal.reason == "Paragraph 16 says \u2018Return home interviews are timely.\u2019"
    assert proposal.decisive == "Return home interviews are timely."
    assert proposal.decisive_where == "paragraph 16"


def test_a_themes_likeness_is_told_in_words():
    assert likeness_words(0.7) == "Very alike"
    assert likeness_words(0.5) == "Alike"
    assert likeness_words(0.3) == "Loosely alike: check they belong together"
    assert likeness_words(None) == "Not measured"


def test_a_themes_reason_is_a_sentence_without_the_method():
    assert reason_words(("return home interviews", "timeliness", "impact"), 3) == (
        "At least 2 of the 3 findings mention return home interviews, timeliness and impact."
    )
    assert reason_words(("missing",), 2) == "Both findings mention missing."
    assert reason_words(("missing",), 4) == "At least 2 of the 4 findings mention missing."
    assert reason_words((), 2) == "The 2 findings are worded alike."


def test_words_the_later_document_never_uses_count_half():
    """Inspectors write in their own words: a recommendation's "prescribed
    timeframe" is found nowhere, yet the passage speaks about its subject."""
    passages = [
        Passage(1, "Training for foster carers is thorough and well attended.", label="p 1"),
        *OTHER_PASSAGES,
    ]
    finding = "Training for foster carers, to be recorded within a prescribed timeframe."

    proposal = Matcher(passages, weights=WEIGHTS).propose(finding)

    assert proposal.verdict == IMPROVED
    assert proposal.passages[0].key == 1


def test_words_the_later_document_never_uses_still_count():
    passages = [
        Passage(1, "Training for foster carers is thorough and well attended.", label="p 1"),
        *OTHER_PASSAGES,
    ]
    finding = (
        "Training for foster carers, recorded within a prescribed timeframe and collated annually."
    )

    proposal = Matcher(passages, weights=WEIGHTS).propose(finding)

    assert proposal.verdict == NOT_LOOKED_AT


def test_a_team_named_as_the_place_of_a_weakness_is_not_its_subject():
    passages = [
        Passage(1, "Disabled children are seen regularly by their social workers.", label="p 1"),
        Passage(2, "Fewer agency workers are used and the workforce is now stable.", label="p 2"),
        *OTHER_PASSAGES,
    ]
    matcher = Matcher(passages, weights=WEIGHTS)

    place = matcher.propose("The stability of the workforce in the disabled children's team.")
    subject = matcher.propose("Placement stability for disabled children.")

    assert [p.key for p in place.passages] == [2]
    assert subject.passages[0].key == 1


def test_a_sentence_about_a_phrase_in_most_letters_is_read_once_the_passage_is_linked():
    passages = [
        Passage(
            1,
            "Strategy discussions are recorded promptly. Management oversight is weak.",
            label="p 1",
        ),
        *OTHER_PASSAGES,
    ]

    proposal = Matcher(passages, weights=WEIGHTS).propose(
        "Management oversight of strategy discussions."
    )

    assert proposal.verdict == SOME_PROGRESS


def test_a_sentence_naming_a_small_part_of_the_finding_after_one_about_it_is_read():
    passages = [
        Passage(
            1,
            "Children who go missing are offered return home interviews by their workers. "
            "Few children take up this offer, which limits what is learned.",
            label="p 1",
        ),
        *OTHER_PASSAGES,
    ]

    proposal = Matcher(passages, weights=WEIGHTS).propose(
        "The offer and take-up of return home interviews for children who go missing, "
        "and the use of their aggregated learning to reduce episodes of going missing."
    )

    assert proposal.verdict == NO_PROGRESS
    assert proposal.decisive.startswith("Few children take up this offer")


def test_a_place_cannot_make_a_passage_about_the_finding():
    passages = [
        Passage(
            1, "Management oversight of contextual safeguarding in the hub is good.", label="p 1"
        ),
        *OTHER_PASSAGES,
    ]

    proposal = Matcher(passages, weights=WEIGHTS).propose(
        "Management oversight of screening in the hub."
    )

    assert proposal.verdict == NOT_LOOKED_AT


def test_teams_listed_as_the_place_are_all_the_place():
    passages = [
        Passage(1, "Disabled children in the long-term teams are visited often.", label="p 1"),
        Passage(2, "Fewer agency workers are used and the workforce is now stable.", label="p 2"),
        *OTHER_PASSAGES,
    ]

    proposal = Matcher(passages, weights=WEIGHTS).propose(
        "The stability of the workforce in the disabled children's team and the long-term teams."
    )

    assert [p.key for p in proposal.passages] == [2]


def test_a_finding_about_a_phrase_in_most_letters_is_judged_by_what_it_names_before_why():
    passages = [Passage(1, "Management oversight is regular and effective.", label="p 1")]

    proposal = Matcher(passages, weights=WEIGHTS).propose(
        "Management oversight and supervision, to ensure the quality of records "
        "and to drive progress."
    )

    assert proposal.verdict == IMPROVED


def test_a_finding_naming_a_domain_concept_is_about_it_not_the_phrase_in_most_letters():
    passages = [Passage(1, "Life-story work is thorough.", label="p 1"), *OTHER_PASSAGES]

    proposal = Matcher(passages, weights=WEIGHTS).propose(
        "Life-story work for all children in care, to support their understanding."
    )

    assert proposal.verdict == IMPROVED


def test_a_word_of_a_phrase_without_the_phrase_does_not_count_towards_a_link():
    passages = [
        Passage(1, "Good use is made of fostering to adopt arrangements.", label="p 1"),
        Passage(2, "Good use is made of adoption arrangements.", label="p 2"),
        *OTHER_PASSAGES,
    ]

    proposal = Matcher(passages, weights=WEIGHTS).propose("Private fostering arrangements.")

    assert proposal.verdict == NOT_LOOKED_AT
    coverage = {p.key: p.coverage for p in proposal.passages}
    assert coverage[1] == coverage[2]


def test_what_a_finding_is_for_is_not_an_aspect_a_passage_takes_up_alone():
    passages = [
        Passage(
            1, "When children's lives are not improving, decision-making is slow.", label="p 1"
        ),
        *OTHER_PASSAGES,
    ]

    proposal = Matcher(passages, weights=WEIGHTS).propose(
        "Life-story work for all children, to support their understanding of their "
        "experiences and the decision-making about their lives."
    )

    assert proposal.verdict == NOT_LOOKED_AT


def test_what_a_finding_lists_as_included_is_part_of_what_it_names_first():
    passages = [
        Passage(1, "Children get help at the right level of intervention.", label="p 1"),
        Passage(2, "Strategy discussions apply thresholds well and on time.", label="p 2"),
        *OTHER_PASSAGES,
    ]
    matcher = Matcher(passages, weights=WEIGHTS)

    strategy = matcher.propose(
        "Strategy discussions, including: timeliness; threshold decision-making."
    )
    elsewhere = Matcher([passages[0], *OTHER_PASSAGES], weights=WEIGHTS).propose(
        "Strategy discussions, including: timeliness; threshold decision-making."
    )

    assert [p.key for p in strategy.passages] == [2]
    assert elsewhere.verdict == NOT_LOOKED_AT


def test_a_finding_is_about_what_it_says_it_concerns():
    finding = "The recording of the rationale for decision-making concerning parental consent."
    recording = Passage(1, "Decision-making is thoroughly recorded on case files.", label="p 1")
    consent = Passage(2, "Parental consent is sought and its reasons recorded.", label="p 2")

    elsewhere = Matcher([recording, *OTHER_PASSAGES], weights=WEIGHTS).propose(finding)
    about = Matcher([recording, consent, *OTHER_PASSAGES], weights=WEIGHTS).propose(finding)

    assert elsewhere.verdict == NOT_LOOKED_AT
    assert [p.key for p in about.passages] == [2]


def test_when_the_nearest_passage_grades_nothing_the_others_about_the_finding_are_read():
    passages = [
        Passage(
            1, "Personal advisers report their caseloads and training to managers.", label="p 1"
        ),
        Passage(2, "Newly qualified staff are supported well.", label="p 2"),
        *OTHER_PASSAGES,
    ]

    proposal = Matcher(passages, weights=WEIGHTS).propose(
        "Caseloads of newly qualified social workers and their induction into the first "
        "year of practice."
    )

    assert proposal.verdict == IMPROVED
    assert proposal.decisive_where == "p 2"


def test_when_nothing_naming_the_finding_grades_it_the_paragraph_opening_on_it_is_read_on():
    passages = [
        Passage(
            1,
            "Leaders use a range of activity to recruit and retain staff. "
            "Practitioners are highly positive about working here.",
            label="p 1",
        ),
        *OTHER_PASSAGES,
    ]

    proposal = Matcher(passages, weights=WEIGHTS).propose("The stability of the workforce.")

    assert proposal.verdict == IMPROVED
    assert proposal.decisive == "Practitioners are highly positive about working here."


# --- Hyphenated compounds ------------------------------------------------------------


def test_a_hyphenated_compound_is_one_word_whose_parts_alone_are_another_thing():
    assert "long-term" in terms("Long-term plans are reviewed.")
    assert "long-term" not in terms("In the long term, plans are reviewed.")
    passages = [
        Passage(1, "In the long term, few families need a second plan.", label="p 1"),
        *OTHER_PASSAGES,
    ]

    proposal = Matcher(passages, weights=WEIGHTS).propose("Long-term and repeat plans.")

    assert proposal.verdict == NOT_LOOKED_AT


def test_a_concept_is_found_whether_its_words_are_hyphenated_or_not():
    assert "~life-story work" in terms("Children have life-story work.")
    assert "~life-story work" in terms("Children have life story work.")


def test_a_compound_the_counts_do_not_know_weighs_as_its_most_telling_part():
    assert WEIGHTS.filler_factor("ensur-quality") < 0.5  # filler and filler
    assert WEIGHTS.filler_factor("quality-fostering") == 1.0  # filler and a subject


# --- Sentences that go on about the finding ------------------------------------------


def test_a_negation_reaches_across_or():
    sentence = (
        "Some partner agencies do not fully understand, or consistently apply, the thresholds."
    )

    assert read_sentence(sentence).polarity == NO_PROGRESS
    assert read_sentence("Plans are not late, or missing, and reviews are timely.").polarity == (
        IMPROVED
    )


def test_a_sentence_opening_on_this_after_one_about_the_finding_goes_on_about_it():
    passages = [
        Passage(
            1,
            "Strategy meetings are better managed than at the last visit. "
            "This inevitably limits what is shared elsewhere.",
            label="p 1",
        ),
        *OTHER_PASSAGES,
    ]

    proposal = Matcher(passages, weights=WEIGHTS).propose("The timeliness of strategy meetings.")

    assert proposal.verdict == SOME_PROGRESS


def test_what_leaders_acknowledge_is_left_to_do_qualifies_the_paragraph_about_the_finding():
    passages = [
        Passage(
            1,
            "Social workers in the disabled children's team have strong relationships with "
            "parents of disabled children. Workshops are held with staff. Senior managers "
            "acknowledge that there is more to do to equip staff to use signing.",
            label="p 1",
        ),
        Passage(
            2,
            "Leaders acknowledge that there is more to do on caseloads.",
            label="p 2",
        ),
        *OTHER_PASSAGES,
    ]

    proposal = Matcher(passages, weights=WEIGHTS).propose(
        "The quality of social work support for disabled children and their families."
    )

    assert proposal.verdict == SOME_PROGRESS
    assert proposal.decisive_where == "p 1"


def test_a_sentence_whose_contrast_opens_on_these_after_one_about_the_finding_is_read():
    passages = [
        Passage(
            1,
            "Frontline managers review the work in regular supervision meetings. "
            "Reflective discussions are held, although these are not consistently recorded.",
            label="p 1",
        ),
        *OTHER_PASSAGES,
    ]

    proposal = Matcher(passages, weights=WEIGHTS).propose(
        "The critical scrutiny provided by frontline managers in supervision."
    )

    assert proposal.verdict == SOME_PROGRESS


def test_playing_a_role_is_the_wording_not_the_subject():
    passages = [
        Passage(1, "Foster carers play an active role in reunification plans.", label="p 1"),
        *OTHER_PASSAGES,
    ]

    proposal = Matcher(passages, weights=WEIGHTS).propose(
        "Arrangements for the police to play an active role within the hub."
    )

    assert proposal.verdict == NOT_LOOKED_AT


@pytest.mark.parametrize(
    ("sentence", "verdict"),
    [
        ("Supervision provides challenge and guidance to social workers.", ""),
        ("Managers offer effective challenge to social workers.", IMPROVED),
        ("Placement sufficiency remains a significant challenge.", NO_PROGRESS),
        ("Recruitment challenges persist.", NO_PROGRESS),
    ],
)
def test_challenge_given_is_scrutiny_but_a_challenge_is_a_difficulty(sentence, verdict):
    assert read_sentence(sentence).polarity == verdict


def test_children_on_child_protection_plans_are_a_group_not_the_plans():
    passages = [
        Passage(
            1, "Parallel planning is evident for children on child protection plans.", label="p 1"
        ),
        *OTHER_PASSAGES,
    ]

    proposal = Matcher(passages, weights=WEIGHTS).propose(
        "The quality of child in need and child protection plans."
    )

    assert proposal.verdict == NOT_LOOKED_AT
    assert "~children on child protection plans" in terms(
        "Children subject to a child protection plan are visited."
    )


def test_improvement_more_evident_in_one_place_is_some_progress():
    sentence = "These improvements are, however, more evident at the front door."

    assert read_sentence(sentence).polarity == SOME_PROGRESS


# --- Domain vocabulary ---------------------------------------------------------------


def test_needs_as_a_central_focus_is_child_centred_practice():
    concept = "~child-centred practice"
    assert concept in terms("Plans that have children's needs as a central focus.")
    assert concept in terms("Assessments are thorough and child centred.")
    assert concept in terms("Safety plans are not consistently child focused.")
    # A focus of leaders is not the child's.
    assert concept not in terms("Recruitment is a central focus of leaders.")

    passages = [
        Passage(1, "Most assessments are thorough and child-centred.", label="p 1"),
        *OTHER_PASSAGES,
    ]
    proposal = Matcher(passages, weights=WEIGHTS).propose(
        "Assessments and plans that have children's needs as a central focus."
    )

    assert [p.key for p in proposal.passages][:1] == [1]
    assert proposal.verdict == IMPROVED
