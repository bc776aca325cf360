"""Showing a means of action as the matrix prints it: its key outputs in bold."""

import re

from django import template
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

register = template.Library()


@register.filter
def key_outputs_bold(means) -> SafeString:
    """The means' text, escaped, with each of its key outputs in <strong>, in order, once each."""
    text = means.text
    parts: list[str] = []
    position = 0
    for output in means.key_outputs.all():
        found = text.find(output.text, position)
        if found < 0:
            continue
        parts.append(escape(text[position:found]))
        parts.append(f"<strong>{escape(output.text)}</strong>")
        position = found + len(output.text)
    parts.append(escape(text[position:]))
    return mark_safe("".join(parts))  # noqa: S308 - every piece is escaped above


_SPACES = re.compile(r"\s+")
