"""What the Django admin needs beyond its defaults to be usable with a screen reader."""

from __future__ import annotations

from django.contrib import admin
from django.forms.models import BaseInlineFormSet
from django.utils.text import capfirst


class LabelledInlineFormSet(BaseInlineFormSet):
    """Names each input of a tabular inline: Django writes the field's name only in the
    column header, which labels no input (axe: label). The row number tells rows apart."""

    def add_fields(self, form, index):
        super().add_fields(form, index)
        row = f"row {index + 1}" if index is not None else "new row"
        for name, field in form.fields.items():
            if not field.widget.is_hidden:
                label = "Delete" if name == "DELETE" else capfirst(field.label or name)
                field.widget.attrs["aria-label"] = f"{label}, {row}"


class LabelledTabularInline(admin.TabularInline):
    formset = LabelledInlineFormSet
