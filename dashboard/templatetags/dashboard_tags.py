from urllib.parse import urlencode

from django import template
from django.urls import reverse

register = template.Library()


@register.simple_tag
def query(filters, **extra) -> str:
    """The dashboard's filters plus `extra`, as a query string (empty values left out)."""
    return urlencode(filters.query(**extra))


@register.filter
def get(mapping, key):
    return mapping.get(key, "") if mapping else ""


@register.filter
def split(text: str, separator: str) -> list[str]:
    return text.split(separator)


# The follow-up tracker lists actions; a recommendation's state maps to the state of its actions.
TRACKER_STATUS = {"open": "open", "overdue": "overdue", "done": "completed"}


@register.simple_tag
def follow_up_url(outcome=None, follow_up_status: str = "") -> str:
    """The evaluation follow-up tracker's actions, filtered to an outcome and a follow-up state."""
    params = {}
    if outcome is not None:
        params["outcome"] = outcome.pk
    if follow_up_status:
        params["status"] = TRACKER_STATUS[follow_up_status]
    return (
        f"{reverse('evaluations:follow-up-tracker')}?{urlencode(params)}"
        if params
        else reverse("evaluations:follow-up-tracker")
    )
