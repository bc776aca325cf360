"""Reads shaped for REST clients: the framework with its targets and criteria, filtered results, freshness."""

from datetime import datetime

from django.db.models import Max, Prefetch, QuerySet

from accounts.selectors import AnyUser
from indicators.models import Indicator, MeasurementCriterion, Result, Target
from indicators.selectors.framework import indicator_list
from indicators.selectors.results import result_list
from outcomes.models import Biennium, Outcome
from places.models import Place, Region


def indicator_catalogue(*, biennium: Biennium, outcome: Outcome | None = None) -> QuerySet[Indicator]:
    """The biennium's indicators with their outcome, targets of every biennium and criteria: three queries."""
    indicators = indicator_list(biennium=biennium)
    if outcome is not None:
        indicators = indicators.filter(outcome=outcome)
    return indicators.prefetch_related(
        Prefetch("targets", queryset=Target.objects.select_related("biennium").order_by("biennium__start_year")),
        Prefetch("criteria", queryset=MeasurementCriterion.objects.order_by("number")),
    )


def result_feed(
    *,
    user: AnyUser,
    biennium: Biennium | None = None,
    indicator: Indicator | None = None,
    outcome: Outcome | None = None,
    region: Region | None = None,
    place: Place | None = None,
    status: str | None = None,
    updated_since: datetime | None = None,
) -> QuerySet[Result]:
    """Results the user may read (see `result_list`), filtered, with their evidence links prefetched."""
    results = result_list(
        user=user,
        biennium=biennium,
        indicator_id=indicator.pk if indicator else None,
        outcome_id=outcome.pk if outcome else None,
        region=region,
        place_id=place.pk if place else None,
        status=status,
    )
    if updated_since is not None:
        results = results.filter(updated_at__gte=updated_since)
    return results.prefetch_related("attachments")


def result_feed_changed_at(
    *,
    biennium: Biennium | None = None,
    indicator: Indicator | None = None,
    outcome: Outcome | None = None,
    region: Region | None = None,
    place: Place | None = None,
) -> datetime | None:
    """When any result these filters select last changed, deletions and status changes included; one query.

    Read from the results' history, whatever their status, so that a result leaving the reader's
    sight (reopened, deleted) also moves the date.
    """
    changes = Result.history.all()
    if biennium is not None:
        changes = changes.filter(biennium_id=biennium.pk)
    if indicator is not None:
        changes = changes.filter(indicator_id=indicator.pk)
    if outcome is not None:
        changes = changes.filter(indicator__outcome_id=outcome.pk)
    if region is not None:
        changes = changes.filter(place__region_id=region.pk)
    if place is not None:
        changes = changes.filter(place_id=place.pk)
    latest: datetime | None = changes.aggregate(latest=Max("history_date"))["latest"]
    return latest
