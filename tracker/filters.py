"""Filters for the actions and findings lists.

Every filter is a GET parameter, so a filtered view can be bookmarked and shared.
"""

import django_filters
from django import forms
from django.contrib import messages
from django.db.models import Exists, OuterRef, Q
from django.forms.utils import flatatt
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

from config.forms import GovukDateField
from inspections.models import AreaState, Finding, FindingState, SourceList
from tracker import references, selectors
from tracker.models import Action, Evidence, has_counted_action
from tracker.statuses import (
    ACTION_STATUS_CHOICES,
    CLOSED_STATUSES,
    Rag,
    ReviewState,
    Status,
    overdue_condition,
    rag_expression,
)
from tracker.validation import parse_id

# The findings filter's choice for findings with no judgement area at all.
NO_AREA = "none"


def _css(widget) -> str:
    if isinstance(widget, forms.CheckboxInput):
        return "govuk-checkboxes__input"
    if isinstance(widget, forms.Select):
        return "govuk-select govuk-!-width-full"
    return "govuk-input govuk-!-width-full"


class DateFilter(django_filters.Filter):
    """A date typed into GOV.UK day, month and year boxes (``deadline_after_day`` and so on)."""

    field_class = GovukDateField


class Select(forms.Select):
    """A select that writes its options directly.

    Django renders each option through a template: for the 150 authorities of a
    national view that was a tenth of the actions list's time.
    """

    def render(self, name, value, attrs=None, renderer=None):
        widget = self.get_context(name, value, attrs)["widget"]
        options = []
        for group, choices, _ in widget["optgroups"]:
            written = format_html_join(
                "",
                '<option value="{}"{}>{}</option>',
                ((o["value"], flatatt(o["attrs"]), o["label"]) for o in choices),
            )
            options.append(
                format_html('<optgroup label="{}">{}</optgroup>', group, written)
                if group
                else written
            )
        return format_html(
            '<select name="{}"{}>{}</select>',
            widget["name"],
            flatatt(widget["attrs"]),
            mark_safe("".join(options)),  # each part built by format_html
        )


def _style(form) -> None:
    for field in form.fields.values():
        if hasattr(field, "empty_label"):
            field.empty_label = "Any"
        if type(field.widget) is forms.Select:
            field.widget = Select(attrs=field.widget.attrs, choices=field.widget.choices)
        field.widget.attrs.setdefault("class", _css(field.widget))


class _ScopedFilterSet(django_filters.FilterSet):
    """Choices in the filters come only from the authorities the user may see."""

    # Filters that take a database id; "null" is the owner filter's "Nobody (unassigned)".
    ID_FILTERS = ("authority", "document", "owner")

    def __init__(self, data=None, *args, request=None, **kwargs):
        data = self._without_bad_ids(data, request)
        super().__init__(data, *args, request=request, **kwargs)
        user = request.user
        authority_id = parse_id((data or {}).get("authority"))
        self.filters["authority"].queryset = selectors.authority_list(user=user)
        self.filters["document"].queryset = selectors.document_choices(
            user=user, authority_id=authority_id
        )
        self.filters["owner"].queryset = selectors.owner_choices(
            user=user, authority_id=authority_id
        )
        self.filters["judgement_area"].extra["choices"] = selectors.judgement_area_choices(
            user=user
        )
        # Named as the tables name them, not by the username (an email address).
        self.form.fields["owner"].label_from_instance = selectors.person_name
        _style(self.form)

    @classmethod
    def _without_bad_ids(cls, data, request):
        """The query without id filters that cannot be an id; each left out is said."""
        if not data:
            return data
        bad = [
            name
            for name in cls.ID_FILTERS
            if data.get(name) not in (None, "", "null") and parse_id(data.get(name)) is None
        ]
        if not bad:
            return data
        data = data.copy()
        for name in bad:
            data.pop(name)
            label = cls.base_filters[name].label.lower()
            messages.warning(request, f"The {label} filter was not understood and is left out.")
        return data

    @property
    def qs(self):
        # A filter whose value is not a valid choice (or date) is left out, not applied.
        if self.is_bound and self.form.errors and not getattr(self, "_warned", False):
            self._warned = True
            for name in self.form.errors:
                if name in self.filters:
                    label = self.filters[name].label.lower()
                    messages.warning(
                        self.request, f"The {label} filter was not understood and is left out."
                    )
        return super().qs


class ActionFilter(_ScopedFilterSet):
    q = django_filters.CharFilter(method="search", label="Search")
    authority = django_filters.ModelChoiceFilter(
        field_name="finding__document__authority", label="Authority", queryset=None
    )
    document = django_filters.ModelChoiceFilter(
        field_name="finding__document", label="Inspection or visit", queryset=None
    )
    judgement_area = django_filters.ChoiceFilter(
        empty_label="Any",
        field_name="finding__area__judgement_area__name",
        label="Judgement area",
    )
    owner = django_filters.ModelChoiceFilter(
        label="Owner", queryset=None, null_label="Nobody (unassigned)"
    )
    # With no status chosen, cancelled and superseded actions stay out of the list.
    status = django_filters.ChoiceFilter(
        empty_label="Any in the plan", choices=ACTION_STATUS_CHOICES, label="Status"
    )
    rag = django_filters.ChoiceFilter(empty_label="Any", choices=Rag.choices, label="RAG rating")
    overdue = django_filters.BooleanFilter(
        method="only_overdue", label="Only overdue actions", widget=forms.CheckboxInput
    )
    slipped = django_filters.BooleanFilter(
        method="only_slipped",
        label="Only actions whose deadline has moved",
        widget=forms.CheckboxInput,
    )
    mine = django_filters.BooleanFilter(
        method="only_mine", label="Only my actions", widget=forms.CheckboxInput
    )
    open = django_filters.BooleanFilter(
        method="only_open", label="Only open actions", widget=forms.CheckboxInput
    )
    due_soon = django_filters.BooleanFilter(
        method="only_due_soon", label="Only actions due soon", widget=forms.CheckboxInput
    )
    at_risk = django_filters.BooleanFilter(
        method="only_at_risk", label="Only actions flagged at risk", widget=forms.CheckboxInput
    )
    evidence = django_filters.ChoiceFilter(
        empty_label="Any",
        choices=[
            (ReviewState.PENDING, "Awaiting review"),
            (ReviewState.MORE_REQUESTED, "More requested"),
        ],
        method="by_evidence",
        label="Evidence",
    )
    deadline_after = DateFilter(field_name="deadline", lookup_expr="gte", label="Deadline from")
    deadline_before = DateFilter(field_name="deadline", lookup_expr="lte", label="Deadline to")

    class Meta:
        model = Action
        fields = []

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        words = (
            Q(title__icontains=value)
            | Q(description__icontains=value)
            | Q(lead_role__icontains=value)
            | Q(finding__text__icontains=value)
            | Q(owner__first_name__icontains=value)
            | Q(owner__last_name__icontains=value)
        )
        if not references.looks_like_reference(value):
            return queryset.filter(words)
        # Its own reference ("SG-2024-01.3") begins with its finding's ("SG-2024-01").
        return queryset.alias(reference=references.action_reference_expression()).filter(
            words | Q(reference__istartswith=value)
        )

    def only_overdue(self, queryset, name, value):
        return queryset.overdue() if value else queryset

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        if self.form.cleaned_data.get("status") not in CLOSED_STATUSES:
            queryset = queryset.counted()
        return queryset

    def only_slipped(self, queryset, name, value):
        return queryset.filter(deadline_revisions__gt=0) if value else queryset

    def only_mine(self, queryset, name, value):
        return queryset.filter(owner=self.request.user) if value else queryset

    def only_open(self, queryset, name, value):
        return queryset.open() if value else queryset

    def only_at_risk(self, queryset, name, value):
        return queryset.filter(at_risk=True) if value else queryset

    def only_due_soon(self, queryset, name, value):
        return queryset.due_soon() if value else queryset

    def by_evidence(self, queryset, name, value):
        return queryset.filter(
            Exists(Evidence.objects.filter(action=OuterRef("pk"), review_state=value))
        )


class FindingFilter(_ScopedFilterSet):
    """Finding fields filter directly; action fields find findings with at least one such action."""

    q = django_filters.CharFilter(method="search", label="Search")
    authority = django_filters.ModelChoiceFilter(
        field_name="document__authority", label="Authority", queryset=None
    )
    document = django_filters.ModelChoiceFilter(label="Inspection or visit", queryset=None)
    judgement_area = django_filters.ChoiceFilter(
        empty_label="Any", field_name="area__judgement_area__name", label="Judgement area"
    )
    area_state = django_filters.ChoiceFilter(
        empty_label="Any",
        choices=[*AreaState.choices, (NO_AREA, "No judgement area")],
        method="by_area_state",
        label="Judgement area is",
    )
    source_list = django_filters.ChoiceFilter(
        empty_label="Any", choices=SourceList.choices, label="Listed under"
    )
    state = django_filters.ChoiceFilter(
        empty_label="Any", choices=FindingState.choices, label="Finding state"
    )
    owner = django_filters.ModelChoiceFilter(
        method="by_action", label="Action owner", queryset=None
    )
    status = django_filters.ChoiceFilter(
        empty_label="Any", choices=Status.choices, method="by_action", label="Action status"
    )
    rag = django_filters.ChoiceFilter(
        empty_label="Any", choices=Rag.choices, method="by_action", label="Action RAG"
    )
    overdue = django_filters.BooleanFilter(
        method="by_action", label="Only findings with overdue actions", widget=forms.CheckboxInput
    )
    no_actions = django_filters.BooleanFilter(
        method="only_without_actions",
        label="Only findings with no actions",
        widget=forms.CheckboxInput,
    )
    deadline_after = DateFilter(method="by_action", label="Action deadline from")
    deadline_before = DateFilter(method="by_action", label="Action deadline to")

    ACTION_FILTERS = ("owner", "status", "rag", "overdue", "deadline_after", "deadline_before")

    class Meta:
        model = Finding
        fields = []

    def by_area_state(self, queryset, name, value):
        if value == NO_AREA:
            return queryset.filter(area__isnull=True)
        return queryset.filter(area__state=value)

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        words = Q(
            Exists(Action.objects.filter(finding=OuterRef("pk"), title__icontains=value).order_by())
        )
        words |= (
            Q(text__icontains=value)
            | Q(framework_reference__icontains=value)
            | Q(section_heading__icontains=value)
        )
        if not references.looks_like_reference(value):
            return queryset.filter(words)
        # An action's reference ("SG-2024-01.3") finds its finding ("SG-2024-01").
        finding_part, _ = references.split_reference(value)
        return queryset.alias(reference=references.finding_reference_expression()).filter(
            words | Q(reference__istartswith=value) | Q(reference__iexact=finding_part)
        )

    def only_without_actions(self, queryset, name, value):
        if not value:
            return queryset
        return queryset.exclude(has_counted_action())

    def by_action(self, queryset, name, value):
        # Applied together in filter_queryset, so that all the action
        # conditions hold for the same action.
        return queryset

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        data = self.form.cleaned_data
        today = timezone.localdate()
        conditions = Q()
        if data.get("owner"):
            conditions &= Q(owner=data["owner"])
        if data.get("status"):
            conditions &= Q(status=data["status"])
        if data.get("rag"):
            conditions &= Q(rag=data["rag"])
        if data.get("overdue"):
            conditions &= overdue_condition(today)
        if data.get("deadline_after"):
            conditions &= Q(deadline__gte=data["deadline_after"])
        if data.get("deadline_before"):
            conditions &= Q(deadline__lte=data["deadline_before"])
        if not conditions:
            return queryset
        actions = Action.objects.annotate(rag=rag_expression(today)).filter(
            conditions, finding=OuterRef("pk")
        )
        return queryset.filter(Exists(actions))
