"""Results by region and status, as far as the user may see them: the validation pipeline."""

from typing import TypedDict

from django.db.models import QuerySet, Sum

from accounts.selectors import AnyUser
from dashboard.filters import DashboardFilters
from indicators.models import Result, ResultTally
from indicators.selectors import result_list, result_tally_list
from places.models import Region
from rbm.replica import replica_read

PIPELINE_STATUSES: list[str] = [
    Result.Status.DRAFT,
    Result.Status.SUBMITTED,
    Result.Status.RETURNED,
    Result.Status.VALIDATED,
]


class Pipeline(TypedDict):
    """Results by region name and status, and the totals by status."""

    grid: dict[str, dict[str, int]]
    totals: dict[str, int]


def _chosen(filters: DashboardFilters) -> dict:
    """The filters the results behind a figure take: the biennium, outcome and region (not the indicator)."""
    return {
        "biennium": filters.biennium,
        "outcome_id": filters.outcome.pk if filters.outcome else None,
        "region": filters.region,
    }


@replica_read
def dashboard_result_list(*, user: AnyUser, filters: DashboardFilters, status: str | None = None) -> QuerySet[Result]:
    """The results the user may see for the biennium, outcome and region chosen (the indicator is not a filter here)."""
    return result_list(user=user, status=status, **_chosen(filters))


def dashboard_result_tally_list(
    *, user: AnyUser, filters: DashboardFilters, status: str | None = None
) -> QuerySet[ResultTally]:
    """The tallies of the results `dashboard_result_list` gives: sum their `results` to count those."""
    return result_tally_list(user=user, status=status, **_chosen(filters))


def dashboard_pipeline(*, user: AnyUser, filters: DashboardFilters, regions: list[Region]) -> Pipeline:
    """Results by region and status, as far as the user may see them (one grouped query)."""
    grid = {region.name: dict.fromkeys(PIPELINE_STATUSES, 0) for region in regions}
    names = {region.pk: region.name for region in regions}
    rows = (
        dashboard_result_tally_list(user=user, filters=filters)
        .values("place__region_id", "status")
        .annotate(n=Sum("results"))
    )
    for row in rows:
        grid[names[row["place__region_id"]]][row["status"]] = row["n"]
    totals = {status: sum(cells[status] for cells in grid.values()) for status in PIPELINE_STATUSES}
    return Pipeline(grid=grid, totals=totals)
