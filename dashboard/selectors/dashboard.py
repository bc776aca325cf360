"""The managers' dashboard: where a biennium stands, read with a fixed number of aggregate queries.

Every figure comes with the filters of the list behind it, so the page can link each number to the
records that make it up. `dashboard_get` is the one cached read: the figures derived from results
live in the counts cache, under its data version, which every change of a result, target or
indicator raises.
"""

from datetime import datetime
from typing import TypedDict

from django.db.models import Sum
from django.utils import timezone

from accounts.selectors import AnyUser, Scope, user_scope
from dashboard.filters import DashboardFilters
from dashboard.selectors.follow_up import FollowUpRow, dashboard_follow_up
from dashboard.selectors.indicators import (
    IndicatorFigures,
    Trend,
    dashboard_indicator_list,
    dashboard_indicators,
    dashboard_trends,
)
from dashboard.selectors.places import MapPlace, PlacesReached, dashboard_map, dashboard_places_reached
from dashboard.selectors.results import Pipeline, dashboard_pipeline, dashboard_result_tally_list
from indicators.counts_cache import counts_cache_get, counts_cache_key, counts_cache_set
from indicators.models import Result
from outcomes.models import Outcome
from places.models import Region
from places.selectors import region_list
from rbm.replica import primary_read, replica_read


class OutcomeGroup(TypedDict):
    outcome: Outcome
    rows: list[IndicatorFigures]


class FigureTiles(TypedDict):
    """The key figures derived from results (cached with them)."""

    target_met: int
    target_not_met: int
    places: PlacesReached
    awaiting_validation: int | None  # None for users who see validated results only


class Tiles(FigureTiles):
    overdue_recommendations: int


class _DashboardFigures(TypedDict):
    filters: DashboardFilters
    regions: list[Region]
    computed_at: datetime
    sees_unvalidated: bool
    indicators: list[IndicatorFigures]
    outcome_groups: list[OutcomeGroup]
    outcomes: list[Outcome]
    pipeline: Pipeline
    map: list[MapPlace]
    trends: list[Trend]


class DashboardFigures(_DashboardFigures):
    """The figures derived from results, as cached."""

    tiles: FigureTiles


class Dashboard(_DashboardFigures):
    """Everything the dashboard shows: the cached figures and the follow-up of recommendations."""

    tiles: Tiles
    follow_up: list[FollowUpRow]
    # The figures' cache key: it changes with the data version, the language, the filters and the scope,
    # so what is rendered from the figures alone can be cached under it.
    figures_key: str


@replica_read
def dashboard_get(*, user: AnyUser, filters: DashboardFilters) -> Dashboard:
    """Everything the dashboard shows, in a number of queries that does not grow with the data.

    The figures derived from results are cached per filters and scope until any result, target or
    indicator changes (the counts cache's data version); the follow-up of recommendations, which
    moves with the calendar and with evaluation edits, is cached apart, per day (`dashboard_follow_up`).
    """
    scope = user_scope(user=user)
    key = _cache_key(scope=scope, filters=filters)
    figures: DashboardFigures | None = counts_cache_get(key)
    if figures is None:
        with primary_read():  # what is cached is read on the primary: a replica's figure may be a moment behind
            figures = _dashboard_figures(user=user, scope=scope, filters=filters)
        counts_cache_set(key, figures)
    follow_up = dashboard_follow_up(outcomes=figures["outcomes"])
    tiles = Tiles(**figures["tiles"], overdue_recommendations=sum(row["overdue"] for row in follow_up))
    dashboard: Dashboard = {**figures, "tiles": tiles, "follow_up": follow_up, "figures_key": key}
    return dashboard


class DashboardSection(TypedDict, total=False):
    """One section of the dashboard, as its CSV writes it (the regions head the indicators' and pipeline's)."""

    regions: list[Region]
    indicators: list[IndicatorFigures]
    pipeline: Pipeline
    map: list[MapPlace]
    trends: list[Trend]
    follow_up: list[FollowUpRow]


@replica_read
def dashboard_section(*, user: AnyUser, filters: DashboardFilters, section: str) -> DashboardSection:
    """One section ("indicators", "pipeline", "places", "trends" or "follow-up"): from the dashboard's cached
    figures when they are there, else computing that section alone (a CSV need not derive the other four).

    Nothing is cached here: the figures cached are the whole dashboard's, which `dashboard_get` computes.
    """
    figures: DashboardFigures | None = counts_cache_get(_cache_key(scope=user_scope(user=user), filters=filters))
    if figures is not None:
        if section == "follow-up":  # read fresh, as the dashboard reads it
            return DashboardSection(follow_up=dashboard_follow_up(outcomes=figures["outcomes"]))
        return DashboardSection(
            regions=figures["regions"],
            indicators=figures["indicators"],
            pipeline=figures["pipeline"],
            map=figures["map"],
            trends=figures["trends"],
        )
    if section == "indicators":
        return DashboardSection(regions=list(region_list()), indicators=dashboard_indicators(filters=filters))
    if section == "pipeline":
        regions = list(region_list())
        return DashboardSection(
            regions=regions, pipeline=dashboard_pipeline(user=user, filters=filters, regions=regions)
        )
    if section == "places":
        return DashboardSection(map=dashboard_map(filters=filters))
    indicators = dashboard_indicator_list(filters=filters)
    if section == "trends":
        return DashboardSection(trends=dashboard_trends(filters=filters, indicators=indicators))
    # The outcomes of the indicators shown, in their order, as the dashboard groups them.
    outcomes = list(dict.fromkeys(indicator.outcome for indicator in indicators))
    return DashboardSection(follow_up=dashboard_follow_up(outcomes=outcomes))


def _cache_key(*, scope: Scope, filters: DashboardFilters) -> str:
    """The figures differ by filters and by what the user may see: their role, regions and outcomes."""
    return counts_cache_key(
        "dashboard",
        filters.biennium.pk,
        filters.outcome and filters.outcome.pk,
        filters.region and filters.region.pk,
        filters.indicator and filters.indicator.pk,
        filters.as_of,
        scope.visibility,
    )


def _dashboard_figures(*, user: AnyUser, scope: Scope, filters: DashboardFilters) -> DashboardFigures:
    regions = list(region_list())
    indicator_rows = dashboard_indicators(filters=filters)
    groups: dict[int, OutcomeGroup] = {}
    for row in indicator_rows:
        outcome = row["indicator"].outcome
        groups.setdefault(outcome.pk, OutcomeGroup(outcome=outcome, rows=[]))["rows"].append(row)
    awaiting = None
    if scope.sees_unvalidated:
        tallies = dashboard_result_tally_list(user=user, filters=filters, status=Result.Status.SUBMITTED)
        awaiting = tallies.aggregate(results=Sum("results"))["results"] or 0
    return DashboardFigures(
        filters=filters,
        regions=regions,
        computed_at=timezone.now(),
        sees_unvalidated=scope.sees_unvalidated,
        tiles=FigureTiles(
            target_met=sum(1 for row in indicator_rows if row["whole"]["target_met"] is True),
            target_not_met=sum(1 for row in indicator_rows if row["whole"]["target_met"] is False),
            places=dashboard_places_reached(filters=filters),
            awaiting_validation=awaiting,
        ),
        indicators=indicator_rows,
        outcome_groups=list(groups.values()),
        outcomes=[group["outcome"] for group in groups.values()],
        pipeline=dashboard_pipeline(user=user, filters=filters, regions=regions),
        map=dashboard_map(filters=filters),
        trends=dashboard_trends(filters=filters, indicators=[row["indicator"] for row in indicator_rows]),
    )
