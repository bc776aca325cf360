"""Reading places and resolving the many ways documents spell them. Every caller resolves names here."""

import re
from dataclasses import dataclass

from django.db.models import QuerySet

from places.models import Place, PlaceAlias, Region
from places.normalize import normalize_name

_WORD = re.compile(r"\S+")
# Words that join names in running lists ("Ghana and Togo") rather than belong to one.
_CONNECTIVES = {"and", ""}


@dataclass(frozen=True)
class PlaceIndex:
    """Every alias of every place, folded for matching; built with one query."""

    by_name: dict[str, Place]
    prefixes: frozenset[str]

    def resolve(self, name: str) -> Place | None:
        return self.by_name.get(normalize_name(name))


@dataclass(frozen=True)
class PlaceMention:
    """A stretch of text naming a place; `place` is None where no alias matched."""

    text: str
    start: int
    end: int
    place: Place | None


def place_list() -> QuerySet[Place]:
    return Place.objects.select_related("region").order_by("name")


def region_list() -> QuerySet[Region]:
    return Region.objects.order_by("position")


def place_index() -> PlaceIndex:
    aliases = PlaceAlias.objects.select_related("place__region").only(
        "normalized",
        "place__name",
        "place__kind",
        "place__iso3",
        "place__iso2",
        "place__region__name",
        "place__region__short_name",
        "place__region__code",
        "place__region__position",
    )
    by_name = {alias.normalized: alias.place for alias in aliases}
    prefixes: set[str] = set()
    for name in by_name:
        words = name.split()
        prefixes.update(" ".join(words[:length]) for length in range(1, len(words) + 1))
    return PlaceIndex(by_name=by_name, prefixes=frozenset(prefixes))


def place_resolve(*, name: str, index: PlaceIndex | None = None) -> Place | None:
    """Return the place a name refers to, by any known spelling or ISO code, or None."""
    index = index or place_index()
    place = index.resolve(name)
    if place is None and len(name.strip()) in (2, 3) and name.strip().isalpha():
        code = name.strip().upper()
        place = Place.objects.select_related("region").filter(iso3=code).first() or (
            Place.objects.select_related("region").filter(iso2=code).first() if len(code) == 2 else None
        )
    return place


def place_mentions(*, text: str, index: PlaceIndex) -> list[PlaceMention]:
    """Split a run of place names separated by spaces (and stray commas) into the places it names.

    Names hold spaces and commas themselves ("Congo, Democratic Republic of the"), so the longest
    run of words that is a known alias wins at each position. Words that start no known name are
    gathered into one unmatched mention, so the caller can report "New Atlantis" rather than two
    halves of it.
    """
    words = [(match.group(), match.start(), match.end()) for match in _WORD.finditer(text)]
    # Folding is word by word, so a run of words folds to its folded words joined by spaces.
    folded = [normalize_name(word) for word, _start, _end in words]
    mentions: list[PlaceMention] = []
    unmatched: list[tuple[str, int, int]] = []

    def flush_unmatched() -> None:
        if unmatched:
            start, end = unmatched[0][1], unmatched[-1][2]
            mentions.append(PlaceMention(text=text[start:end], start=start, end=end, place=None))
            unmatched.clear()

    position = 0
    while position < len(words):
        place, last, key = None, position, ""
        for end in range(position, len(words)):
            if folded[end]:
                key = f"{key} {folded[end]}" if key else folded[end]
            if key not in index.prefixes:
                break
            if key in index.by_name:
                place, last = index.by_name[key], end
        if place is None:
            if folded[position] in _CONNECTIVES:
                flush_unmatched()
            else:
                unmatched.append(words[position])
            position += 1
            continue
        flush_unmatched()
        start, end = words[position][1], words[last][2]
        mentions.append(PlaceMention(text=text[start:end].rstrip(",;"), start=start, end=end, place=place))
        position = last + 1
    flush_unmatched()
    return mentions


def region_resolve(*, name: str, regions: list[Region] | None = None) -> Region | None:
    """Return the region a heading names ("Asia-Pacific", "Asia and the Pacific", "asia-pacific")."""
    wanted = normalize_name(name)
    for region in regions if regions is not None else region_list():
        if wanted in {normalize_name(region.name), normalize_name(region.short_name), normalize_name(region.code)}:
            return region
    return None


def place_directory(*, region: Region | None = None, kind: str | None = None) -> QuerySet[Place]:
    """Places with their region and every known spelling of their name: two queries."""
    places = place_list().prefetch_related("aliases")
    if region is not None:
        places = places.filter(region=region)
    if kind:
        places = places.filter(kind=kind)
    return places
