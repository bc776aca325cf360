"""The indicator tables as the implementation report prints them (the home page and the reports read them):
per outcome, each indicator's counts and, per region, the places with validated results."""

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Generic, TypeVar

from django.db.models import Exists, OuterRef

from indicators.models import Indicator, Result, ResultTally
from indicators.selectors.counts import IndicatorCounts, indicator_counts_list, results_validated
from indicators.selectors.indicators import indicator_list
from outcomes.models import Biennium, Outcome
from outcomes.selectors import outcome_list
from places.models import Place
from rbm.replica import replica_read
from rbm.translation import localized_fields, translated_term


@dataclass(frozen=True)
class PlaceEntry:
    """A place (or named entity) listed under an indicator, as the home page shows it: its name only."""

    display_name: str
    is_territory: bool


# What a row lists per region: the results themselves (the reports) or only the places' names (the home page).
Listed = TypeVar("Listed", Result, PlaceEntry)


@dataclass
class IndicatorTableRow(Generic[Listed]):
    indicator: Indicator
    counts: IndicatorCounts
    places_by_region: dict[str, list[Listed]]


@dataclass
class OutcomeTable(Generic[Listed]):
    outcome: Outcome
    rows: list[IndicatorTableRow[Listed]] = field(default_factory=list)

    @property
    def discrepancies(self) -> list[tuple[str, str]]:
        """Each indicator's code with a sentence where its derived figure differs from the published one: shown
        beside the table, never inside it."""
        return [(row.indicator.code, str(sentence)) for row in self.rows for sentence in row.counts["discrepancies"]]

    @property
    def notes(self) -> list[tuple[str, str]]:
        """Each indicator's code with the plain words beside its published figure (entities published but not
        named in the source): shown beside the table too."""
        return [(row.indicator.code, str(note)) for row in self.rows for note in row.counts["notes"]]


def indicator_table(
    *, biennium: Biennium, outcome: Outcome | None = None, as_of: datetime | None = None
) -> list[OutcomeTable[Result]]:
    """The biennium's indicator tables, one per outcome, in the layout of the implementation report, now or as
    of a moment (from the results' kept history).

    Each row carries its counts and, per region, the validated results in alphabetical order of the
    place name as printed. A fixed number of queries, whatever the size of the framework.
    """
    indicators, counts = _indicators_and_counts(biennium=biennium, outcome=outcome, as_of=as_of)
    results = (
        results_validated(biennium=biennium, as_of=as_of)
        .filter(indicator__in=indicators)
        .select_related("place__region", "programme_outcome")
        .only(
            "indicator_id",
            "entity_name",
            "reported_name",
            "description",
            "criteria_met",
            *localized_fields("place__name", "place__region__name", "programme_outcome__title"),
            "place__kind",
            "programme_outcome__code",
        )
    )
    listed: dict[int, dict[str, list[Result]]] = defaultdict(lambda: defaultdict(list))
    for record in results:
        # A history record has a result's fields but not its methods: shown as the result it was.
        result = (
            record
            if isinstance(record, Result)
            else Result(
                indicator_id=record.indicator_id,
                entity_name=record.entity_name,
                reported_name=record.reported_name,
                description=record.description,
                criteria_met=record.criteria_met,
                place=record.place,
                programme_outcome=record.programme_outcome,
            )
        )
        listed[result.indicator_id][result.place.region.name].append(result)

    return _tables(biennium=biennium, outcome=outcome, indicators=indicators, counts=counts, listed=listed)


@replica_read
def indicator_places_table(*, biennium: Biennium) -> list[OutcomeTable[PlaceEntry]]:
    """The biennium's indicator tables as the home page shows them: as indicator_table, but each region's
    places only as names, in the same order.

    Read from the results' tallies (one per indicator and place), so the page grows with the framework and
    the places, not with the results: a place with one result shows it as the report does (its entity's
    name, else the place's); a place with several entities shows once, with their number ("Brazil (12)"),
    and the indicator page lists them. The entities' names are read for the places with one entity only.
    """
    indicators, counts = _indicators_and_counts(biennium=biennium, outcome=None, as_of=None)
    tallies = ResultTally.objects.filter(biennium=biennium, status=Result.Status.VALIDATED, indicator__in=indicators)
    rows = tallies.order_by().values("indicator_id", "place_id", "results")
    entity_indicators = [indicator.pk for indicator in indicators if not indicator.counts_places]
    # A semi-join the planner may run from either side: from the few single-entity tallies when places hold
    # many entities, from the results when most hold one.
    alone = ResultTally.objects.filter(
        biennium=biennium,
        status=Result.Status.VALIDATED,
        indicator_id__in=entity_indicators,
        results=1,
        indicator_id=OuterRef("indicator_id"),
        place_id=OuterRef("place_id"),
    )
    names = {
        (indicator_id, place_id): name
        for indicator_id, place_id, name in results_validated(biennium=biennium, as_of=None)
        .filter(indicator_id__in=entity_indicators)
        .filter(Exists(alone))
        .order_by()
        .values_list("indicator_id", "place_id", "entity_name")
    }
    # Each place's name, region and kind, in the active language, once: not once per indicator it is listed in.
    places = {
        place["pk"]: (
            translated_term(place, "name"),
            translated_term(place, "region__name"),
            place["kind"] == Place.Kind.TERRITORY,
        )
        for place in Place.objects.values("pk", "kind", *localized_fields("name", "region__name"))
    }
    listed: dict[int, dict[str, list[PlaceEntry]]] = defaultdict(lambda: defaultdict(list))
    for row in rows:
        place_name, region_name, is_territory = places[row["place_id"]]
        entry = PlaceEntry(
            display_name=(names.get((row["indicator_id"], row["place_id"])) or place_name)
            if row["results"] == 1
            else f"{place_name} ({row['results']})",
            is_territory=is_territory,
        )
        listed[row["indicator_id"]][region_name].append(entry)
    return _tables(biennium=biennium, outcome=None, indicators=indicators, counts=counts, listed=listed)


def _indicators_and_counts(
    *, biennium: Biennium, outcome: Outcome | None, as_of: datetime | None
) -> tuple[list[Indicator], dict[str, IndicatorCounts]]:
    indicators = list(indicator_list(biennium=biennium).filter(**({"outcome": outcome} if outcome else {})))
    counts = {
        item["indicator"]: item
        for item in indicator_counts_list(
            biennium=biennium, indicators=Indicator.objects.filter(pk__in=[i.pk for i in indicators]), as_of=as_of
        )
    }
    return indicators, counts


def _tables(
    *,
    biennium: Biennium,
    outcome: Outcome | None,
    indicators: list[Indicator],
    counts: dict[str, IndicatorCounts],
    listed: Mapping[int, Mapping[str, list[Listed]]],
) -> list[OutcomeTable[Listed]]:
    tables: dict[int, OutcomeTable[Listed]] = {}
    for indicator in indicators:
        table = tables.setdefault(indicator.outcome_id, OutcomeTable(outcome=indicator.outcome))
        counts_item = counts[indicator.code]
        places_by_region = {
            name: sorted(listed[indicator.id][name], key=lambda result: result.display_name.casefold())
            for name in counts_item["by_region"]
        }
        table.rows.append(IndicatorTableRow(indicator=indicator, counts=counts_item, places_by_region=places_by_region))
    if outcome is None:
        for extra in outcome_list(biennium=biennium).exclude(pk__in=tables):
            tables[extra.pk] = OutcomeTable(outcome=extra)
    return sorted(tables.values(), key=lambda table: (table.outcome.position, table.outcome.number))
