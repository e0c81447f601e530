"""GOV.UK tags for RAG, status and review state: the words always show; colour only reinforces."""

from django import template
from django.template.defaultfilters import urlencode
from django.urls import reverse
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe
from django.utils.text import capfirst

from inspections.models import FindingState, Verdict
from inspections.selectors import visit_date as document_visit_date
from tracker.models import Rag, ReviewState, Status

register = template.Library()

RAG_COLOURS = {Rag.RED: "red", Rag.AMBER: "yellow", Rag.GREEN: "green", Rag.BLUE: "blue"}
STATUS_COLOURS = {
    Status.NOT_STARTED: "grey",
    Status.IN_PROGRESS: "light-blue",
    Status.COMPLETED: "purple",
    Status.VERIFIED: "turquoise",
}
REVIEW_COLOURS = {
    ReviewState.PENDING: "grey",
    ReviewState.ACCEPTED: "green",
    ReviewState.MORE_REQUESTED: "orange",
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
    status = Status(status)
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


@register.filter
def govuk_date(value):
    """1 March 2025 – the GOV.UK style for dates."""
    if not value:
        return ""
    return f"{value.day} {value:%B %Y}"


def _govuk_time(value) -> str:
    """5:30pm, 10am, midday, midnight – the GOV.UK style for times."""
    if value.hour == 0 and value.minute == 0:
        return "midnight"
    if value.hour == 12 and value.minute == 0:
        return "midday"
    hour = value.hour % 12 or 12
    minutes = f":{value.minute:02d}" if value.minute else ""
    return f"{hour}{minutes}{'am' if value.hour < 12 else 'pm'}"


@register.filter(expects_localtime=True)
def govuk_datetime(value):
    """3 June 2024 at 5:30pm, in the site's time zone."""
    if not value:
        return ""
    return f"{govuk_date(value)} at {_govuk_time(value)}"


@register.simple_tag(takes_context=True)
def across_visits_cell(context, visit, finding):
    """One finding at one later visit: the inspectors' verdict beside our status that day.

    Written in Python rather than as an include, with escape() on every value: the
    largest authorities' matrix has thousands of cells, and the template engine took
    most of the page's time on them.
    """
    if visit is None:
        return mark_safe('<span class="govuk-body-s">Not a later visit</span>')
    cell, ours = visit.cell, visit.ours
    verdict = verdict_tag(cell.verdict) if cell.verdict else "not reviewed"
    parts = [
        '<p class="govuk-body-s govuk-!-margin-bottom-1">'
        f'<span class="govuk-!-font-weight-bold">Inspectors:</span> {verdict}</p>'
    ]
    if cell.pending:
        review = ""
        if context.get("can_manage"):
            url = reverse("tracker:followup-review", args=[cell.followup.pk])
            here = urlencode(context["request"].get_full_path())
            at = f"{lowerfirst(cell.document.get_kind_display())} {govuk_date(cell.date)}"
            review = (
                f' <a class="govuk-link" href="{escape(url)}?next={escape(here)}">Review'
                '<span class="govuk-visually-hidden"> the suggestion for '
                f"{escape(finding.reference)} at {escape(at)}</span></a>"
            )
        parts.append(
            '<p class="govuk-body-s govuk-!-margin-bottom-1">'
            f"<strong>Suggested – not yet confirmed</strong>{review}</p>"
        )
    if cell.quotes:
        url = reverse("tracker:finding-detail", args=[finding.pk])
        quoted = ", ".join(capfirst(quote.reference) for quote in cell.quotes)
        parts.append(
            '<p class="govuk-body-s govuk-!-margin-bottom-1">'
            f'<a class="govuk-link" href="{escape(url)}#visit-{cell.document.pk}">{escape(quoted)}'
            f'<span class="govuk-visually-hidden"> quoted for {escape(finding.reference)}</span>'
            "</a></p>"
        )
    if ours is None:
        status = "visit undated"
    elif ours.rag:
        status = f"{rag_tag(ours.rag)} {escape(ours.summary.lower())}"
    else:
        status = "no actions yet"
    parts.append(
        '<p class="govuk-body-s govuk-!-margin-bottom-1">'
        f'<span class="govuk-!-font-weight-bold">Our status then:</span> {status}</p>'
    )
    if visit.gap:
        parts.append(
            '<p class="govuk-body-s govuk-!-margin-bottom-0">'
            '<strong class="govuk-tag govuk-tag--red">Check</strong> Our status said '
            f"{escape(ours.rag.label.lower())} ({escape(ours.summary.lower())});"
            " inspectors saw no progress.</p>"
        )
    return mark_safe("\n".join(parts))  # every value above is escaped or a tag's own HTML
