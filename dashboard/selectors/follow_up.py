"""The follow-up of evaluation recommendations linked to each outcome."""

from outcomes.models import Outcome

FOLLOW_UP_BUCKETS = {"not started": "open", "open": "open", "overdue": "overdue", "done": "done"}


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
