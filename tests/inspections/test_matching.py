"""The matching engine on small texts and on the seed documents; no database."""

import pytest

from inspections.matching import (
    IMPROVED,
    NO_PROGRESS,
    NOT_LOOKED_AT,
    SOME_PROGRESS,
    TOO_EARLY,
    Matcher,
    Passage,
    Vocabulary,
    terms,
)
from inspections.matching.bm25 import BM25Index
from inspections.matching.text import CONCEPT_PREFIX, stem
from inspections.matching.themes import Item, group
from inspections.matching.verdict import VERDICT_LABELS, find_cues, judge, read_sentence, sentences
from inspections.matching.wording import aspects_of
from inspections.models import Verdict
from inspections.parsing import parse_file
from tests.conftest import SEEDS_DIR

RHI = CONCEPT_PREFIX + "return home interviews"


# --- Terms ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("word", "expected"),
    [
        ("interviews", "interview"),
        ("planning", "plan"),
        ("plans", "plan"),
        ("timeliness", "timely"),
        ("histories", "history"),
        ("process", "process"),
        ("status", "status"),
        ("analysis", "analysis"),
    ],
)
def test_light_stemming_joins_forms_of_one_word(word, expected):
    assert stem(word) == expected


@pytest.mark.parametrize(
    ("one", "other", "concept"),
    [
        ("RHIs are offered", "return home interviews", "return home interviews"),
        ("her PA visits", "personal advisers", "personal advisers"),
        ("care leavers post 21", "those over 21", "care leavers over 21"),
        ("CLA reviews", "children in care", "children in care"),
        ("looked after children", "children in care", "children in care"),
        ("pathway planning", "the pathway plans", "pathway plans"),
        ("managerial oversight", "supervision", "management oversight"),
    ],
)
def test_synonyms_meet_in_one_concept(one, other, concept):
    assert CONCEPT_PREFIX + concept in terms(one)
    assert CONCEPT_PREFIX + concept in terms(other)


def test_abbreviations_count_only_in_capitals():
    assert CONCEPT_PREFIX + "personal advisers" not in terms("pa")
    assert CONCEPT_PREFIX + "personal advisers" in terms("PA")


def test_stop_words_and_domain_commonplaces_are_dropped():
    assert terms("The children and the young people of the local authority") == []


def test_a_phrase_inside_a_longer_one_of_the_same_concept_counts_once():
    assert terms("children looked after").count(CONCEPT_PREFIX + "children in care") == 1


def test_the_synonym_table_is_data_a_vocabulary_can_replace():
    vocabulary = Vocabulary({"front door": ("front door", "MASH")}, frozenset({"MASH"}))
    assert CONCEPT_PREFIX + "front door" in vocabulary.terms("the MASH")


def test_a_list_of_aspects_is_split_and_a_plain_finding_is_not():
    assert aspects_of(
        "the quality of pathway plans, the suitability of accommodation and the "
        "availability of health histories"
    ) == [
        "the quality of pathway plans",
        "the suitability of accommodation",
        "the availability of health histories",
    ]
    assert aspects_of("The take-up, timeliness and impact of return home interviews.") == []


# --- BM25 ----------------------------------------------------------------------------


def test_bm25_ranks_the_passage_with_the_rare_term_first():
    index = BM25Index([["care", "plan"], ["care", "interview"], ["care", "visit"]])

    hits = index.search(["interview", "care"])

    assert hits[0].index == 1
    assert hits[0].matched == ("interview", "care")
    assert 0 < hits[1].coverage < hits[0].coverage <= 1


def test_bm25_on_an_empty_collection_finds_nothing():
    assert BM25Index([]).search(["anything"]) == []


# --- Verdicts ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sentence", "verdict"),
    [
        ("Return home interviews remain low and too many children are not engaged.", NO_PROGRESS),
        (
            "More work is required to improve the timeliness of return home interviews.",
            SOME_PROGRESS,
        ),
        (
            "Supervision is now regular. Nevertheless, oversight remains too variable.",
            SOME_PROGRESS,
        ),
        ("Allegations management meetings are not always timely.", NO_PROGRESS),
        ("Pathway plans have improved and are now a strength.", IMPROVED),
        ("The new tool kit is not yet in use; it is too early to see its impact.", TOO_EARLY),
    ],
)
def test_verdict_from_wording(sentence, verdict):
    assert judge([read_sentence(s) for s in sentences(sentence)]).verdict == verdict


def test_a_positive_word_after_not_counts_against():
    sentence = "The IROs are not as effective as they should be."
    (cue,) = [c for c in find_cues(sentence) if "effective" in c.text]
    assert cue.verdict == NO_PROGRESS
    assert cue.text == "not … effective"


def test_the_explanation_names_the_wording():
    judged = judge([read_sentence("Return home interviews remain low.")])

    assert judged.explanation == "wording: 'low' → no progress or worse"


def test_verdict_values_are_the_models_choices():
    assert dict(Verdict.choices) == VERDICT_LABELS


# --- The engine on small texts -------------------------------------------------------

PASSAGES = [
    Passage(1, "Staff are well supported and morale is good.", label="paragraph 1"),
    Passage(
        2,
        "The completion and timeliness of RHIs remain low, because too many children "
        "are not engaged. Early help is highly effective.",
        label="paragraph 2",
    ),
    Passage(3, "Personal advisers know their care leavers well.", label="paragraph 3"),
]


def test_the_engine_finds_the_paragraph_through_a_synonym_and_reads_its_verdict():
    proposal = Matcher(PASSAGES).propose(
        "More work is required to improve the timeliness of return home interviews."
    )

    assert proposal.passages[0].key == 2
    assert proposal.verdict == NO_PROGRESS
    assert proposal.reason.startswith("Paragraph 2 says \u2018The completion and timeliness")
    assert "remain low" in proposal.reason
    # Praise in the same paragraph for something else does not count.
    assert "effective" not in proposal.reason


def test_a_finding_no_passage_speaks_to_is_not_looked_at():
    proposal = Matcher(PASSAGES).propose("Allegations against adults who work with children.")

    assert proposal.verdict == NOT_LOOKED_AT
    assert proposal.reason.startswith("No passage of this document speaks about")
    assert "Allegations" in proposal.reason


def test_a_later_item_counts_only_when_it_shares_what_the_finding_is_about():
    passages = [
        Passage(
            "item",
            "The take-up, timeliness and impact of RHIs.",
            "What needs to improve?",
            "item 1",
            kind="item",
        ),
        Passage("para", "Thresholds are well understood and applied.", label="paragraph 4"),
    ]
    matcher = Matcher(passages)

    about_rhi = matcher.propose("The timeliness of return home interviews.")
    about_thresholds = matcher.propose("The impact of thresholds and timeliness of admission.")

    assert about_rhi.passages[0].key == "item"
    assert about_rhi.verdict == NO_PROGRESS  # listed again, and nothing says otherwise
    assert "item" not in [p.key for p in about_thresholds.passages]


# --- Themes --------------------------------------------------------------------------


def test_findings_of_two_documents_that_say_the_same_thing_form_one_theme():
    items = [
        Item(
            1, "2018", "More work is required to improve the timeliness of return home interviews."
        ),
        Item(2, "2018", "Pathway plans are not updated when circumstances change."),
        Item(3, "2024", "The take-up, timeliness and impact of return home interviews."),
        Item(4, "2024", "Joint planning for children placed on remand."),
    ]

    (theme,) = group(items)

    assert theme.keys == (1, 3)
    assert theme.title == "Return home interviews"
    assert theme.reason == "Both findings mention return home interviews and timeliness."


def test_similar_findings_of_one_document_are_not_a_theme():
    items = [
        Item(1, "2018", "Pathway plans are not updated."),
        Item(2, "2018", "Pathway plans are not aspirational."),
    ]
    assert group(items) == []


# --- The engine on the seeds ---------------------------------------------------------


def parsed(prefix):
    (path,) = SEEDS_DIR.glob(f"{prefix}_*.txt")
    return parse_file(path)


def seed_matcher(prefix):
    report = parsed(prefix)
    passages = [
        Passage(("p", p.order), p.text, p.heading, f"passage {p.order}") for p in report.paragraphs
    ]
    passages += [
        Passage(("i", n), item.text, section.heading, f"item {n}", kind="item")
        for section in report.improvement_sections
        for n, item in enumerate(section.items, start=1)
    ]
    return report, Matcher(passages)


def rank_of(proposal, predicate, report):
    texts = {("p", p.order): p.text for p in report.paragraphs}
    items = [i for s in report.improvement_sections for i in s.items]
    texts.update({("i", n): item.text for n, item in enumerate(items, start=1)})
    for rank, passage in enumerate(proposal.passages, start=1):
        if predicate(texts[passage.key]):
            return rank
    return None


def test_seed_2018_return_home_interviews_are_found_in_the_2024_inspection():
    report, matcher = seed_matcher("003")

    proposal = matcher.propose(
        "More work is required to improve the overall quality and timeliness of return "
        "home interviews for children."
    )

    assert rank_of(proposal, lambda t: "return home interviews" in t, report) == 1
    assert proposal.verdict == NO_PROGRESS
    assert "The document lists" in proposal.reason


def test_seed_2019_pathway_plans_are_found_in_the_2025_focused_visit():
    report, matcher = seed_matcher("004")

    proposal = matcher.propose(
        "the effectiveness of arrangements for keeping in touch with young people who have "
        "left care, the quality of pathway plans, the suitability of accommodation and the "
        "availability of health histories"
    )

    assert rank_of(proposal, lambda t: t.startswith("Most pathway plans"), report) <= 3
    assert proposal.verdict == SOME_PROGRESS


def test_seed_2019_management_oversight_is_found_in_the_2025_focused_visit():
    report, matcher = seed_matcher("004")

    proposal = matcher.propose("management oversight, challenge and staff supervision")

    assert rank_of(proposal, lambda t: "management oversight" in t, report) == 1
    assert proposal.verdict in (SOME_PROGRESS, NO_PROGRESS)
    assert "The document lists" in proposal.reason


def test_seed_allegations_are_not_looked_at_by_a_care_leavers_visit():
    _, matcher = seed_matcher("004")

    proposal = matcher.propose(
        "the arrangements for responding to allegations against adults who work or "
        "volunteer with children and young people."
    )

    assert proposal.verdict == NOT_LOOKED_AT
