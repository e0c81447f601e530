"""Measures on existing pages: a finding's measures, and the dashboard's off-track count."""

from django import template

from tracker import permissions
from tracker.measures import selectors

register = template.Library()


@register.inclusion_tag("tracker/measures/_finding_measures.html", takes_context=True)
def finding_measures(context, finding):
    user = context["request"].user
    return {
        "finding": finding,
        "reports": selectors.finding_measures(finding=finding),
        "can_manage": permissions.can_manage(user),
    }


@register.inclusion_tag("tracker/measures/_off_track.html", takes_context=True)
def measures_off_track(context):
    user = context["request"].user
    return {
        "count": selectors.off_track_count(user=user),
        "can_import": permissions.can_manage(user),
    }
