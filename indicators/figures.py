"""Wording and reading of result figures as published: "24 member States and 1 territory"."""

import re
from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

_MEMBER_STATES = re.compile(r"(\d+)\s+member\s+states?\b", re.IGNORECASE)
_TERRITORIES = re.compile(r"(\d+)\s+territor(?:y|ies)\b", re.IGNORECASE)
_FIRST_NUMBER = re.compile(r"(\d[\d,]*)")


@dataclass(frozen=True)
class Figure:
    value: int
    member_states: int | None
    territories: int


def figure_parse(text: str) -> Figure | None:
    """Read a published figure; None when the text holds no number."""
    member_states = _MEMBER_STATES.search(text)
    territories = _TERRITORIES.search(text)
    if member_states:
        states = int(member_states.group(1))
        others = int(territories.group(1)) if territories else 0
        return Figure(value=states + others, member_states=states, territories=others)
    number = _FIRST_NUMBER.search(text)
    if number is None:
        return None
    return Figure(value=int(number.group(1).replace(",", "")), member_states=None, territories=0)


def count_label(
    *, total: int, member_states: int, territories: int, unit: str, unit_singular: str, counts_places: bool
) -> str:
    """Word a derived count the way reports do: "11 member States", "24 member States and 1 territory"."""
    if not counts_places:
        return f"{total} {unit_singular if total == 1 else unit}"
    label = f"{member_states} {unit_singular if member_states == 1 else unit}"
    if territories:
        label = _("%(places)s and %(territories)s") % {
            "places": label,
            "territories": ngettext("%(count)d territory", "%(count)d territories", territories)
            % {"count": territories},
        }
    return label
