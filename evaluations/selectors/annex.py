"""The annex of recommendations per outcome, for the biennial report."""

import datetime
from typing import Any

from django.db.models import F, OuterRef, QuerySet
from django.utils import timezone

from evaluations.models import Evaluation, FollowUpAction, Recommendation
from evaluations.selectors.follow_up import OPEN, SubqueryCount, follow_up_state

_RecommendationOutcome = Recommendation.outcomes.through
_RecommendationIndicator = Recommendation.indicators.through


def _link_rows(queryset: QuerySet[Any], *, outcome_field: str, today: datetime.date) -> QuerySet[Any, tuple[Any, ...]]:
    """(recommendation, outcome) rows of one link path, each carrying what the annex prints."""
    actions = FollowUpAction.objects.filter(recommendation_id=OuterRef("recommendation_id"))
    rows: QuerySet[Any, tuple[Any, ...]] = (
        queryset.filter(recommendation__evaluation__status=Evaluation.Status.PUBLISHED)
        .annotate(
            linked_outcome=F(outcome_field),
            evaluation_id=F("recommendation__evaluation_id"),
            evaluation_title=F("recommendation__evaluation__title"),
            evaluation_symbol=F("recommendation__evaluation__symbol"),
            evaluation_date=F("recommendation__evaluation__date"),
            number=F("recommendation__number"),
            text=F("recommendation__text"),
            stance=F("recommendation__stance"),
            actions_total=SubqueryCount(actions.values("pk")),
            actions_completed=SubqueryCount(actions.filter(status=FollowUpAction.Status.COMPLETED).values("pk")),
            actions_closed=SubqueryCount(actions.filter(status__in=FollowUpAction.CLOSED_STATUSES).values("pk")),
            actions_overdue=SubqueryCount(actions.filter(status__in=OPEN, due_date__lt=today).values("pk")),
        )
        .values_list(
            "recommendation_id",
            "linked_outcome",
            "evaluation_id",
            "evaluation_title",
            "evaluation_symbol",
            "evaluation_date",
            "number",
            "text",
            "stance",
            "actions_total",
            "actions_completed",
            "actions_closed",
            "actions_overdue",
        )
    )
    return rows


def recommendation_annex(*, outcome_ids: list[int]) -> dict[int, list[dict]]:
    """For each outcome id, the recommendations of published evaluations linked to it, for the report's annex.

    A recommendation is linked to an outcome directly or through one of the outcome's indicators (and is
    listed once either way). Each outcome id asked for is a key, with [] when nothing links to it. Rows
    are ordered by evaluation date (undated last), symbol, evaluation, then recommendation number. One
    query, whatever the number of outcomes, recommendations or actions.
    """
    annex: dict[int, list[dict]] = {outcome_id: [] for outcome_id in outcome_ids}
    if not outcome_ids:
        return annex
    today = timezone.localdate()
    direct = _link_rows(
        _RecommendationOutcome.objects.filter(outcome_id__in=outcome_ids), outcome_field="outcome_id", today=today
    )
    via_indicators = _link_rows(
        _RecommendationIndicator.objects.filter(indicator__outcome_id__in=outcome_ids),
        outcome_field="indicator__outcome_id",
        today=today,
    )
    rows = sorted(
        direct.union(via_indicators),
        key=lambda row: (row[5] is None, row[5] or datetime.date.min, row[4], row[2], row[6]),
    )
    stances = dict(Recommendation.Stance.choices)
    for (
        _recommendation_id,
        outcome_id,
        _evaluation_id,
        title,
        symbol,
        date,
        number,
        text,
        stance,
        total,
        completed,
        closed,
        overdue,
    ) in rows:
        annex[outcome_id].append(
            {
                "evaluation_title": title,
                "evaluation_symbol": symbol,
                "evaluation_date": date,
                "number": number,
                "text": text,
                "stance": str(stances[stance]) if stance else "",
                "follow_up": str(follow_up_state(total=total, closed=closed, overdue=overdue)),
                "actions_total": total,
                "actions_completed": completed,
            }
        )
    return annex
