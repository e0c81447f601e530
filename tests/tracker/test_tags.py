import datetime
import zoneinfo
from types import SimpleNamespace

from django.template import Context, Template
from django.test import RequestFactory

from inspections.models import FollowUp, ReviewState, Verdict
from inspections.selectors import Cell
from tracker.as_at import OurStatusThen
from tracker.formats import govuk_datetime, shorten
from tracker.selectors import VisitCell
from tracker.statuses import Rag, Status
from tracker.templatetags.tracker_tags import across_visits_cells

LONDON = zoneinfo.ZoneInfo("Europe/London")


def test_times_read_the_gov_uk_way():
    on = datetime.datetime(2024, 6, 3, tzinfo=LONDON)
    assert govuk_datetime(on.replace(hour=17, minute=30)) == "3 June 2024 at 5:30pm"
    assert govuk_datetime(on.replace(hour=9, minute=5)) == "3 June 2024 at 9:05am"
    assert govuk_datetime(on.replace(hour=10)) == "3 June 2024 at 10am"
    assert govuk_datetime(on.replace(hour=12)) == "3 June 2024 at midday"
    assert govuk_datetime(on) == "3 June 2024 at midnight"
    assert govuk_datetime(None) == ""


def test_times_are_shown_in_the_sites_time_zone(settings):
    settings.TIME_ZONE = "Europe/London"
    summer = datetime.datetime(2024, 6, 3, 16, 30, tzinfo=datetime.UTC)
    rendered = Template("{% load tracker_tags %}{{ when|govuk_datetime }}").render(
        Context({"when": summer})
    )
    assert rendered == "3 June 2024 at 5:30pm"


def _cell(*, verdict, state, quotes=(), ours=None):
    document = SimpleNamespace(
        pk=7, visit_start=datetime.date(2024, 6, 3), get_kind_display=lambda: "Monitoring visit"
    )
    followup = FollowUp(pk=41, state=state, verdict=verdict)
    return VisitCell(Cell(document, followup, quotes), ours)


def _render(*visits, can_manage, path="/authorities/sg/across-visits/?verdict=no_progress"):
    row = SimpleNamespace(
        finding=SimpleNamespace(pk=5, reference='SG-2018-01"><script>'), later=visits
    )
    context = Context({"can_manage": can_manage, "request": RequestFactory().get(path)})
    return across_visits_cells(context, row)


def test_an_across_visits_cell_says_what_inspectors_and_we_said(db):
    ours = OurStatusThen(on=datetime.date(2024, 6, 3), rag=Rag.BLUE, counts=((Status.VERIFIED, 2),))
    quote = SimpleNamespace(reference="paragraph 17")
    html = _render(
        _cell(verdict=Verdict.NO_PROGRESS, state=ReviewState.CONFIRMED, quotes=[quote], ours=ours),
        can_manage=False,
    )

    assert "No progress or worse" in html and "Paragraph 17" in html
    assert 'Our status then:</span> <strong class="govuk-tag govuk-tag--blue">Blue' in html
    assert "Check</strong> Our status said blue (2 verified); inspectors saw no" in html
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert 'href="/findings/5/#visit-7"' in html


def test_a_pending_cell_offers_managers_the_review_and_comes_back_here(db):
    pending = _cell(verdict=Verdict.SOME_PROGRESS, state=ReviewState.SUGGESTED)

    for_manager = _render(pending, can_manage=True)
    for_viewer = _render(pending, can_manage=False)

    assert "Suggested – not yet confirmed" in for_manager and "Suggested" in for_viewer
    assert "?next=/authorities/sg/across-visits/%3Fverdict%3Dno_progress" in for_manager
    assert "at monitoring visit 3 June 2024" in for_manager
    assert "Review" not in for_viewer
    assert "visit undated" in for_manager  # no status without a date


def test_nearest_paragraphs_of_a_document_that_does_not_mention_it_are_not_evidence(db):
    quote = SimpleNamespace(reference="paragraph 17")
    html = _render(
        _cell(verdict=Verdict.NOT_LOOKED_AT, state=ReviewState.SUGGESTED, quotes=[quote]),
        can_manage=False,
    )

    assert "Not looked at" in html and "Paragraph 17" not in html


def test_a_cell_before_the_finding_says_so():
    assert _render(None, can_manage=True) == (
        '<td class="govuk-table__cell"><span class="govuk-body-s">Not a later visit</span></td>'
    )


def test_a_row_has_a_cell_for_each_later_visit(db):
    pending = _cell(verdict=Verdict.SOME_PROGRESS, state=ReviewState.SUGGESTED)

    html = _render(None, pending, pending, can_manage=True)

    assert html.count('<td class="govuk-table__cell">') == 3
    assert html.count("?next=/authorities/sg/across-visits/%3Fverdict%3Dno_progress") == 2


def test_cut_text_ends_at_a_word_with_an_ellipsis():
    note = "Return home interviews are offered within seventy-two hours of a child coming home"
    assert shorten(note, 30) == "Return home interviews are…"
    assert shorten(note, 200) == note
    assert shorten("  spaced   out\ntext ", 30) == "spaced out text"
    assert shorten("Interviews, offered quickly", 13) == "Interviews…"
    # One long word is cut inside rather than leaving nothing.
    assert shorten("Supercalifragilisticexpialidocious", 10) == "Supercali…"
    assert shorten(None) == ""
