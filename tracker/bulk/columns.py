"""The checkbox column a list shows to people who may change its rows in bulk."""

from __future__ import annotations

from collections.abc import Callable

import django_tables2 as tables
from django.utils.html import format_html
from django.utils.safestring import mark_safe

BULK_FORM_ID = "bulk-form"  # the list's bulk form, which the checkboxes belong to


class SelectColumn(tables.Column):
    """A GOV.UK small checkbox per row, labelled for screen readers by ``label_of(row)``.

    The checkboxes belong to the bulk form by its id, so the table need not sit
    inside it (its sort and page links stay plain links).
    """

    def __init__(self, label_of: Callable[[object], str]):
        super().__init__(
            accessor="pk",
            verbose_name=mark_safe('<span class="govuk-visually-hidden">Select</span>'),  # noqa: S308
            orderable=False,
            empty_values=(),
            exclude_from_export=True,
        )
        self.label_of = label_of

    def render(self, value, record):
        return format_html(
            '<div class="govuk-checkboxes govuk-checkboxes--small app-bulk-select">'
            '<div class="govuk-checkboxes__item">'
            '<input class="govuk-checkboxes__input" id="select-{0}" name="selected" '
            'type="checkbox" value="{0}" form="{1}">'
            '<label class="govuk-label govuk-checkboxes__label" for="select-{0}">'
            '<span class="govuk-visually-hidden">Select {2}</span></label></div></div>',
            record.pk,
            BULK_FORM_ID,
            self.label_of(record),
        )


def select_columns(can_bulk: bool, label_of: Callable[[object], str]) -> dict:
    """Keyword arguments for a table: the checkbox column first, for those who may use it."""
    if not can_bulk:
        return {}
    return {"extra_columns": [("select", SelectColumn(label_of))], "sequence": ("select", "...")}
