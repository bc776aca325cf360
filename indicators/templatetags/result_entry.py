"""Template helpers of the result entry pages."""

from django import template

register = template.Library()


@register.inclusion_tag("indicators/partials/status.html")
def status_badge(result):
    return {"status": result.status, "label": result.get_status_display()}
