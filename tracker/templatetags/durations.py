"""Durations as people say them."""

from django import template

register = template.Library()


@register.filter
def minutes(value) -> str:
    """A timedelta as "15 minutes", "1 hour" or "90 minutes"."""
    if value is None:
        return ""
    total = int(value.total_seconds() // 60)
    if total and total % 60 == 0:
        hours = total // 60
        return f"{hours} hour{'s' if hours != 1 else ''}"
    return f"{total} minute{'s' if total != 1 else ''}"
