"""The places validated results reach: their count, and the map and list of them."""

from typing import TypedDict

from django.db.models import Count, Q

from dashboard.filters import DashboardFilters
from indicators.selectors.counts import results_validated
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
    """How many distinct places validated results reach (one aggregate query)."""
    validated = results_validated(biennium=filters.biennium, as_of=filters.as_of)
    if filters.outcome is not None:
        validated = validated.filter(indicator__outcome=filters.outcome)
    if filters.region is not None:
        validated = validated.filter(place__region=filters.region)
    counts = validated.aggregate(
        places=Count("place", distinct=True),
        member_states=Count("place", distinct=True, filter=Q(place__kind=Place.Kind.MEMBER_STATE)),
        territories=Count("place", distinct=True, filter=Q(place__kind=Place.Kind.TERRITORY)),
    )
    return PlacesReached(
        places=counts["places"], member_states=counts["member_states"], territories=counts["territories"]
    )


def dashboard_map(*, filters: DashboardFilters) -> list[MapPlace]:
    """Places with validated results for the chosen indicator (or outcome, or whole biennium)."""
    validated = results_validated(biennium=filters.biennium, as_of=filters.as_of)
    if filters.indicator is not None:
        validated = validated.filter(indicator=filters.indicator)
    elif filters.outcome is not None:
        validated = validated.filter(indicator__outcome=filters.outcome)
    if filters.region is not None:
        validated = validated.filter(place__region=filters.region)
    rows = (
        validated.order_by()
        .values(
            "place_id",
            *localized_fields("place__name", "place__region__name"),
            "place__iso3",
            "place__iso_numeric",
            "place__kind",
        )
        .annotate(results=Count("id"))
    )
    # Names in the active language (else English), sorted in it.
    named = sorted(rows, key=lambda row: normalize_name(translated_term(row, "place__name")))
    return [
        MapPlace(
            id=row["place_id"],
            name=translated_term(row, "place__name"),
            iso3=row["place__iso3"],
            numeric=row["place__iso_numeric"],
            territory=row["place__kind"] == Place.Kind.TERRITORY,
            region=translated_term(row, "place__region__name"),
            results=row["results"],
        )
        for row in named
    ]
