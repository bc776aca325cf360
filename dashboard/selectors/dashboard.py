"""The managers' dashboard: where a biennium stands, read with a fixed number of aggregate queries.

Every figure comes with the filters of the list behind it, so the page can link each number to the
records that make it up.
"""

from django.utils import timezone

from accounts.selectors import AnyUser, user_scope
from dashboard.filters import DashboardFilters
from dashboard.selectors.follow_up import dashboard_follow_up
from dashboard.selectors.indicators import dashboard_indicators, dashboard_trends
from dashboard.selectors.places import dashboard_map, dashboard_places_reached
from dashboard.selectors.results import dashboard_pipeline, dashboard_result_list
from indicators.counts_cache import counts_cache_get, counts_cache_key, counts_cache_set
from indicators.models import Result
from places.selectors import region_list


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
            "awaiting_validation": dashboard_result_list(
                user=user, filters=filters, status=Result.Status.SUBMITTED
            ).count()
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
