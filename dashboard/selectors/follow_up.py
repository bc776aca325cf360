"""The follow-up of evaluation recommendations linked to each outcome."""

from typing import TypedDict

from django.utils import timezone

from evaluations.selectors import recommendation_follow_up_counts
from indicators.counts_cache import counts_cache_get, counts_cache_key, counts_cache_set
from outcomes.models import Outcome

FOLLOW_UP_BUCKETS = {"not started": "open", "open": "open", "overdue": "overdue", "done": "done"}


class FollowUpRow(TypedDict):
    """One outcome's recommendations by the state of their follow-up."""

    outcome: Outcome
    open: int
    overdue: int
    done: int
    total: int


def dashboard_follow_up(*, outcomes: list[Outcome]) -> list[FollowUpRow]:
    """Follow-up status of evaluation recommendations linked to each outcome (one query, or none when cached).

    Cached with the counts, per day (an action falls overdue when its due date passes): the services that
    write evaluations, recommendations and their actions drop the counts cache.
    """
    outcome_ids = [outcome.pk for outcome in outcomes]
    key = counts_cache_key("follow-up", sorted(outcome_ids), timezone.localdate())
    counts: dict[int, dict[str, int]] | None = counts_cache_get(key)
    if counts is None:
        counts = recommendation_follow_up_counts(outcome_ids=outcome_ids)
        counts_cache_set(key, counts)
    rows = []
    for outcome in outcomes:
        tally = {"open": 0, "overdue": 0, "done": 0}
        for state, number in counts[outcome.pk].items():
            # A recommendation whose actions are not yet planned is still open.
            tally[FOLLOW_UP_BUCKETS[state]] += number
        rows.append(
            FollowUpRow(
                outcome=outcome,
                open=tally["open"],
                overdue=tally["overdue"],
                done=tally["done"],
                total=sum(tally.values()),
            )
        )
    return rows
