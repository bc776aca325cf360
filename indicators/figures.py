"""Wording and reading of result figures as published: "24 member States and 1 territory"."""

import re
from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext, ngettext_lazy

_MEMBER_STATES = re.compile(r"(\d+)\s+member\s+states?\b", re.IGNORECASE)
_TERRITORIES = re.compile(r"(\d+)\s+territor(?:y|ies)\b", re.IGNORECASE)
_FIRST_NUMBER = re.compile(r"(\d[\d,]*)")

# The note beside an indicator counting entities whose published table lists places without naming them:
# "38 workers' organizations published; 36 countries listed; workers' organizations not named".
ENTITIES_PUBLISHED = ngettext_lazy("%(count)d %(unit)s published", "%(count)d %(unit)s published", "count")
ENTITIES_PLACES_LISTED = ngettext_lazy("%(count)d country listed", "%(count)d countries listed", "count")
ENTITIES_NONE_NAMED = gettext_lazy("%(unit)s not named")
ENTITIES_SOME_NAMED = ngettext_lazy(
    "%(named)d named, %(count)d not named", "%(named)d named, %(count)d not named", "count"
)
ENTITIES_NOTE = gettext_lazy("%(published)s; %(places)s; %(named)s")


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


def entity_figure_parse(text: str) -> Figure | None:
    """Read a published figure of entities (not places): its first number, whatever places it also mentions."""
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


def entities_note(*, published: int, places: int, named: int, unit: str, unit_singular: str) -> str:
    """Word the difference between an entities total as published and the places its table lists: "38 workers'
    organizations published; 36 countries listed; workers' organizations not named" or, once some are named,
    "…; 5 named, 33 not named"."""
    not_named = max(published - named, 0)
    if named:
        naming = ENTITIES_SOME_NAMED % {"named": named, "count": not_named}
    else:
        naming = ENTITIES_NONE_NAMED % {"unit": unit_singular if not_named == 1 else unit}
    return str(
        ENTITIES_NOTE
        % {
            "published": ENTITIES_PUBLISHED % {"count": published, "unit": unit_singular if published == 1 else unit},
            "places": ENTITIES_PLACES_LISTED % {"count": places},
            "named": naming,
        }
    )
