"""Follow-ups and themes: suggestions on import, a person's decisions, and the matrix."""

import datetime
import itertools

import pytest
from django.contrib.auth import get_user_model

from inspections.models import (
    Document,
    DocumentKind,
    Finding,
    FindingArea,
    FindingState,
    FollowUp,
    FollowUpParagraph,
    JudgementArea,
    LocalAuthority,
    Paragraph,
    ReviewState,
    SourceList,
    Theme,
    ThemeFinding,
    Verdict,
)
from inspections.selectors import (
    finding_followups,
    followup_pending_list,
    followup_proposals,
    status_matrix,
    theme_list,
    visit_date,
    visit_date_expression,
)
from inspections.services import (
    FollowUpError,
    followup_confirm,
    followup_reject,
    followup_suggest,
    report_import,
    theme_confirm,
    theme_reject,
    theme_suggest,
)
from tests.factories import DocumentFactory

pytestmark = pytest.mark.django_db

RHI_SENTENCE = "More work is required to improve the overall quality and timeliness of return home"

IN_CARE = "The experiences and progress of children in care"


def import_seed(seed_path, prefix):
    path = seed_path(prefix)
    return report_import(data=path.read_bytes(), filename=path.name).document


def confirm_finding(document, words):
    """Confirm the letter's suggested finding that says ``words``, as a person would.

    If the parser did not suggest that sentence, the person adds it by hand from
    the paragraph that says it (what the admin is for), confirmed.
    """
    finding = document.findings.filter(text__icontains=words).order_by("order").first()
    if finding is None:
        paragraph = Paragraph.objects.get(document=document, text__icontains=words)
        sentence = next(s for s in paragraph.text.split(". ") if words.lower() in s.lower())
        finding = Finding.objects.create(
            document=document,
            source_list=SourceList.SUGGESTED,
            order=document.findings.count() + 1,
            text=sentence.rstrip(".") + ".",
            state=FindingState.CONFIRMED,
        )
        finding.paragraphs.add(paragraph)
    else:
        finding.state = FindingState.CONFIRMED
        finding.save(update_fields=["state"])
    return finding


def suggestion_rank(followup, predicate):
    """Rank (1-based) of the first suggested passage satisfying ``predicate``.

    The later document's own item counts as a suggestion ahead of the paragraphs
    ranked after it.
    """
    ranked = [(q.rank, q.paragraph.text) for q in followup.quotes.exclude(rank=None)]
    if followup.later_finding is not None:
        taken = {rank for rank, _ in ranked}
        item_rank = next(r for r in itertools.count(1) if r not in taken)
        ranked.append((item_rank, followup.later_finding.text))
    for rank, text in sorted(ranked):
        if predicate(text):
            return rank
    return None


@pytest.fixture
def seeds(seed_path):
    """All five seeds imported in date order, as in the issue's acceptance test."""
    docs = {
        prefix: import_seed(seed_path, prefix) for prefix in ("001", "000", "002", "003", "004")
    }
    return docs


@pytest.fixture
def person(db):
    return get_user_model().objects.create_user("manager@example.gov.uk", password="x")


# --- Quality on the seeds ----------------------------------------------------------


def test_seed_return_home_interviews_2018_are_followed_up_in_2024(seeds):
    finding = confirm_finding(seeds["001"], "return home interviews")
    followup_suggest(document=seeds["001"])  # the letter's findings now include it

    followup = FollowUp.objects.get(finding=finding, document=seeds["003"])

    assert suggestion_rank(followup, lambda t: "return home interviews" in t) <= 3
    assert followup.later_finding.text == (
        "The take-up, timeliness and impact of return home interviews."
    )
    assert followup.state == ReviewState.SUGGESTED
    assert followup.verdict == Verdict.NO_PROGRESS
    assert "return home interviews" in followup.reason
    assert "lists the same weakness again" in followup.reason
    assert "remain low" in followup.decisive_sentence


def test_seed_pathway_plans_and_management_oversight_2019_are_followed_up_in_2025(seeds):
    areas = {f.text: f for f in seeds["002"].findings.filter(source_list=SourceList.AREAS_COVERED)}
    pathway = next(f for t, f in areas.items() if "pathway plans" in t)
    oversight = next(f for t, f in areas.items() if t.startswith("management oversight"))

    pathway_followup = FollowUp.objects.get(finding=pathway, document=seeds["004"])
    oversight_followup = FollowUp.objects.get(finding=oversight, document=seeds["004"])

    assert suggestion_rank(pathway_followup, lambda t: "pathway plans" in t.lower()) <= 3
    assert pathway_followup.verdict == Verdict.SOME_PROGRESS
    assert suggestion_rank(oversight_followup, lambda t: "management oversight" in t) <= 3
    assert oversight_followup.later_finding.text.startswith("The records of senior management")
    assert oversight_followup.verdict in (Verdict.SOME_PROGRESS, Verdict.NO_PROGRESS)


def test_seed_confirmed_prose_finding_on_pathway_plans_is_followed_up_too(seeds):
    finding = confirm_finding(seeds["002"], "Pathway plans are not aspirational")
    followup_suggest(document=seeds["002"])

    followup = FollowUp.objects.get(finding=finding, document=seeds["004"])

    assert suggestion_rank(followup, lambda t: "pathway plans" in t.lower()) == 1


def test_seed_return_home_interviews_become_one_recurring_theme(seeds):
    finding = confirm_finding(seeds["001"], "return home interviews")
    item = seeds["003"].findings.get(text__startswith="The take-up, timeliness")

    themes = theme_suggest(authority=seeds["001"].authority)

    (theme,) = [t for t in themes if finding in t.findings.all()]
    assert set(theme.findings.all()) == {finding, item}
    assert "return home interviews" in theme.title.lower()
    assert theme.state == ReviewState.SUGGESTED
    assert "return home interviews" in theme.reason


def test_seed_suggested_findings_take_part_only_once_confirmed(seeds):
    unconfirmed = seeds["001"].findings.filter(state=FindingState.SUGGESTED)

    assert unconfirmed.exists()
    assert not FollowUp.objects.filter(finding__in=unconfirmed).exists()
    # The command-line preview can include them without saving anything.
    preview = followup_proposals(
        authority=seeds["001"].authority, document=seeds["001"], include_unconfirmed=True
    )
    assert any(p.finding.state == FindingState.SUGGESTED for p in preview)
    assert not FollowUp.objects.filter(finding__in=unconfirmed).exists()


def test_seed_suggestions_are_made_whichever_document_arrives_first(seed_path):
    later = import_seed(seed_path, "003")
    earlier = import_seed(seed_path, "001")
    finding = confirm_finding(earlier, "return home interviews")

    followup_suggest(document=earlier)

    followup = FollowUp.objects.get(finding=finding, document=later)
    assert suggestion_rank(followup, lambda t: "return home interviews" in t) <= 3
    # Nothing points backwards in time.
    assert not FollowUp.objects.filter(finding__document=later).exists()


def test_seed_accepting_suggestions_builds_the_across_visits_matrix(seeds, person):
    finding = confirm_finding(seeds["001"], "return home interviews")
    followup_suggest(document=seeds["001"])
    followup = FollowUp.objects.get(finding=finding, document=seeds["003"])
    paragraph = seeds["003"].paragraphs.get(number=17)

    followup_confirm(
        followup=followup, verdict=Verdict.NO_PROGRESS, paragraphs=[paragraph], user=person
    )
    matrix = status_matrix(authority=seeds["001"].authority)

    assert [d.pk for d in matrix.documents] == [seeds[p].pk for p in ("001", "000", "003")]
    row = next(r for r in matrix.rows if r.finding == finding)
    own, october, june_2024 = row.cells
    assert own is None
    assert october.pending and october.document == seeds["000"]
    assert june_2024.confirmed and not june_2024.pending
    assert june_2024.verdict_label == "No progress or worse"
    assert [q.reference for q in june_2024.quotes] == ["paragraph 17"]


# --- Idempotence -----------------------------------------------------------------------


def test_suggesting_again_changes_nothing(seeds):
    before = list(FollowUp.objects.values_list("pk", "finding_id", "document_id", "verdict"))
    quotes = FollowUpParagraph.objects.count()

    for document in seeds.values():
        assert followup_suggest(document=document) == []

    assert (
        list(FollowUp.objects.values_list("pk", "finding_id", "document_id", "verdict")) == before
    )
    assert FollowUpParagraph.objects.count() == quotes
    assert before  # the import made suggestions in the first place


def test_importing_the_same_file_again_adds_no_suggestions(seeds, seed_path):
    count = FollowUp.objects.count()

    import_seed(seed_path, "003")

    assert FollowUp.objects.count() == count


def test_a_persons_decision_is_never_overwritten(seeds, person):
    followup = FollowUp.objects.filter(document=seeds["003"]).first()
    followup_reject(followup=followup, user=person)

    followup_suggest(document=seeds["003"])

    followup.refresh_from_db()
    assert followup.state == ReviewState.REJECTED
    assert followup.decided_by == person


def test_theme_suggestions_are_not_repeated(seeds):
    confirm_finding(seeds["001"], "return home interviews")
    first = theme_suggest(authority=seeds["001"].authority)

    assert first
    assert theme_suggest(authority=seeds["001"].authority) == []


def test_theme_memberships_suggested_on_import_each_get_a_creation_history_row(seeds):
    memberships = ThemeFinding.objects.all()

    assert memberships.exists()
    history = ThemeFinding.history.filter(history_type="+")
    assert sorted(history.values_list("id", flat=True)) == sorted(
        memberships.values_list("pk", flat=True)
    )
    assert ThemeFinding.history.count() == memberships.count()


# --- Small builders for the rest -------------------------------------------------------

_hashes = itertools.count()


def make_document(authority, when, paragraphs=(), kind=DocumentKind.MONITORING_VISIT):
    document = Document.objects.create(
        authority=authority,
        kind=kind,
        visit_start=when,
        visit_end=when,
        source_filename=f"{when}.txt",
        content_hash=f"{next(_hashes):064x}",
    )
    Paragraph.objects.bulk_create(
        Paragraph(document=document, order=n, number=n, text=text)
        for n, text in enumerate(paragraphs, start=1)
    )
    return document


def make_finding(document, text, order=None, state=FindingState.CONFIRMED):
    return Finding.objects.create(
        document=document,
        source_list=SourceList.WHAT_NEEDS_TO_IMPROVE,
        order=order or document.findings.count() + 1,
        text=text,
        state=state,
    )


@pytest.fixture
def authority(db):
    return LocalAuthority.objects.create(name="Testshire")


@pytest.fixture
def pair(authority):
    """A 2019 finding on pathway plans and a 2021 letter that speaks to it."""
    earlier = make_document(authority, datetime.date(2019, 3, 1))
    finding = make_finding(earlier, "Pathway plans are not updated when circumstances change.")
    later = make_document(
        authority,
        datetime.date(2021, 5, 1),
        [
            "Pathway plans have improved and are now regularly updated.",
            "Staff morale is good.",
        ],
    )
    followup_suggest(document=later)
    return finding, later, FollowUp.objects.get(finding=finding, document=later)


# --- Services ------------------------------------------------------------------------


def test_a_suggestion_quotes_the_paragraph_with_rank_score_and_matched_words(pair):
    finding, later, followup = pair

    (quote,) = followup.quotes.all()
    assert quote.paragraph.number == 1 and quote.rank == 1
    assert 0 < quote.score <= 1
    assert "pathway plans" in quote.matched
    assert followup.verdict == followup.suggested_verdict == Verdict.IMPROVED
    assert (
        followup.reason
        == "Paragraph 1 says \u2018Pathway plans have improved and are now regularly updated.\u2019"
    )
    assert followup.decisive_where == "paragraph 1"
    assert followup.confidence == "strong"


def test_confirm_records_the_verdict_paragraphs_person_and_keeps_the_suggestion(pair, person):
    finding, later, followup = pair
    other = later.paragraphs.get(number=2)

    followup_confirm(
        followup=followup, verdict=Verdict.SOME_PROGRESS, paragraphs=[other], user=person
    )

    followup.refresh_from_db()
    assert followup.state == ReviewState.CONFIRMED
    assert followup.verdict == Verdict.SOME_PROGRESS
    assert followup.suggested_verdict == Verdict.IMPROVED
    assert followup.decided_by == person and followup.decided_at is not None
    (quote,) = followup.quotes.all()
    assert quote.paragraph == other and quote.rank is None


def test_confirm_refuses_paragraphs_of_another_document(pair, person, authority):
    _, _, followup = pair
    stranger = make_document(authority, datetime.date(2022, 1, 1), ["Something else."])

    with pytest.raises(FollowUpError, match="Quote only paragraphs of"):
        followup_confirm(
            followup=followup,
            verdict=Verdict.IMPROVED,
            paragraphs=list(stranger.paragraphs.all()),
            user=person,
        )


def test_confirm_refuses_an_unknown_verdict_and_a_verdict_without_paragraphs(pair, person):
    _, _, followup = pair

    with pytest.raises(FollowUpError, match="not a verdict"):
        followup_confirm(followup=followup, verdict="brilliant", paragraphs=[], user=person)
    with pytest.raises(FollowUpError, match="at least one paragraph"):
        followup_confirm(followup=followup, verdict=Verdict.IMPROVED, paragraphs=[], user=person)

    followup_confirm(followup=followup, verdict=Verdict.NOT_LOOKED_AT, paragraphs=[], user=person)
    assert not followup.quotes.exists()


def test_confirm_takes_not_enough_evidence_without_paragraphs(pair, person):
    _, _, followup = pair

    confirmed = followup_confirm(
        followup=followup, verdict=Verdict.NOT_ENOUGH_EVIDENCE, paragraphs=[], user=person
    )

    confirmed.refresh_from_db()
    assert confirmed.verdict == Verdict.NOT_ENOUGH_EVIDENCE
    assert confirmed.state == ReviewState.CONFIRMED
    assert not confirmed.quotes.exists()


def test_reject_keeps_the_row_so_the_pair_is_not_suggested_again(pair, person):
    finding, later, followup = pair

    followup_reject(followup=followup, user=person)
    followup_suggest(document=later)

    assert FollowUp.objects.filter(finding=finding).count() == 1
    cell = finding_followups(finding=finding).cells[0]
    assert cell.verdict is None and not cell.pending


def test_a_finding_inspectors_agreed_has_improved_is_not_followed_up_further(pair, person):
    finding, later, followup = pair
    followup_confirm(
        followup=followup,
        verdict=Verdict.IMPROVED,
        paragraphs=[later.paragraphs.get(number=1)],
        user=person,
    )

    latest = make_document(
        finding.document.authority, datetime.date(2023, 1, 1), ["Pathway plans."]
    )
    followup_suggest(document=latest)

    assert not FollowUp.objects.filter(finding=finding, document=latest).exists()


def test_a_finding_is_not_followed_up_by_another_authority_or_an_undated_document(pair):
    finding, _, _ = pair
    elsewhere = make_document(
        LocalAuthority.objects.create(name="Elsewhere"),
        datetime.date(2022, 1, 1),
        ["Pathway plans remain poor."],
    )
    undated = make_document(finding.document.authority, None, ["Pathway plans remain poor."])

    assert followup_suggest(document=elsewhere) == []
    assert followup_suggest(document=undated) == []


def test_a_document_that_does_not_speak_to_a_finding_is_suggested_as_not_looked_at(authority):
    earlier = make_document(authority, datetime.date(2019, 3, 1))
    finding = make_finding(earlier, "Allegations against adults are not managed well.")
    later = make_document(authority, datetime.date(2021, 5, 1), ["Pathway plans have improved."])

    (followup,) = followup_suggest(document=later)

    assert followup.finding == finding
    assert followup.verdict == Verdict.NOT_LOOKED_AT
    assert followup.reason.startswith("No passage of this document speaks about")
    assert followup.decisive_sentence == ""


# --- Themes ----------------------------------------------------------------------------


@pytest.fixture
def recurring(authority):
    first = make_document(authority, datetime.date(2018, 5, 1))
    second = make_document(authority, datetime.date(2024, 6, 1))
    a = make_finding(first, "The timeliness of return home interviews.")
    b = make_finding(second, "The take-up and timeliness of RHIs.")
    c = make_finding(second, "Joint planning for children placed on remand.")
    return a, b, c


def test_theme_confirm_with_the_findings_a_person_chooses(recurring, person):
    a, b, c = recurring
    (theme,) = theme_suggest(authority=a.document.authority)

    theme_confirm(theme=theme, user=person, title="Return home interviews")

    theme.refresh_from_db()
    assert theme.state == ReviewState.CONFIRMED and theme.title == "Return home interviews"
    assert set(theme.findings.filter(theme_memberships__state=ReviewState.CONFIRMED)) == {a, b}
    assert theme.decided_by == person


def test_theme_confirm_refuses_findings_of_one_document_or_another_authority(recurring, person):
    a, b, c = recurring
    (theme,) = theme_suggest(authority=a.document.authority)
    foreign = make_finding(
        make_document(LocalAuthority.objects.create(name="Other"), datetime.date(2020, 1, 1)),
        "The timeliness of return home interviews.",
    )

    with pytest.raises(FollowUpError, match="at least two documents"):
        theme_confirm(theme=theme, user=person, findings=[b, c])
    with pytest.raises(FollowUpError, match="only hold its own findings"):
        theme_confirm(theme=theme, user=person, findings=[a, foreign])


def test_a_rejected_theme_is_not_proposed_again(recurring, person):
    a, _, _ = recurring
    (theme,) = theme_suggest(authority=a.document.authority)

    theme_reject(theme=theme, user=person)

    assert theme_suggest(authority=a.document.authority) == []
    assert Theme.objects.get().state == ReviewState.REJECTED


def test_a_new_finding_like_a_confirmed_theme_is_proposed_as_a_member(recurring, person):
    a, b, _ = recurring
    (theme,) = theme_suggest(authority=a.document.authority)
    theme_confirm(theme=theme, user=person)
    third = make_finding(
        make_document(a.document.authority, datetime.date(2026, 1, 1)),
        "Return home interviews remain untimely.",
    )

    assert theme_suggest(authority=a.document.authority) == [theme]
    membership = ThemeFinding.objects.get(theme=theme, finding=third)
    assert membership.state == ReviewState.SUGGESTED
    theme_confirm(theme=theme, user=person)
    membership.refresh_from_db()
    assert membership.state == ReviewState.CONFIRMED


def test_theme_members_added_by_suggesting_or_confirming_get_history(recurring, person):
    a, b, c = recurring
    (theme,) = theme_suggest(authority=a.document.authority)
    assert ThemeFinding.history.filter(history_type="+").count() == 2

    theme_confirm(theme=theme, user=person, findings=[a, b, c])

    added = ThemeFinding.objects.get(theme=theme, finding=c)
    (record,) = ThemeFinding.history.filter(id=added.pk)
    assert record.history_type == "+" and record.history_user == person
    assert record.state == ReviewState.CONFIRMED


def test_a_finding_belongs_to_one_confirmed_theme(recurring, person, authority):
    a, b, _ = recurring
    (theme,) = theme_suggest(authority=authority)
    theme_confirm(theme=theme, user=person)
    other = Theme.objects.create(authority=authority, title="Another")

    with pytest.raises(FollowUpError, match="already in the theme"):
        theme_confirm(theme=other, user=person, findings=[a, b])


# --- Selectors -----------------------------------------------------------------------


def test_an_authority_with_one_document_gets_an_empty_matrix_and_a_message(authority):
    document = make_document(authority, datetime.date(2024, 6, 1))
    make_finding(document, "The timeliness of return home interviews.")

    matrix = status_matrix(authority=authority)

    assert matrix.is_empty
    assert "Only one document has been imported" in matrix.message
    assert [c for c in matrix.rows[0].cells] == [None]


def test_the_matrix_groups_rows_by_confirmed_theme_and_filters(recurring, person, authority):
    a, b, c = recurring
    (theme,) = theme_suggest(authority=authority)
    theme_confirm(theme=theme, user=person)
    later = make_document(
        authority,
        datetime.date(2025, 1, 1),
        [
            "Staff morale is good.",
            "The take-up of return home interviews remains low.",
            "Children in care live in stable homes.",
        ],
    )
    followup_suggest(document=later)
    in_care = JudgementArea.objects.get(era__code="ilacs-2023", name=IN_CARE)
    FindingArea.objects.create(finding=c, judgement_area=in_care)

    matrix = status_matrix(authority=authority)

    assert [g.title for g in matrix.groups] == [theme.title, "Findings in no theme"]
    assert [r.finding for r in matrix.groups[0].rows] == [a, b]
    assert matrix.judgement_areas == (IN_CARE,)
    only_area = status_matrix(authority=authority, judgement_area=IN_CARE)
    assert [r.finding for r in only_area.rows] == [c]
    no_progress = status_matrix(authority=authority, verdicts=[Verdict.NO_PROGRESS])
    assert {r.finding for r in no_progress.rows} == {a, b}


def _authority_with(n_documents, findings_per_document):
    authority = LocalAuthority.objects.create(name=f"Size {n_documents}x{findings_per_document}")
    topics = ["return home interviews", "pathway plans", "management oversight", "health histories"]
    for year in range(n_documents):
        document = make_document(
            authority,
            datetime.date(2015 + year, 1, 1),
            [f"The quality of {t} remains too variable." for t in topics],
        )
        for n in range(findings_per_document):
            make_finding(document, f"The quality of {topics[n % len(topics)]}.", order=n + 1)
        followup_suggest(document=document)
    theme = Theme.objects.create(authority=authority, title="T", state=ReviewState.CONFIRMED)
    for finding in Finding.objects.filter(document__authority=authority)[:3]:
        ThemeFinding.objects.create(theme=theme, finding=finding, state=ReviewState.CONFIRMED)
    return authority


MATRIX_QUERIES = 5


@pytest.mark.parametrize(("documents", "findings"), [(1, 1), (2, 3), (6, 12)])
def test_status_matrix_query_count_does_not_grow(
    documents, findings, django_assert_max_num_queries
):
    authority = _authority_with(documents, findings)

    with django_assert_max_num_queries(MATRIX_QUERIES):
        matrix = status_matrix(authority=authority)
    with django_assert_max_num_queries(0):
        # Everything a page or a sheet shows is already loaded: the cells name the
        # quoted paragraphs; their words are on the finding's page.
        for group in matrix.groups:
            assert group.title
            for row in group.rows:
                assert row.finding.document.visit_start
                for cell in row.later_cells:
                    assert cell.verdict_label and cell.document.visit_start
                    for quote in cell.quotes:
                        assert quote.reference and quote.paragraph.number


@pytest.mark.parametrize(("documents", "findings"), [(2, 1), (6, 12)])
def test_finding_history_and_review_lists_query_counts_do_not_grow(
    documents, findings, django_assert_max_num_queries
):
    authority = _authority_with(documents, findings)
    finding = Finding.objects.filter(document__authority=authority).order_by("pk").first()

    with django_assert_max_num_queries(4):
        history = finding_followups(finding=finding)
    assert len(history.cells) == documents - 1
    with django_assert_max_num_queries(2):
        pending = list(followup_pending_list(authority=authority))
    with django_assert_max_num_queries(0):
        for followup in pending:
            assert followup.finding.document.visit_start and followup.document.visit_start
            assert all(q.paragraph.reference for q in followup.quotes.all())
    with django_assert_max_num_queries(2):
        themes = list(theme_list(authority=authority))
    with django_assert_max_num_queries(0):
        for theme in themes:
            [m.finding.document.visit_start for m in theme.memberships.all()]


def test_the_visit_date_in_sql_is_the_one_in_python(db):
    dates = {
        "visit_start": datetime.date(2024, 1, 1),
        "visit_end": datetime.date(2024, 1, 2),
        "letter_date": datetime.date(2024, 1, 3),
        "published_date": datetime.date(2024, 1, 4),
    }
    for present in itertools.product([True, False], repeat=len(dates)):
        kept = dict(itertools.compress(dates.items(), present))
        DocumentFactory(**{name: kept.get(name) for name in dates})

    in_sql = dict(Document.objects.annotate(on=visit_date_expression()).values_list("pk", "on"))

    assert in_sql == {d.pk: visit_date(d) for d in Document.objects.all()}
    assert len(set(in_sql.values())) == 5  # each of the four dates first somewhere, and none
