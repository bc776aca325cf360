"""Template helpers every app's pages use: `{% load rbm %}`."""

from django import template

register = template.Library()


@register.filter
def person(user) -> str:
    """A user's full name, else their user name; a dash for nobody (an import or the system)."""
    if user is None:
        return "—"
    return user.get_full_name() or user.get_username()
