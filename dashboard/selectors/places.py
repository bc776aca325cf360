"""The places validated results reach: their count, and the map and list of them."""

from typing import TypedDict

from django.db.models import Min

from dashboard.filters import DashboardFilters
from indicators.selectors.counts import validated_tallies
from places.models import Place
from places.normalize import normalize_name
from rbm.translation import localized_fields, translated_term


class PlacesReached(TypedDict):
    """Distinct places with validated results, and how many of them are member States and territories."""

    places: int
    member_states: int
    territories: int


class MapPlace(TypedDict):
    """A place with validated results, as the map and the list of places show it."""

    id: int
    name: str
    iso3: str
    numeric: str
    territory: bool
    region: str
    results: int


def dashboard_places_reached(*, filters: DashboardFilters) -> PlacesReached:
    """How many distinct places validated results reach (one grouped query)."""
    validated, _results = validated_tallies(biennium=filters.biennium, as_of=filters.as_of)
    if filters.outcome is not None:
        validated = validated.filter(indicator__outcome=filters.outcome)
    if filters.region is not None:
        validated = validated.filter(place__region=filters.region)
    # Grouped on the place's id alone (a hash aggregate over integers, its kind carried by MIN) and counted
    # here: distinct counts would sort every validated result of the biennium.
    kinds = list(
        validated.order_by().values("place_id").annotate(kind=Min("place__kind")).values_list("kind", flat=True)
    )
    territories = sum(1 for kind in kinds if kind == Place.Kind.TERRITORY)
    member_states = sum(1 for kind in kinds if kind == Place.Kind.MEMBER_STATE)
    return PlacesReached(places=len(kinds), member_states=member_states, territories=territories)


def dashboard_map(*, filters: DashboardFilters) -> list[MapPlace]:
    """Places with validated results for the chosen indicator (or outcome, or whole biennium)."""
    validated, results_count = validated_tallies(biennium=filters.biennium, as_of=filters.as_of)
    if filters.indicator is not None:
        validated = validated.filter(indicator=filters.indicator)
    elif filters.outcome is not None:
        validated = validated.filter(indicator__outcome=filters.outcome)
    if filters.region is not None:
        validated = validated.filter(place__region=filters.region)
    # Counted per place id first, then named: grouping on the joined names and codes would sort every
    # validated result of the biennium with them (hundreds of thousands of wide rows at scale).
    results = dict(validated.order_by().values_list("place_id").annotate(results=results_count))
    places = (
        Place.objects.filter(pk__in=list(results))
        .select_related("region")
        .only(*localized_fields("name", "region__name"), "iso3", "iso_numeric", "kind")
    )
    # Names in the active language (else English), sorted in it.
    named = sorted(places, key=lambda place: normalize_name(translated_term(place, "name")))
    return [
        MapPlace(
            id=place.pk,
            name=translated_term(place, "name"),
            iso3=place.iso3,
            numeric=place.iso_numeric,
            territory=place.kind == Place.Kind.TERRITORY,
            region=translated_term(place.region, "name"),
            results=results[place.pk],
        )
        for place in named
    ]
