"""An action's own reference in templates: ``{{ action|action_reference }}`` (SG-2024-01.3)."""

from django import template

from tracker import references

register = template.Library()


@register.filter
def action_reference(action) -> str:
    """For an action read with its ``position`` (``tracker.references.with_position``)."""
    return references.action_reference(action)
