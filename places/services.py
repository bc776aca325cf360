"""Writes to the reference geography: administrators extend the spellings places are recognised by."""

from django.core.exceptions import ValidationError
from django.db import transaction

from places.models import Place, PlaceAlias
from places.normalize import normalize_name
from places.rules import ALIAS_EMPTY, ALIAS_TAKEN, ALIAS_TAKEN_HERE


def place_alias_check(*, place: Place | None, name: str) -> str:
    """The folded form a new spelling is matched on; a ValidationError on `name` when it folds to nothing or to a
    spelling some place already has (folded forms are unique, so one spelling never names two places)."""
    normalized = normalize_name(name)
    if not normalized:
        raise ValidationError({"name": ALIAS_EMPTY % {"name": name[:200]}})
    taken = PlaceAlias.objects.select_related("place").filter(normalized=normalized).first()
    if taken is not None:
        if place is not None and taken.place_id == place.pk:
            raise ValidationError({"name": ALIAS_TAKEN_HERE % {"name": name[:200], "alias": taken.name}})
        raise ValidationError({"name": ALIAS_TAKEN % {"name": name[:200], "place": taken.place, "alias": taken.name}})
    return normalized


@transaction.atomic
def place_alias_add(*, place: Place, name: str, kind: str, source: str) -> PlaceAlias:
    """Record another spelling of a place, with the kind of spelling and where it is seen; its history keeps who
    added it (simple-history reads the request's user)."""
    name, source = name.strip(), source.strip()
    normalized = place_alias_check(place=place, name=name)
    alias = PlaceAlias(place=place, name=name, normalized=normalized, kind=kind, source=source)
    alias.full_clean(validate_unique=False)
    alias.save()
    return alias
