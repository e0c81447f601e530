"""The plan import's decision form, grouped by kind for its page."""

from django import template

register = template.Library()


@register.filter
def decision_rows(form, prefix: str):
    """(bound field, what it decides) for the form's fields whose name starts with ``prefix``."""
    return form.rows(prefix)
