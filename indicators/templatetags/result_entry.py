"""Template helpers of the result entry pages."""

from django import template

from accounts.selectors import user_scope

register = template.Library()


@register.simple_tag
def scope_of(user):
    """The user's scope (role and regions), read once per request: for navigation and buttons."""
    return user_scope(user=user)


@register.inclusion_tag("indicators/partials/status.html")
def status_badge(result):
    return {"status": result.status, "label": result.get_status_display()}


@register.filter
def person(user) -> str:
    """A user's full name, else their user name; a dash for nobody (e.g. imported results)."""
    if user is None:
        return "—"
    return user.get_full_name() or user.get_username()
