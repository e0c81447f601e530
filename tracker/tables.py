"""The actions and findings tables: GOV.UK markup, a caption, tags with text for RAG and status."""

import django_tables2 as tables
from django.core.paginator import Paginator
from django.urls import reverse
from django.utils.html import format_html
from django_tables2.rows import BoundRows

from inspections.models import AreaState
from tracker.formats import govuk_date, shorten
from tracker.models import Action
from tracker.references import action_reference
from tracker.selectors import RAG_BY_RANK, person_name
from tracker.templatetags.tracker_tags import finding_state_tag, rag_tag, status_tag

TEMPLATE = "tracker/_table.html"
# ?per_page= is bounded: a list page never renders more rows than this.
PER_PAGE_MAX = 100


class KeysFirstPaginator(Paginator):
    """Pages of a table that find their rows' keys first, then fetch only those rows.

    Sorting by RAG sorts every action the user may see; with the rows' joins and
    columns (and for ``OFFSET n``, their latest-update subqueries) the database
    carried all of them through the sort, and PostgreSQL chose to join every wide
    row before a top-25 sort. Sorting only the keys and then reading 25 rows
    keeps the first and the deepest page of 60,000 actions fast: two queries
    (and the count). Pass it to ``RequestConfig`` as ``paginator_class``.
    """

    def page(self, number):
        page = super().page(number)  # its rows are a slice not read yet
        rows = self.object_list  # django-tables2's rows over the ordered QuerySet
        queryset = rows.data.data
        start = page.start_index() - 1 if page.end_index() else 0
        keys = list(queryset.values_list("pk", flat=True)[start : page.end_index()])
        found = {record.pk: record for record in queryset.filter(pk__in=keys)} if keys else {}
        page.object_list = BoundRows(
            data=[found[pk] for pk in keys], table=rows.table, pinned_data=rows.pinned_data
        )
        return page


class BoundedTable(tables.Table):
    """A table whose page size and page number from the query string are kept in range."""

    def paginate(self, paginator_class=Paginator, per_page=None, page=1, *args, **kwargs):
        per_page = min(max(per_page or self._meta.per_page, 1), PER_PAGE_MAX)
        return super().paginate(paginator_class, per_page, page, *args, **kwargs)


FINDING_ORDER = (
    "finding__document__authority__code",
    "finding__document__visit_start",
    "finding__order",
)


class ActionTable(BoundedTable):
    # The action's own reference (SG-2024-01.3), then its finding's (SG-2024-01).
    action_reference = tables.Column(
        accessor="pk",
        verbose_name="Reference",
        order_by=(*FINDING_ORDER, "created_at", "pk"),
    )
    reference = tables.Column(accessor="finding", verbose_name="Finding", order_by=FINDING_ORDER)
    title = tables.Column(verbose_name="Action")
    owner = tables.Column(
        verbose_name="Owner", order_by=("owner__first_name", "owner__last_name"), empty_values=()
    )
    deadline = tables.Column(verbose_name="Deadline")
    status = tables.Column(verbose_name="Status")
    rag = tables.Column(verbose_name="RAG", order_by=("rag_rank", "deadline"))
    latest_update_text = tables.Column(verbose_name="Latest update", orderable=False)

    class Meta:
        model = Action
        fields = (
            "action_reference",
            "reference",
            "title",
            "owner",
            "deadline",
            "status",
            "rag",
            "latest_update_text",
        )
        template_name = TEMPLATE
        empty_text = "No actions match these filters."

    def __init__(self, *args, caption="Actions", **kwargs):
        super().__init__(*args, **kwargs)
        self.caption = caption

    def render_action_reference(self, value, record):
        return action_reference(record)

    def value_action_reference(self, value, record):
        return action_reference(record)

    def render_reference(self, value, record):
        return format_html(
            '<a class="govuk-link" href="{}">{}</a>',
            reverse("tracker:finding-detail", args=[record.finding_id]),
            value.reference,
        )

    def render_title(self, value, record):
        return format_html(
            '<a class="govuk-link" href="{}">{}</a>',
            reverse("tracker:action-detail", args=[record.pk]),
            shorten(value, 200),
        )

    def render_owner(self, value, record):
        return person_name(value) or "Unassigned"

    def render_deadline(self, value, record):
        if not record.slipped:
            return govuk_date(value)
        return format_html(
            '{} <strong class="govuk-tag govuk-tag--orange">Slipped</strong>'
            '<span class="govuk-visually-hidden">: {}</span>',
            govuk_date(value),
            record.deadline_revised_words,
        )

    def render_status(self, value, record):
        return status_tag(record.status)

    def render_rag(self, value):
        return rag_tag(value)

    def render_latest_update_text(self, value, record):
        return format_html(
            '{}<br><span class="govuk-hint govuk-!-font-size-16">{}</span>',
            shorten(value, 80),
            govuk_date(record.latest_update_at),
        )


class FindingTable(BoundedTable):
    reference = tables.Column(
        accessor="pk",
        verbose_name="Reference",
        order_by=("document__authority__code", "document__visit_start", "order"),
    )
    text = tables.Column(verbose_name="Finding")
    document = tables.Column(
        verbose_name="Inspection or visit",
        order_by=("document__authority__name", "document__visit_start"),
    )
    judgement_area = tables.Column(
        accessor="area__judgement_area__name",
        verbose_name="Judgement area",
        order_by=("area__judgement_area__name", "document__visit_start", "order"),
    )
    state = tables.Column(verbose_name="State")
    action_count = tables.Column(verbose_name="Actions")
    worst_rag_rank = tables.Column(verbose_name="Worst RAG", empty_values=())

    class Meta:
        template_name = TEMPLATE
        empty_text = "No findings match these filters."
        fields = (
            "reference",
            "text",
            "document",
            "judgement_area",
            "state",
            "action_count",
            "worst_rag_rank",
        )

    def __init__(self, *args, caption="Findings", **kwargs):
        super().__init__(*args, **kwargs)
        self.caption = caption

    def render_reference(self, value, record):
        return record.reference

    def render_text(self, value, record):
        return format_html(
            '<a class="govuk-link" href="{}">{}</a>',
            reverse("tracker:finding-detail", args=[record.pk]),
            shorten(value, 200),
        )

    def render_document(self, value, record):
        return format_html(
            '<a class="govuk-link" href="{}">{}</a>',
            reverse("tracker:document-detail", args=[record.document_id]),
            str(value),
        )

    def render_judgement_area(self, value, record):
        if record.area.state == AreaState.CONFIRMED:
            return value
        return format_html(
            '{}<br><span class="govuk-hint govuk-!-font-size-16">Suggested</span>', value
        )

    def render_state(self, value, record):
        return finding_state_tag(record.state)

    def render_action_count(self, value, record):
        return f"{value} ({record.open_action_count} open)" if value else "None"

    def render_worst_rag_rank(self, value):
        return rag_tag(RAG_BY_RANK.get(value))

    def value_worst_rag_rank(self, value):
        return RAG_BY_RANK.get(value, "")
