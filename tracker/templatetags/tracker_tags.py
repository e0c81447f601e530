"""GOV.UK tags for RAG, status and review state: the words always show; colour only reinforces."""

import functools

from django import template
from django.template.defaultfilters import urlencode
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.text import capfirst

from inspections.matching.themes import likeness_words
from inspections.models import FindingState, Verdict
from inspections.selectors import visit_date as document_visit_date
from tracker import formats
from tracker.selectors.people import person_name
from tracker.statuses import CLOSED_STATUSES, Closure, Rag, ReviewState, Status

register = template.Library()

RAG_COLOURS = {Rag.RED: "red", Rag.AMBER: "yellow", Rag.GREEN: "green", Rag.BLUE: "blue"}
STATUS_COLOURS = {
    Status.NOT_STARTED: "grey",
    Status.IN_PROGRESS: "light-blue",
    Status.COMPLETED: "purple",
    Status.VERIFIED: "turquoise",
    Closure.CANCELLED: "pink",
    Closure.SUPERSEDED: "orange",
}
REVIEW_COLOURS = {
    ReviewState.PENDING: "grey",
    ReviewState.ACCEPTED: "green",
    ReviewState.MORE_REQUESTED: "orange",
    ReviewState.ANSWERED: "light-blue",
    ReviewState.WITHDRAWN: "pink",
}
FINDING_STATE_COLOURS = {
    FindingState.SUGGESTED: "yellow",
    FindingState.CONFIRMED: "green",
    FindingState.REJECTED: "grey",
}

# Verdicts read like RAG (improved green, no progress red); the words always show.
VERDICT_COLOURS = {
    Verdict.IMPROVED: "green",
    Verdict.SOME_PROGRESS: "yellow",
    Verdict.NO_PROGRESS: "red",
    Verdict.TOO_EARLY: "grey",
    Verdict.NOT_LOOKED_AT: "grey",
    Verdict.NOT_ENOUGH_EVIDENCE: "grey",
}


@functools.lru_cache(maxsize=256)
def tag(text, colour: str | None) -> str:
    if colour:
        return format_html('<strong class="govuk-tag govuk-tag--{}">{}</strong>', colour, text)
    return format_html('<strong class="govuk-tag">{}</strong>', text)


@register.simple_tag
def rag_tag(rag, prefix=""):
    if not rag:
        return tag("No actions", "grey")
    rag = Rag(rag)
    return tag(f"{prefix}{rag.label}", RAG_COLOURS[rag])


@register.simple_tag
def status_tag(status):
    status = Closure(status) if status in CLOSED_STATUSES else Status(status)
    return tag(status.label, STATUS_COLOURS[status])


@register.simple_tag
def review_tag(state):
    state = ReviewState(state)
    return tag(state.label, REVIEW_COLOURS[state])


@register.simple_tag
def finding_state_tag(state):
    state = FindingState(state)
    return tag(state.label, FINDING_STATE_COLOURS[state])


@register.simple_tag
def verdict_tag(verdict):
    verdict = Verdict(verdict)
    return tag(verdict.label, VERDICT_COLOURS[verdict])


@register.filter
def lowerfirst(text) -> str:
    """“Monitoring visit” → “monitoring visit” mid-sentence; “ILACS inspection” stays."""
    text = str(text)
    first = text.split(" ", 1)[0]
    return text if first.isupper() else text[:1].lower() + text[1:]


@register.filter
def visit_date(document):
    """When a document's visit happened: the date "earlier" and "later" go by."""
    return document_visit_date(document)


register.filter("person_name", person_name)
register.filter("govuk_date", formats.govuk_date, expects_localtime=True)
register.filter("govuk_month", formats.govuk_month)
register.filter("shorten", formats.shorten)
register.filter("likeness", likeness_words)


register.filter("govuk_datetime", formats.govuk_datetime, expects_localtime=True)


@register.filter
def page_numbers(page):
    """The page numbers a GOV.UK pagination lists: the ends, the pages near this one and
    ``Paginator.ELLIPSIS`` between."""
    return page.paginator.get_elided_page_range(page.number, on_each_side=1, on_ends=1)


PARAGRAPH = '<p class="govuk-body-s govuk-!-margin-bottom-{}">{}</p>'
CELL = '<td class="govuk-table__cell">{}</td>'
NOT_LATER = mark_safe('<span class="govuk-body-s">Not a later visit</span>')  # no values


@register.simple_tag(takes_context=True)
def across_visits_cells(context, row):
    """A finding's cells at the later visits: the inspectors' verdict beside our status then.

    Written in Python, a row at a time, rather than as an include per cell: the largest
    authorities' matrix has thousands of cells, and the template engine took most of the
    page's time on them. What is the same for every cell of the page or of the row (the
    finding's address, the address to come back to) is worked out once.
    """
    finding = row.finding
    finding_url = reverse("tracker:finding-detail", args=[finding.pk])
    come_back = None
    if context.get("can_manage"):
        come_back = context.render_context.get("across_visits_next")
        if come_back is None:
            come_back = urlencode(context["request"].get_full_path())
            context.render_context["across_visits_next"] = come_back
    return format_html_join(
        "\n", CELL, ((_visit_cell(visit, finding, finding_url, come_back),) for visit in row.later)
    )


def _visit_cell(visit, finding, finding_url: str, come_back: str | None) -> str:
    if visit is None:
        return NOT_LATER
    cell = visit.cell
    pending = evidence = ""
    if cell.pending:
        review = ""
        if come_back is not None:
            at = f"{lowerfirst(cell.document.get_kind_display())} {formats.govuk_date(cell.date)}"
            review = format_html(
                ' <a class="govuk-link" href="{}?next={}">Review'
                '<span class="govuk-visually-hidden"> the suggestion for {} at {}</span></a>',
                reverse("tracker:followup-review", args=[cell.followup.pk]),
                come_back,
                finding.reference,
                at,
            )
        pending = format_html(PARAGRAPH, 1, format_html(SUGGESTED, review))
    if cell.evidence:
        evidence = format_html(
            PARAGRAPH,
            1,
            format_html(
                '<a class="govuk-link" href="{}#visit-{}">{}'
                '<span class="govuk-visually-hidden"> quoted for {}</span></a>',
                finding_url,
                cell.document.pk,
                ", ".join(capfirst(quote.reference) for quote in cell.evidence),
                finding.reference,
            ),
        )
    return format_html(
        "{}{}{}{}",
        _inspectors_said(cell.verdict),
        pending,
        evidence,
        _ours_then(visit.ours, visit.gap),
    )


SUGGESTED = "<strong>Suggested – not yet confirmed</strong>{}"


# What inspectors said and what we said are a few values shared by thousands of cells.
@functools.lru_cache(maxsize=64)
def _inspectors_said(verdict: str | None) -> str:
    said = verdict_tag(verdict) if verdict else "not reviewed"
    return format_html(
        PARAGRAPH,
        1,
        format_html('<span class="govuk-!-font-weight-bold">Inspectors:</span> {}', said),
    )


@functools.lru_cache(maxsize=1024)
def _ours_then(ours, gap: bool) -> str:
    if ours is None:
        status = "visit undated"
    elif ours.rag:
        status = format_html("{} {}", rag_tag(ours.rag), ours.summary.lower())
    else:
        status = "no actions yet"
    then = format_html(
        PARAGRAPH,
        1,
        format_html('<span class="govuk-!-font-weight-bold">Our status then:</span> {}', status),
    )
    if not gap:
        return then
    check = format_html(
        '<strong class="govuk-tag govuk-tag--red">Check</strong> Our status said '
        "{} ({}); inspectors saw no progress.",
        ours.rag.label.lower(),
        ours.summary.lower(),
    )
    return format_html("{}\n{}", then, format_html(PARAGRAPH, 0, check))
