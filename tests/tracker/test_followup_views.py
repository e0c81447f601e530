"""Managers review suggested follow-ups and themes; a finding's page shows its history."""

import datetime

import pytest
from django.urls import reverse

from inspections.models import (
    DocumentKind,
    Finding,
    FindingState,
    FollowUp,
    FollowUpParagraph,
    Paragraph,
    ReviewState,
    Theme,
    ThemeFinding,
    Verdict,
)
from inspections.services import followup_suggest, report_import
from tests.factories import DocumentFactory, FindingFactory, ParagraphFactory
from tracker import services
from tracker.settled import settled_statuses_keep

pytestmark = pytest.mark.django_db

RHI_2018 = "More work is required to improve the overall quality and timeliness of return home"


@pytest.fixture
def suggestion(authority):
    """What a June 2024 inspection seems to say about a May 2018 finding, not yet confirmed."""
    may = DocumentFactory(
        authority=authority,
        kind=DocumentKind.MONITORING_VISIT,
        visit_start=datetime.date(2018, 5, 22),
        visit_end=datetime.date(2018, 5, 23),
    )
    june = DocumentFactory(authority=authority)
    finding = FindingFactory(
        document=may, order=1, text="The timeliness of return home interviews."
    )
    quoted = ParagraphFactory(
        document=june,
        order=17,
        number=17,
        heading="The experiences and progress of children in care",
        text="Return home interviews are not always timely, and too few children take them up.",
    )
    other = ParagraphFactory(document=june, order=18, number=18, text="Supervision is regular.")
    followup = FollowUp.objects.create(
        finding=finding,
        document=june,
        state=ReviewState.SUGGESTED,
        verdict=Verdict.NO_PROGRESS,
        suggested_verdict=Verdict.NO_PROGRESS,
        score=0.82,
        reason="The document lists the same weakness again (item 2: "
        "\u2018Return home interviews.\u2019).",
        decisive_sentence="Return home interviews are not always timely.",
        decisive_where="paragraph 17",
    )
    FollowUpParagraph.objects.create(
        followup=followup, paragraph=quoted, rank=1, score=0.82, matched="return, home, interviews"
    )
    return {"followup": followup, "finding": finding, "quoted": quoted, "other": other}


def review_url(followup):
    return reverse("tracker:followup-review", args=[followup.pk])


def list_url(authority, query=""):
    return reverse("tracker:followup-review-list", args=[authority.slug]) + query


# --- Suggested follow-ups ------------------------------------------------------------------


def test_a_manager_sees_each_suggestion_with_its_reasons(client, manager, suggestion, authority):
    client.force_login(manager)

    response = client.get(list_url(authority))

    assert response.status_code == 200
    html = response.content.decode()
    assert "The timeliness of return home interviews." in html
    assert "Return home interviews are not always timely" in html
    assert "Paragraph 17, “The experiences and progress of children in care”" in html
    assert "No progress or worse" in html
    assert "Strong <span" in html  # the confidence in plain words, not a percentage
    assert "%" not in html.split("Confidence", 1)[1].split("</dd>", 1)[0]
    assert "Paragraph 17: <q>Return home interviews are not always timely.</q>" in html
    assert "lists the same weakness again" in html
    assert f'action="{review_url(suggestion["followup"])}"' in html
    reject = reverse("tracker:followup-reject", args=[suggestion["followup"].pk])
    assert f'formaction="{reject}"' in html
    assert f'name="paragraphs" type="checkbox" value="{suggestion["quoted"].pk}" checked' in html
    assert 'name="verdict" type="radio" value="no_progress" checked' in html
    assert 'No progress or worse <span class="govuk-body-s">(suggested)</span></label>' in html


def test_nearest_paragraphs_of_a_not_looked_at_suggestion_are_not_ticked(
    client, manager, suggestion, authority
):
    FollowUp.objects.update(verdict=Verdict.NOT_LOOKED_AT)
    client.force_login(manager)

    html = client.get(list_url(authority)).content.decode()

    assert f'name="paragraphs" type="checkbox" value="{suggestion["quoted"].pk}">' in html
    assert "The nearest paragraphs (1)" in html
    single = client.get(review_url(suggestion["followup"])).content.decode()
    assert "checked" not in single.split('name="paragraphs"')[1].split(">")[0]


def test_the_list_can_show_one_later_document(client, manager, suggestion, authority):
    client.force_login(manager)
    june = suggestion["followup"].document

    assert len(client.get(list_url(authority, f"?document={june.pk}")).context["followups"]) == 1
    may = suggestion["finding"].document
    assert client.get(list_url(authority, f"?document={may.pk}")).context["followups"] == []
    assert client.get(list_url(authority, "?document=999999")).status_code == 404


def test_accepting_as_suggested(client, manager, suggestion, authority):
    client.force_login(manager)
    followup = suggestion["followup"]

    response = client.post(
        review_url(followup),
        {
            "verdict": Verdict.NO_PROGRESS,
            "paragraphs": [suggestion["quoted"].pk],
            "next": list_url(authority),
        },
    )

    assert response.status_code == 302 and response["Location"] == list_url(authority)
    followup.refresh_from_db()
    assert followup.state == ReviewState.CONFIRMED
    assert followup.decided_by == manager
    assert list(followup.paragraphs.all()) == [suggestion["quoted"]]


def test_changing_the_verdict_and_the_paragraphs(client, manager, suggestion):
    client.force_login(manager)
    followup = suggestion["followup"]

    page = client.get(review_url(followup))
    assert page.status_code == 200
    assert f'value="{suggestion["other"].pk}"' in page.content.decode()  # every paragraph offered

    response = client.post(
        review_url(followup),
        {"verdict": Verdict.SOME_PROGRESS, "paragraphs": [suggestion["other"].pk]},
    )

    assert response.status_code == 302
    assert response["Location"] == reverse("tracker:finding-detail", args=[followup.finding_id])
    followup.refresh_from_db()
    assert followup.verdict == Verdict.SOME_PROGRESS
    assert followup.suggested_verdict == Verdict.NO_PROGRESS
    assert list(followup.paragraphs.all()) == [suggestion["other"]]


def test_a_service_refusal_is_shown_in_an_error_summary(client, manager, suggestion):
    client.force_login(manager)
    followup = suggestion["followup"]

    response = client.post(review_url(followup), {"verdict": Verdict.IMPROVED})

    assert response.status_code == 400
    html = response.content.decode()
    assert "There is a problem" in html and 'href="#form-errors"' in html
    assert "Choose at least one paragraph" in html
    assert 'name="verdict" type="radio" value="improved" checked' in html
    followup.refresh_from_db()
    assert followup.state == ReviewState.SUGGESTED


def test_a_missing_verdict_and_a_foreign_paragraph_are_refused(
    client, manager, suggestion, authority
):
    client.force_login(manager)
    elsewhere = ParagraphFactory(document=suggestion["finding"].document)

    response = client.post(review_url(suggestion["followup"]), {"paragraphs": [elsewhere.pk]})

    assert response.status_code == 400
    html = response.content.decode()
    assert "Choose the inspectors&#x27; verdict." in html
    assert "Choose paragraphs of the document being read." in html
    # Each error in the summary links to the first choice of its field, which is on the page.
    for field in ("verdict", "paragraphs"):
        first_choice = f"followup-{suggestion['followup'].pk}-{field}_0"
        assert f'href="#{first_choice}"' in html
        assert f'id="{first_choice}"' in html


def test_rejecting_a_suggestion(client, manager, suggestion, authority):
    client.force_login(manager)
    followup = suggestion["followup"]

    response = client.post(
        reverse("tracker:followup-reject", args=[followup.pk]), {"next": list_url(authority)}
    )

    assert response["Location"] == list_url(authority)
    followup.refresh_from_db()
    assert followup.state == ReviewState.REJECTED and followup.decided_by == manager


def test_an_outside_address_to_go_back_to_is_ignored(client, manager, suggestion):
    client.force_login(manager)
    followup = suggestion["followup"]

    response = client.post(
        reverse("tracker:followup-reject", args=[followup.pk]),
        {"next": "https://evil.example.com/"},
    )

    assert response["Location"] == reverse("tracker:finding-detail", args=[followup.finding_id])


def test_only_managers_review(client, viewer, owner, suggestion, authority):
    followup = suggestion["followup"]
    for person in (viewer, owner):
        client.force_login(person)
        assert client.get(list_url(authority)).status_code == 403
        assert client.get(review_url(followup)).status_code == 403
        confirm = client.post(
            review_url(followup),
            {"verdict": Verdict.IMPROVED, "paragraphs": [suggestion["quoted"].pk]},
        )
        assert confirm.status_code == 403
        reject = client.post(reverse("tracker:followup-reject", args=[followup.pk]))
        assert reject.status_code == 403
    followup.refresh_from_db()
    assert followup.state == ReviewState.SUGGESTED


def test_another_authoritys_manager_gets_not_found(
    client, outsider_other_authority, suggestion, authority
):
    client.force_login(outsider_other_authority)
    followup = suggestion["followup"]

    assert client.get(list_url(authority)).status_code == 404
    assert client.get(review_url(followup)).status_code == 404
    assert client.post(review_url(followup), {"verdict": "improved"}).status_code == 404
    assert client.post(reverse("tracker:followup-reject", args=[followup.pk])).status_code == 404
    followup.refresh_from_db()
    assert followup.state == ReviewState.SUGGESTED


def test_anonymous_people_are_sent_to_sign_in(client, suggestion, authority):
    followup = suggestion["followup"]
    for response in (
        client.get(list_url(authority)),
        client.get(review_url(followup)),
        client.post(reverse("tracker:followup-reject", args=[followup.pk])),
    ):
        assert response.status_code == 302 and "/login/" in response["Location"]


def test_the_document_page_offers_its_suggestions_for_review(
    client, manager, viewer, suggestion, authority
):
    june = suggestion["followup"].document
    link = list_url(authority, f"?document={june.pk}")
    client.force_login(manager)
    assert link in client.get(reverse("tracker:document-detail", args=[june.pk])).content.decode()
    client.force_login(viewer)
    assert link not in (
        client.get(reverse("tracker:document-detail", args=[june.pk])).content.decode()
    )


def test_review_list_query_count_does_not_grow(
    client, manager, authority, suggestion, django_assert_max_num_queries
):
    client.force_login(manager)
    with django_assert_max_num_queries(7):
        client.get(list_url(authority))
    june = suggestion["followup"].document
    for i in range(20):
        finding = FindingFactory(document=suggestion["finding"].document, order=100 + i)
        followup = FollowUp.objects.create(
            finding=finding, document=june, verdict=Verdict.TOO_EARLY, score=0.4, reason="x"
        )
        FollowUpParagraph.objects.create(followup=followup, paragraph=suggestion["other"], rank=1)
    with django_assert_max_num_queries(7):
        response = client.get(list_url(authority))
    assert len(response.context["followups"]) == 21


# --- The finding's own page -------------------------------------------------------------------


def test_the_finding_page_shows_its_history_and_theme(client, viewer, manager, suggestion):
    finding = suggestion["finding"]
    later_finding = FindingFactory(document=suggestion["followup"].document, order=1)
    theme = Theme.objects.create(
        authority=finding.document.authority, title="Return home interviews", state="confirmed"
    )
    for member in (finding, later_finding):
        ThemeFinding.objects.create(theme=theme, finding=member, state="confirmed")
    client.force_login(viewer)

    html = client.get(reverse("tracker:finding-detail", args=[finding.pk])).content.decode()

    assert "At later visits" in html
    assert f'id="visit-{suggestion["followup"].document_id}"' in html
    assert "No progress or worse" in html and "suggested – not yet confirmed" in html
    assert "Return home interviews are not always timely" in html
    assert "Our status then:" in html and "no actions yet" in html
    assert ">Return home interviews</a>" in html
    assert review_url(suggestion["followup"]) not in html  # viewers do not review
    client.force_login(manager)
    html = client.get(reverse("tracker:finding-detail", args=[finding.pk])).content.decode()
    assert review_url(suggestion["followup"]) in html


def test_finding_page_query_count_with_later_visits(
    client, manager, suggestion, django_assert_max_num_queries
):
    client.force_login(manager)
    page = reverse("tracker:finding-detail", args=[suggestion["finding"].pk])
    # The page's fourteen (with its measures, and the framework era's judgement areas a
    # manager may choose from), our kept status on the later visits' dates, and until it
    # is kept, the actions' history on those dates.
    with django_assert_max_num_queries(16):
        assert client.get(page).status_code == 200
    settled_statuses_keep()
    with django_assert_max_num_queries(15):
        assert client.get(page).status_code == 200


# --- Confirming a finding looks for it in later documents ---------------------------------------


def test_confirming_a_suggested_finding_suggests_its_follow_ups(seed_path, manager, authority):
    documents = {}
    for prefix in ("001", "000", "002", "003", "004"):
        path = seed_path(prefix)
        documents[prefix] = report_import(data=path.read_bytes(), filename=path.name).document
    may_2018, june_2024 = documents["001"], documents["003"]
    manager.memberships.update(authority=may_2018.authority)
    finding = Finding.objects.get(document=may_2018, text__startswith=RHI_2018)
    assert finding.state == FindingState.SUGGESTED
    assert not finding.followups.exists()

    services.finding_confirm(finding=finding, user=manager)

    followups = {f.document_id: f for f in finding.followups.all()}
    assert set(followups) == {documents["000"].pk, june_2024.pk}
    in_2024 = followups[june_2024.pk]
    assert in_2024.state == ReviewState.SUGGESTED
    quoted = [q.paragraph.text for q in in_2024.quotes.order_by("rank")[:3]]
    texts = quoted + [in_2024.later_finding.text if in_2024.later_finding else ""]
    assert any("return home interviews" in t for t in texts)
    # Running it again adds nothing: the decisions to come are not overwritten.
    count = FollowUp.objects.count()
    followup_suggest(document=may_2018)
    assert FollowUp.objects.count() == count


def test_confirming_through_the_page_says_what_was_suggested(client, manager, suggestion):
    finding = FindingFactory(
        document=suggestion["finding"].document,
        order=2,
        text="Too few children take up return home interviews.",
        state=FindingState.SUGGESTED,
    )
    client.force_login(manager)

    response = client.post(reverse("tracker:finding-confirm", args=[finding.pk]), follow=True)

    finding.refresh_from_db()
    assert finding.state == FindingState.CONFIRMED
    followup = finding.followups.get()
    assert followup.document == suggestion["followup"].document
    assert followup.quotes.filter(paragraph=suggestion["quoted"]).exists()
    assert "1 suggestion to review below" in response.content.decode()


# --- Themes ------------------------------------------------------------------------------------


@pytest.fixture
def theme(suggestion, authority):
    later = FindingFactory(
        document=suggestion["followup"].document,
        order=1,
        text="The take-up, timeliness and impact of return home interviews.",
    )
    theme = Theme.objects.create(
        authority=authority,
        title="return home interviews timeliness",
        score=0.7,
        reason="both mention return home interviews",
    )
    for finding in (suggestion["finding"], later):
        ThemeFinding.objects.create(theme=theme, finding=finding)
    return theme


def themes_url(authority):
    return reverse("tracker:theme-list", args=[authority.slug])


def test_a_manager_sees_suggested_themes(client, manager, theme, authority):
    client.force_login(manager)

    html = client.get(themes_url(authority)).content.decode()

    assert 'value="return home interviews timeliness"' in html
    assert "both mention return home interviews" in html
    assert "The take-up, timeliness and impact of return home interviews." in html
    assert "(monitoring visit, May 2018)" in html
    # How alike, in words: no score or percentage.
    assert (
        '>How alike the findings are</dt><dd class="govuk-summary-list__value">Very alike<' in html
    )
    assert "70%" not in html and ">Score<" not in html


def test_accepting_a_theme_with_a_better_title(client, manager, theme, authority):
    client.force_login(manager)
    members = [m.finding_id for m in theme.memberships.all()]

    response = client.post(
        reverse("tracker:theme-confirm", args=[theme.pk]),
        {
            f"theme-{theme.pk}-title": "Return home interviews",
            f"theme-{theme.pk}-findings": members,
        },
    )

    assert response.status_code == 302 and response["Location"] == themes_url(authority)
    theme.refresh_from_db()
    assert theme.state == ReviewState.CONFIRMED and theme.title == "Return home interviews"
    assert theme.decided_by == manager


def test_a_theme_of_one_visit_is_refused_with_an_error_summary(
    client, manager, theme, suggestion, authority
):
    client.force_login(manager)

    response = client.post(
        reverse("tracker:theme-confirm", args=[theme.pk]),
        {
            f"theme-{theme.pk}-title": "Return home interviews",
            f"theme-{theme.pk}-findings": [suggestion["finding"].pk],
        },
    )

    assert response.status_code == 400
    html = response.content.decode()
    assert "There is a problem" in html
    assert f'href="#theme-{theme.pk}-errors"' in html
    assert "A theme links findings of at least two documents" in html
    theme.refresh_from_db()
    assert theme.state == ReviewState.SUGGESTED


def test_a_theme_needs_a_title(client, manager, theme):
    client.force_login(manager)

    response = client.post(
        reverse("tracker:theme-confirm", args=[theme.pk]), {f"theme-{theme.pk}-title": ""}
    )

    assert response.status_code == 400
    assert "Give the theme a title." in response.content.decode()


def test_rejecting_a_theme(client, manager, theme):
    client.force_login(manager)

    client.post(reverse("tracker:theme-reject", args=[theme.pk]))

    theme.refresh_from_db()
    assert theme.state == ReviewState.REJECTED


def test_looking_for_themes(client, manager, authority, seed_path):
    for prefix in ("002", "004"):
        path = seed_path(prefix)
        report_import(data=path.read_bytes(), filename=path.name)
    glos = Finding.objects.first().document.authority
    manager.memberships.create(authority=glos)
    client.force_login(manager)

    # Importing already proposes themes; looking again finds nothing new.
    assert Theme.objects.filter(authority=glos, state=ReviewState.SUGGESTED).exists()
    Theme.objects.filter(authority=glos).delete()

    response = client.post(reverse("tracker:theme-suggest", args=[glos.slug]), follow=True)

    assert Theme.objects.filter(authority=glos, state=ReviewState.SUGGESTED).exists()
    assert "suggested for review" in response.content.decode()
    response = client.post(reverse("tracker:theme-suggest", args=[glos.slug]), follow=True)
    assert "No new recurring themes were found." in response.content.decode()


def test_only_managers_decide_themes(client, viewer, owner, theme, authority):
    for person in (viewer, owner):
        client.force_login(person)
        assert client.get(themes_url(authority)).status_code == 403
        assert client.post(reverse("tracker:theme-confirm", args=[theme.pk])).status_code == 403
        assert client.post(reverse("tracker:theme-reject", args=[theme.pk])).status_code == 403
        assert (
            client.post(reverse("tracker:theme-suggest", args=[authority.slug])).status_code == 403
        )
    theme.refresh_from_db()
    assert theme.state == ReviewState.SUGGESTED


def test_themes_of_another_authority_do_not_exist_for_an_outsider(
    client, outsider_other_authority, theme, authority
):
    client.force_login(outsider_other_authority)
    assert client.get(themes_url(authority)).status_code == 404
    assert client.post(reverse("tracker:theme-reject", args=[theme.pk])).status_code == 404
    assert client.post(reverse("tracker:theme-suggest", args=[authority.slug])).status_code == 404
    theme.refresh_from_db()
    assert theme.state == ReviewState.SUGGESTED


def test_theme_page_query_count_does_not_grow(
    client, manager, theme, authority, suggestion, django_assert_max_num_queries
):
    client.force_login(manager)
    with django_assert_max_num_queries(6):
        client.get(themes_url(authority))
    for i in range(10):
        extra = Theme.objects.create(authority=authority, title=f"Theme {i}")
        for finding in Finding.objects.all()[:2]:
            ThemeFinding.objects.create(theme=extra, finding=finding)
    with django_assert_max_num_queries(6):
        response = client.get(themes_url(authority))
    assert len(response.context["suggested"]) == 11


def test_paragraphs_are_not_duplicated_by_a_review(client, manager, suggestion):
    client.force_login(manager)
    followup = suggestion["followup"]
    for _ in range(2):
        client.post(
            review_url(followup),
            {"verdict": Verdict.NO_PROGRESS, "paragraphs": [suggestion["quoted"].pk]},
        )
    assert FollowUpParagraph.objects.filter(followup=followup).count() == 1
    assert Paragraph.objects.filter(document=followup.document).count() == 2


def test_a_letter_without_paragraph_numbers_is_quoted_by_passage_and_page(
    client, manager, suggestion, authority
):
    quoted = suggestion["quoted"]
    Paragraph.objects.filter(document=quoted.document).update(number=None, page=4)
    FollowUpParagraph.objects.create(
        followup=suggestion["followup"], paragraph=suggestion["other"], rank=2, score=0.5
    )
    client.force_login(manager)

    html = client.get(list_url(authority)).content.decode()

    # Two passages on one page are told apart, not both "Page 4".
    assert "Passage 17 on page 4, “The experiences" in html
    assert "Passage 18 on page 4" in html
    assert ">Page 4<" not in html and "Page 4," not in html
