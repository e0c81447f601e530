"""GOV.UK tags for RAG, status and review state: the words always show; colour only reinforces."""

from django import template
from django.utils.html import format_html

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
