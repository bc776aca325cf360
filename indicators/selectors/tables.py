"""The indicator tables as the implementation report prints them (the home page and the reports read them):
per outcome, each indicator's counts and, per region, the places with validated results."""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime

from indicators.models import Indicator, Result
from indicators.selectors.counts import IndicatorCounts, indicator_counts_list, results_validated
from indicators.selectors.indicators import indicator_list
from outcomes.models import Biennium, Outcome
from outcomes.selectors import outcome_list
from rbm.translation import localized_fields


@dataclass
class IndicatorTableRow:
    indicator: Indicator
    counts: IndicatorCounts
    places_by_region: dict[str, list[Result]]


@dataclass
class OutcomeTable:
    outcome: Outcome
    rows: list[IndicatorTableRow] = field(default_factory=list)

    @property
    def discrepancies(self) -> list[tuple[str, str]]:
        """Each indicator's code with a sentence where its derived figure differs from the published one: shown
        beside the table, never inside it."""
        return [(row.indicator.code, str(sentence)) for row in self.rows for sentence in row.counts["discrepancies"]]


def indicator_table(
    *, biennium: Biennium, outcome: Outcome | None = None, as_of: datetime | None = None
) -> list[OutcomeTable]:
    """The biennium's indicator tables, one per outcome, in the layout of the implementation report, now or as
    of a moment (from the results' kept history).

    Each row carries its counts and, per region, the validated results in alphabetical order of the
    place name as printed. A fixed number of queries, whatever the size of the framework.
    """
    indicators = list(indicator_list(biennium=biennium).filter(**({"outcome": outcome} if outcome else {})))
    counts = {
        item["indicator"]: item
        for item in indicator_counts_list(
            biennium=biennium, indicators=Indicator.objects.filter(pk__in=[i.pk for i in indicators]), as_of=as_of
        )
    }
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

    tables: dict[int, OutcomeTable] = {}
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
