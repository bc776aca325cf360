"""Template helpers every app's pages use: `{% load rbm %}`."""

from django import template
from django.utils.html import format_html

from rbm.translation import NOT_YET_TRANSLATED, SOURCE_LANGUAGE, is_fallback

register = template.Library()


@register.filter
def person(user) -> str:
    """A user's full name, else their user name; a dash for nobody (an import or the system)."""
    if user is None:
        return "—"
    return user.get_full_name() or user.get_username()


@register.simple_tag(takes_context=True)
def untranslated(context, instance, field: str) -> str:
    """Mark, for an editor, a text shown in English because the page's language has none yet: "EN".

    Editors are the signed-in users who record or validate (`user_scope.can_record`); readers, the public
    and the documents built for them never see it.
    """
    scope = context.get("user_scope")
    if instance is None or not getattr(scope, "can_record", False) or not is_fallback(instance, field):
        return ""
    return format_html(
        '<abbr class="untranslated" title="{}" lang="{}">{}</abbr>', NOT_YET_TRANSLATED, SOURCE_LANGUAGE, "EN"
    )
