"""Indicators against their targets, and across the biennia of the indicators they continue."""

from collections import defaultdict
from typing import TypedDict

from django.db.models import Sum

from dashboard.filters import DashboardFilters
from indicators.models import Indicator, Result, ResultTally, Target
from indicators.selectors import indicator_counts_list, indicator_list
from indicators.selectors.counts import IndicatorCounts


class IndicatorFigures(TypedDict):
    """An indicator with its counts for the whole programme and as shown (in the chosen region, if any)."""

    indicator: Indicator
    whole: IndicatorCounts
    shown: IndicatorCounts


class TrendPoint(TypedDict):
    biennium: str
    result: int
    target: int | None


class Trend(TypedDict):
    """An indicator that continues earlier ones, with its lineage's result and target in each biennium."""

    indicator: Indicator
    points: list[TrendPoint]


def dashboard_indicator_list(*, filters: DashboardFilters) -> list[Indicator]:
    """The indicators the dashboard shows: the biennium's framework, or the chosen outcome's, in order."""
    indicators = indicator_list(biennium=filters.biennium)
    if filters.outcome is not None:
        indicators = indicators.filter(outcome=filters.outcome)
    return list(indicators)


def dashboard_indicators(*, filters: DashboardFilters) -> list[IndicatorFigures]:
    """Each indicator's counts (for the region when one is chosen) with the target status of the whole."""
    indicators = dashboard_indicator_list(filters=filters)
    by_code = {indicator.code: indicator for indicator in indicators}
    chosen = Indicator.objects.filter(pk__in=[indicator.pk for indicator in indicators])
    counts = indicator_counts_list(biennium=filters.biennium, indicators=chosen, as_of=filters.as_of)
    regional: dict[str, IndicatorCounts] = {}
    if filters.region is not None:
        regional = {
            item["indicator"]: item
            for item in indicator_counts_list(
                biennium=filters.biennium, indicators=chosen, region=filters.region, as_of=filters.as_of
            )
        }
    return [
        IndicatorFigures(indicator=by_code[item["indicator"]], whole=item, shown=regional.get(item["indicator"], item))
        for item in counts
    ]


def dashboard_trends(*, filters: DashboardFilters, indicators: list[Indicator]) -> list[Trend]:
    """For indicators that continue earlier ones, the validated result and target in each biennium.

    Three queries: the lineage links of every indicator, the validated results' tallies summed by indicator
    and biennium, and the targets of the lineage.
    """
    links = dict(Indicator.objects.values_list("pk", "predecessor_id"))
    lineages: dict[int, list[int]] = {}
    for indicator in indicators:
        chain: list[int] = []
        current: int | None = indicator.pk
        while current is not None and current not in chain:
            chain.append(current)
            current = links.get(current)
        if len(chain) > 1:
            lineages[indicator.pk] = chain
    if not lineages:
        return []
    members = {pk for chain in lineages.values() for pk in chain}
    validated = ResultTally.objects.filter(indicator_id__in=members, status=Result.Status.VALIDATED)
    if filters.region is not None:
        validated = validated.filter(place__region=filters.region)
    results: dict[int, dict[int, int]] = defaultdict(dict)
    labels: dict[int, str] = {}
    for row in (
        validated.order_by()
        .values("indicator_id", "biennium_id", "biennium__start_year", "biennium__end_year")
        .annotate(n=Sum("results"))
    ):
        results[row["indicator_id"]][row["biennium__start_year"]] = row["n"]
        labels[row["biennium__start_year"]] = f"{row['biennium__start_year']}-{row['biennium__end_year'] % 100:02d}"
    targets: dict[int, dict[int, int]] = defaultdict(dict)
    for target_row in Target.objects.filter(indicator_id__in=members).values(
        "indicator_id", "value", "biennium__start_year", "biennium__end_year"
    ):
        targets[target_row["indicator_id"]][target_row["biennium__start_year"]] = target_row["value"]
        labels[target_row["biennium__start_year"]] = (
            f"{target_row['biennium__start_year']}-{target_row['biennium__end_year'] % 100:02d}"
        )
    trends: list[Trend] = []
    for indicator in indicators:
        if indicator.pk not in lineages:
            continue
        points: list[TrendPoint] = []
        for year in sorted(labels):
            if year > filters.biennium.start_year:
                continue
            value = next((results[pk][year] for pk in lineages[indicator.pk] if year in results[pk]), None)
            target = next((targets[pk][year] for pk in lineages[indicator.pk] if year in targets[pk]), None)
            if value is not None or target is not None:
                points.append(TrendPoint(biennium=labels[year], result=value or 0, target=target))
        trends.append(Trend(indicator=indicator, points=points))
    return trends
