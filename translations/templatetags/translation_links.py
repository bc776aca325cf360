"""`{% translation_link record %}`: on an editor's page, the link to translate the record's texts (the English
beside each language), for the users who translate and the records that have translatable texts."""

from django import template
from django.utils.html import format_html
from django.utils.translation import gettext as _

from translations.selectors import edit_url, translatable_labels

register = template.Library()


@register.simple_tag(takes_context=True)
def translation_link(context, record) -> str:
    scope = context.get("user_scope")
    if record is None or getattr(record, "pk", None) is None or scope is None or not scope.can_validate:
        return ""
    if record._meta.label_lower not in translatable_labels():
        return ""
    return format_html(
        '<p class="translation-link"><a href="{}">{}</a></p>',
        edit_url(record),
        _("Translations: French and Spanish, beside the English"),
    )
