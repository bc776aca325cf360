"""Reading places and resolving the many ways documents spell them. Every caller resolves names here."""

import re
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils.functional import Promise
from rapidfuzz import fuzz, process, utils

from places.models import Place, PlaceAlias, Region
from places.normalize import normalize_name
from places.rules import PLACE_DID_YOU_MEAN, PLACE_UNKNOWN, REGION_UNKNOWN
from rbm.replica import replica_read
from rbm.translation import localized_fields

_WORD = re.compile(r"\S+")
# What lossy encodings leave for a letter they could not carry: the replacement character, a question mark,
# or the two characters UTF-8 bytes read as Latin-1 give (Ã© for é).
_LOSSY = re.compile(r"\ufffd|\?|Ã.|Â")
_ARTICLES = ("the ", "la ", "le ", "les ", "el ", "los ", "las ", "l ")
_INVERSION = re.compile(r"^(?P<name>[^,]+),\s*(?P<head>[^,]+)$")
_BRACKETED = re.compile(r"^(?P<name>[^()]+)\((?P<head>[^()]+)\)$")
# A run of single letters is an initialism printed with dots or spaces: "U.K.", "U S A".
_INITIALS = re.compile(r"(?<!\S)[a-z](?: [a-z])+(?!\S)")
# Words an abbreviated name may leave out between the words it keeps ("Dem. Rep. Congo").
_FILLER = r"(?: (?:of|the))*"
# Abbreviations that are not the first letters of the word they stand for.
_CONTRACTIONS = {"st": "saint", "ste": "sainte", "mt": "mount"}
# Below this score a known name is too far from the spelling to offer, and a name this far behind the closest one
# is noise ("Slovak Republic" beside "Republic of Moldova" for "Moldova Republic").
SUGGESTION_CUTOFF = 75
SUGGESTION_MARGIN = 8
# Words that join names in running lists ("Ghana and Togo") rather than belong to one.
_CONNECTIVES = {"and", ""}


@dataclass(frozen=True)
class PlaceIndex:
    """Every alias of every place, folded for matching; built with one query."""

    by_name: dict[str, Place]
    prefixes: frozenset[str]

    def resolve(self, name: str) -> Place | None:
        """The place a spelling names: as recorded, else with a leading article dropped, a "Name, Republic of"
        inversion turned round, or letters a lossy encoding replaced ("C?te d'Ivoire") read as any letter
        where exactly one known name fits."""
        normalized = normalize_name(name)
        place = self.by_name.get(normalized)
        if place is not None or not normalized:
            return place
        for variant in _variants(name):
            place = self.by_name.get(variant)
            if place is not None:
                return place
        return self._abbreviated(name) or self._lossy(name)

    def _abbreviated(self, name: str) -> Place | None:
        """Words cut short with a full stop ("Bosnia & Herz.", "Congo, Dem. Rep.") read as any word they
        begin, where exactly one known name fits."""
        if "." not in name or len(name) > 200:
            return None
        found: dict[int, Place] = {}
        for reading in _readings(name):
            parts = []
            for token in reading.split():
                words = normalize_name(token).split()
                if not words:
                    continue
                cut = token.rstrip(",;").endswith(".")
                for position, word in enumerate(words):
                    pattern = re.escape(word)
                    if word in _CONTRACTIONS:
                        pattern = f"(?:{pattern}|{_CONTRACTIONS[word]})"
                    if cut and position == len(words) - 1:
                        pattern += "[a-z]*"
                    parts.append(pattern)
            if not parts:
                continue
            regex = re.compile("^" + (_FILLER + " ").join(parts) + "$")
            found |= {place.pk: place for alias, place in self.by_name.items() if regex.match(alias)}
        return next(iter(found.values())) if len(found) == 1 else None

    def _lossy(self, name: str) -> Place | None:
        text = name.strip()
        if not _LOSSY.search(text) or len(text) > 200:
            return None
        # Each lost character (�, ?, or a mojibake pair such as Ã©) stands for one or two letters.
        pattern = _LOSSY.sub("\x00", text)
        parts = [normalize_name(part) for part in pattern.split("\x00")]
        regex = re.compile("^" + "[a-z ]{0,2}".join(re.escape(part) for part in parts) + "$")
        found = {place.pk: place for alias, place in self.by_name.items() if regex.match(alias)}
        return next(iter(found.values())) if len(found) == 1 else None

    def suggest(self, name: str, *, limit: int = 3) -> list[str]:
        """The known names closest to an unknown spelling, best first, one per place ("did you mean …")."""
        normalized = normalize_name(name)[:200]
        if not normalized:
            return []
        matches = process.extract(
            normalized, list(self.by_name), scorer=_closeness, processor=utils.default_process, limit=limit * 4
        )
        names: list[str] = []
        for alias, score, _index in matches:
            place = self.by_name[alias]
            if score >= max(SUGGESTION_CUTOFF, matches[0][1] - SUGGESTION_MARGIN) and place.name not in names:
                names.append(place.name)
        return names[:limit]


def _closeness(spelling: str, known: str, **_options: object) -> float:
    """How near a spelling is to a known name, as a whole (a typo) or word for word in any order (an inversion).
    Partial matches are left out: they offer "Papua New Guinea" for "New Atlantis"."""
    return max(fuzz.ratio(spelling, known), fuzz.token_sort_ratio(spelling, known))


@dataclass(frozen=True)
class PlaceMention:
    """A stretch of text naming a place; `place` is None where no alias matched."""

    text: str
    start: int
    end: int
    place: Place | None


def _readings(name: str) -> list[str]:
    """A spelling as printed and turned round: "Korea, Republic of" and "Korea (Republic of)" also read as
    "Republic of Korea"."""
    readings = [name.strip()]
    for inversion in (_INVERSION, _BRACKETED):
        inverted = inversion.match(name.strip())
        if inverted:
            readings.append(f"{inverted['head'].strip()} {inverted['name'].strip()}")
    return readings


def _variants(name: str) -> list[str]:
    """Other readings of a spelling: "Korea, Republic of" as "Republic of Korea", "Gambia, The" and "The Gambia"
    as "Gambia", "U.K." as "UK"."""
    variants = []
    for reading in _readings(name):
        normalized = normalize_name(reading)
        variants.append(normalized)
        initials = _INITIALS.sub(lambda match: match.group().replace(" ", ""), normalized)
        if initials != normalized:
            variants.append(initials)
        for article in _ARTICLES:
            if normalized.startswith(article):
                variants.append(normalized[len(article) :])
            if normalized.endswith(" " + article.strip()):
                variants.append(normalized[: -len(article)].strip())
    return [variant for variant in variants if variant]


def place_suggest(*, name: str, index: PlaceIndex | None = None, limit: int = 3) -> list[str]:
    """The known places closest to an unknown name, for a "did you mean …" (rapidfuzz over every alias)."""
    return (index or place_index_build()).suggest(name, limit=limit)


def place_unknown_message(*, name: str, index: PlaceIndex | None = None, unknown: str | Promise = PLACE_UNKNOWN) -> str:
    """`unknown` (a message with %(name)s; PLACE_UNKNOWN unless an importer words it its own way) for a name no
    spelling matches, followed by the closest known names when there are any: "Did you mean “Ghana”?"."""
    message = str(unknown % {"name": name[:200]})
    names = place_suggest(name=name, index=index)
    if names:
        message += " " + str(PLACE_DID_YOU_MEAN % {"names": ", ".join(f"“{item}”" for item in names)})
    return message


def place_list() -> QuerySet[Place]:
    return Place.objects.select_related("region").order_by("name")


@replica_read
def region_list() -> QuerySet[Region]:
    return Region.objects.order_by("position")


def place_index_build() -> PlaceIndex:
    aliases = PlaceAlias.objects.select_related("place__region").only(
        "normalized",
        # The names in every language: reading one shows the active language's, else the English.
        *localized_fields("place__name", "place__region__name", "place__region__short_name"),
        "place__kind",
        "place__iso3",
        "place__iso2",
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
    index = index or place_index_build()
    place = index.resolve(name)
    if place is None and len(name.strip()) in (2, 3) and name.strip().isalpha():
        code = name.strip().upper()
        place = Place.objects.select_related("region").filter(iso3=code).first() or (
            Place.objects.select_related("region").filter(iso2=code).first() if len(code) == 2 else None
        )
    return place


def place_mention_list(*, text: str, index: PlaceIndex) -> list[PlaceMention]:
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
            # Words no alias starts may still name one place lossily or cut short ("C?te d'Ivoire", "Herz.").
            place = index.resolve(text[start:end].strip(",;"))
            mentions.append(PlaceMention(text=text[start:end].rstrip(",;"), start=start, end=end, place=place))
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


def region_get(*, name: str) -> Region:
    """The region a code or name gives; a ValidationError on `region` when there is none."""
    region = region_resolve(name=name)
    if region is None:
        raise ValidationError({"region": REGION_UNKNOWN % {"name": name}})
    return region


def region_resolve(*, name: str, regions: list[Region] | None = None) -> Region | None:
    """Return the region a heading names ("Asia-Pacific", "Asia and the Pacific", "asia-pacific")."""
    wanted = normalize_name(name)
    for region in regions if regions is not None else region_list():
        if wanted in {normalize_name(region.name), normalize_name(region.short_name), normalize_name(region.code)}:
            return region
    return None


def place_list_with_aliases(*, region: Region | None = None, kind: str | None = None) -> QuerySet[Place]:
    """Places with their region and every known spelling of their name: two queries."""
    places = place_list().prefetch_related("aliases")
    if region is not None:
        places = places.filter(region=region)
    if kind:
        places = places.filter(kind=kind)
    return places
