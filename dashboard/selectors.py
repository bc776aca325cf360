"""The managers' dashboard: where a biennium stands, read with a fixed number of aggregate queries.

Every figure comes with the filters of the list behind it, so the page can link each number to the
records that make it up.
"""

from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from accounts.selectors import AnyUser, user_scope
from indicators.counts_cache import counts_cache_get, counts_cache_key, counts_cache_set
from indicators.models import Indicator, Result, Target
from indicators.selectors import indicator_counts_list, indicator_list, result_list
from indicators.selectors.framework import IndicatorCounts
from outcomes.models import Biennium, Outcome
from places.models import Place, Region
from places.selectors import region_list

FOLLOW_UP_BUCKETS = {"not started": "open", "open": "open", "overdue": "overdue", "done": "done"}
PIPELINE_STATUSES: list[str] = [
    Result.Status.DRAFT,
    Result.Status.SUBMITTED,
    Result.Status.RETURNED,
    Result.Status.VALIDATED,
]


@dataclass(frozen=True)
class DashboardFilters:
    biennium: Biennium
    outcome: Outcome | None = None
    region: Region | None = None
    indicator: Indicator | None = None

    def query(self, **extra: object) -> dict[str, object]:
        """The filters as query parameters, for links to the list behind a number."""
        params: dict[str, object] = {"biennium": self.biennium.label}
        if self.outcome is not None:
            params["outcome"] = self.outcome.number
        if self.region is not None:
            params["region"] = self.region.code
        params.update({key: value for key, value in extra.items() if value not in (None, "")})
        return params


def _scoped_results(*, user: AnyUser, filters: DashboardFilters, status: str | None = None) -> QuerySet[Result]:
    return result_list(
        user=user,
        biennium=filters.biennium,
        outcome_id=filters.outcome.pk if filters.outcome else None,
        region=filters.region,
        status=status,
    )


def dashboard_indicators(*, filters: DashboardFilters) -> list[dict]:
    """Each indicator's counts (for the region when one is chosen) with the target status of the whole."""
    framework_indicators = indicator_list(biennium=filters.biennium)
    if filters.outcome is not None:
        framework_indicators = framework_indicators.filter(outcome=filters.outcome)
    indicators = list(framework_indicators)
    by_code = {indicator.code: indicator for indicator in indicators}
    chosen = Indicator.objects.filter(pk__in=[indicator.pk for indicator in indicators])
    counts = indicator_counts_list(biennium=filters.biennium, indicators=chosen)
    regional: dict[str, IndicatorCounts] = {}
    if filters.region is not None:
        regional = {
            item["indicator"]: item
            for item in indicator_counts_list(biennium=filters.biennium, indicators=chosen, region=filters.region)
        }
    return [
        {"indicator": by_code[item["indicator"]], "whole": item, "shown": regional.get(item["indicator"], item)}
        for item in counts
    ]


def dashboard_places_reached(*, filters: DashboardFilters) -> dict:
    validated = Result.objects.filter(biennium=filters.biennium, status=Result.Status.VALIDATED)
    if filters.outcome is not None:
        validated = validated.filter(indicator__outcome=filters.outcome)
    if filters.region is not None:
        validated = validated.filter(place__region=filters.region)
    return validated.aggregate(
        places=Count("place", distinct=True),
        member_states=Count("place", distinct=True, filter=Q(place__kind=Place.Kind.MEMBER_STATE)),
        territories=Count("place", distinct=True, filter=Q(place__kind=Place.Kind.TERRITORY)),
    )


def dashboard_pipeline(*, user: AnyUser, filters: DashboardFilters, regions: list[Region]) -> dict:
    """Results by region and status, as far as the user may see them."""
    grid = {region.name: dict.fromkeys(PIPELINE_STATUSES, 0) for region in regions}
    rows = (
        _scoped_results(user=user, filters=filters)
        .order_by()
        .values("place__region__name", "status")
        .annotate(n=Count("id"))
    )
    for row in rows:
        grid[row["place__region__name"]][row["status"]] = row["n"]
    totals = {status: sum(cells[status] for cells in grid.values()) for status in PIPELINE_STATUSES}
    return {"grid": grid, "totals": totals}


def dashboard_map(*, filters: DashboardFilters) -> list[dict]:
    """Places with validated results for the chosen indicator (or outcome, or whole biennium)."""
    validated = Result.objects.filter(biennium=filters.biennium, status=Result.Status.VALIDATED)
    if filters.indicator is not None:
        validated = validated.filter(indicator=filters.indicator)
    elif filters.outcome is not None:
        validated = validated.filter(indicator__outcome=filters.outcome)
    if filters.region is not None:
        validated = validated.filter(place__region=filters.region)
    rows = (
        validated.order_by()
        .values("place_id", "place__name", "place__iso3", "place__iso_numeric", "place__kind", "place__region__name")
        .annotate(results=Count("id"))
        .order_by("place__name")
    )
    return [
        {
            "id": row["place_id"],
            "name": row["place__name"],
            "iso3": row["place__iso3"],
            "numeric": row["place__iso_numeric"],
            "territory": row["place__kind"] == Place.Kind.TERRITORY,
            "region": row["place__region__name"],
            "results": row["results"],
        }
        for row in rows
    ]


def dashboard_trends(*, filters: DashboardFilters, indicators: list[Indicator]) -> list[dict]:
    """For indicators that continue earlier ones, the validated result and target in each biennium.

    Three queries: the lineage links of every indicator, the validated results grouped by indicator and
    biennium, and the targets of the lineage.
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
    validated = Result.objects.filter(indicator_id__in=members, status=Result.Status.VALIDATED)
    if filters.region is not None:
        validated = validated.filter(place__region=filters.region)
    results: dict[int, dict[int, int]] = defaultdict(dict)
    labels: dict[int, str] = {}
    for row in (
        validated.order_by()
        .values("indicator_id", "biennium_id", "biennium__start_year", "biennium__end_year")
        .annotate(n=Count("id"))
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
    trends = []
    for indicator in indicators:
        if indicator.pk not in lineages:
            continue
        points = []
        for year in sorted(labels):
            if year > filters.biennium.start_year:
                continue
            value = next((results[pk][year] for pk in lineages[indicator.pk] if year in results[pk]), None)
            target = next((targets[pk][year] for pk in lineages[indicator.pk] if year in targets[pk]), None)
            if value is not None or target is not None:
                points.append({"biennium": labels[year], "result": value or 0, "target": target})
        trends.append({"indicator": indicator, "points": points})
    return trends


def dashboard_follow_up(*, outcomes: list[Outcome]) -> list[dict]:
    """Follow-up status of evaluation recommendations linked to each outcome."""
    from evaluations.selectors import recommendation_annex

    annex = recommendation_annex(outcome_ids=[outcome.pk for outcome in outcomes])
    rows = []
    for outcome in outcomes:
        tally = {"open": 0, "overdue": 0, "done": 0}
        for recommendation in annex.get(outcome.pk, []):
            # A recommendation whose actions are not yet planned is still open.
            tally[FOLLOW_UP_BUCKETS[recommendation["follow_up"]]] += 1
        rows.append({"outcome": outcome, **tally, "total": sum(tally.values())})
    return rows


def _dashboard_results(*, user: AnyUser, filters: DashboardFilters) -> dict:
    regions = list(region_list())
    indicator_rows = dashboard_indicators(filters=filters)
    groups: dict[int, dict] = {}
    for row in indicator_rows:
        outcome = row["indicator"].outcome
        groups.setdefault(outcome.pk, {"outcome": outcome, "rows": []})["rows"].append(row)
    scope = user_scope(user=user)
    return {
        "filters": filters,
        "regions": regions,
        "computed_at": timezone.now(),
        "sees_unvalidated": scope.sees_unvalidated,
        "tiles": {
            "target_met": sum(1 for row in indicator_rows if row["whole"]["target_met"] is True),
            "target_not_met": sum(1 for row in indicator_rows if row["whole"]["target_met"] is False),
            "places": dashboard_places_reached(filters=filters),
            "awaiting_validation": _scoped_results(user=user, filters=filters, status=Result.Status.SUBMITTED).count()
            if scope.sees_unvalidated
            else None,
        },
        "indicators": indicator_rows,
        "outcome_groups": list(groups.values()),
        "outcomes": [group["outcome"] for group in groups.values()],
        "pipeline": dashboard_pipeline(user=user, filters=filters, regions=regions),
        "map": dashboard_map(filters=filters),
        "trends": dashboard_trends(filters=filters, indicators=[row["indicator"] for row in indicator_rows]),
    }


def dashboard_get(*, user: AnyUser, filters: DashboardFilters) -> dict:
    """Everything the dashboard shows, in a number of queries that does not grow with the data.

    The figures derived from results are cached per filters and scope until any result, target or
    indicator changes (the counts cache's data version); the follow-up of recommendations, which
    moves with the calendar and with evaluation edits, is read fresh (one query).
    """
    scope = user_scope(user=user)
    key = counts_cache_key(
        "dashboard",
        filters.biennium.pk,
        filters.outcome and filters.outcome.pk,
        filters.region and filters.region.pk,
        filters.indicator and filters.indicator.pk,
        scope.role,
        sorted(scope.region_ids) if scope.region_ids is not None else None,
        sorted(scope.outcome_ids) if scope.outcome_ids is not None else None,
    )
    data = counts_cache_get(key)
    if data is None:
        data = _dashboard_results(user=user, filters=filters)
        counts_cache_set(key, data)
    follow_up = dashboard_follow_up(outcomes=data["outcomes"])
    tiles = {**data["tiles"], "overdue_recommendations": sum(row["overdue"] for row in follow_up)}
    return {**data, "tiles": tiles, "follow_up": follow_up}
