"""Reading recommendations: lists with filters, one with its follow-up, the annex per outcome of the biennial report."""

import datetime
from typing import Any, TypedDict

from django.db import connections
from django.db.models import F, Max, OuterRef, Prefetch, Q, QuerySet
from django.utils import timezone

from accounts.selectors import AnyUser, user_scope
from evaluations.conditions import (
    OPEN,
    SubqueryCount,
    evaluation_editable_q,
    evaluation_visible_q,
    recommendation_action_counts,
    recommendation_follow_up_state,
)
from evaluations.filters import RecommendationFilter
from evaluations.models import Evaluation, FollowUpAction, Recommendation


def recommendation_follow_up_queryset(*, today: datetime.date) -> QuerySet[Recommendation]:
    """Recommendations with their action counts and what they link to, for pages and the API."""
    return (
        Recommendation.objects.annotate(**recommendation_action_counts(today=today))
        .annotate(follow_up=recommendation_follow_up_state())
        .select_related("response")
        .prefetch_related(
            "next_steps",
            "outcomes__framework",
            "indicators",
            "places",
            Prefetch("actions", queryset=FollowUpAction.objects.select_related("owner").order_by("due_date", "pk")),
        )
        .order_by("number")
    )


def recommendation_queryset(*, user: AnyUser, editable: bool = False) -> QuerySet[Recommendation]:
    """The recommendations of the evaluations a user may see, or may edit."""
    scope = user_scope(user=user)
    condition = (
        evaluation_editable_q(scope=scope, prefix="evaluation__")
        if editable
        else evaluation_visible_q(scope=scope, prefix="evaluation__")
    )
    return Recommendation.objects.filter(condition)


def recommendation_list(
    *, user: AnyUser, filters: dict | None = None, today: datetime.date | None = None
) -> QuerySet[Recommendation]:
    today = today or timezone.localdate()
    recommendations: QuerySet[Recommendation] = RecommendationFilter(
        filters or {}, queryset=recommendation_queryset(user=user)
    ).qs
    return (
        recommendations.annotate(**recommendation_action_counts(today=today))
        .annotate(follow_up=recommendation_follow_up_state())
        .select_related("evaluation", "response")
        .prefetch_related(
            "next_steps",
            "outcomes__framework",
            "indicators",
            "places",
            Prefetch("actions", queryset=FollowUpAction.objects.select_related("owner").order_by("due_date", "pk")),
        )
    )


def recommendation_detail_queryset(
    *, user: AnyUser, editable: bool = False, today: datetime.date | None = None
) -> QuerySet[Recommendation]:
    """The recommendations a user may see (or edit), each with its follow-up, actions and their updates."""
    today = today or timezone.localdate()
    return (
        recommendation_queryset(user=user, editable=editable)
        .annotate(**recommendation_action_counts(today=today))
        .annotate(follow_up=recommendation_follow_up_state())
        .select_related("evaluation", "response")
        .prefetch_related(
            "next_steps",
            "outcomes__framework",
            "indicators",
            "places",
            Prefetch(
                "actions",
                queryset=FollowUpAction.objects.select_related("owner").prefetch_related("updates__recorded_by"),
            ),
            "evaluation__regions",
            "evaluation__outcomes",
            "evaluation__indicators",
        )
    )


def recommendation_next_number(*, evaluation: Evaluation) -> int:
    return (evaluation.recommendations.aggregate(highest=Max("number"))["highest"] or 0) + 1


_RecommendationOutcome = Recommendation.outcomes.through
_RecommendationIndicator = Recommendation.indicators.through


class AnnexRow(TypedDict):
    """One recommendation as the annex of the biennial report prints it under an outcome."""

    evaluation_title: str
    evaluation_symbol: str
    evaluation_date: datetime.date | None
    number: int
    text: str
    stance: str
    follow_up: str
    actions_total: int
    actions_completed: int


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
        .annotate(follow_up=recommendation_follow_up_state())
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
            "follow_up",
        )
    )
    return rows


def recommendation_annex(*, outcome_ids: list[int]) -> dict[int, list[AnnexRow]]:
    """For each outcome id, the recommendations of published evaluations linked to it, for the report's annex.

    A recommendation is linked to an outcome directly or through one of the outcome's indicators (and is
    listed once either way). Each outcome id asked for is a key, with [] when nothing links to it. Rows
    are ordered by evaluation date (undated last), symbol, evaluation, then recommendation number. One
    query, whatever the number of outcomes, recommendations or actions.
    """
    annex: dict[int, list[AnnexRow]] = {outcome_id: [] for outcome_id in outcome_ids}
    if not outcome_ids:
        return annex
    today = timezone.localdate()
    direct = _link_rows(
        _RecommendationOutcome.objects.filter(outcome_id__in=outcome_ids), outcome_field="outcome_id", today=today
    )
    via_indicators = _link_rows(
        # django-stubs cannot type this through model once modeltranslation has patched Indicator's manager.
        _RecommendationIndicator.objects.filter(  # type: ignore[attr-defined]
            indicator__outcome_id__in=outcome_ids
        ),
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
        follow_up,
    ) in rows:
        annex[outcome_id].append(
            AnnexRow(
                evaluation_title=title,
                evaluation_symbol=symbol,
                evaluation_date=date,
                number=number,
                text=text,
                stance=str(stances[stance]) if stance else "",
                follow_up=follow_up,
                actions_total=total,
                actions_completed=completed,
            )
        )
    return annex


def recommendation_follow_up_counts(*, outcome_ids: list[int]) -> dict[int, dict[str, int]]:
    """{outcome id: {follow-up state: number of recommendations}} for the recommendations of published
    evaluations linked to each outcome, directly or through one of its indicators (counted once either way).

    One grouped aggregate: the distinct (recommendation, outcome) links (UNION drops a pair linked both
    ways) joined to each recommendation's follow-up state (itself an aggregate over its actions), counted per
    outcome and state. The ORM cannot join a derived table, so its compiled pieces are put together here, as
    `follow_up_outcome_bucket_counts` does; the annex's rows carry four correlated counts each, which a figure
    per outcome does not need.
    """
    counts: dict[int, dict[str, int]] = {outcome_id: {} for outcome_id in outcome_ids}
    if not outcome_ids:
        return counts
    direct = _RecommendationOutcome.objects.filter(outcome_id__in=outcome_ids)
    # django-stubs cannot type this through model once modeltranslation has patched Indicator's manager.
    through_indicators = _RecommendationIndicator.objects.filter(  # type: ignore[attr-defined]
        indicator__outcome_id__in=outcome_ids
    )
    # Only the linked recommendations' states: the state is an aggregate over each one's actions, and the
    # register holds many more recommendations than those linked to the outcomes asked for.
    linked = Q(pk__in=direct.values("recommendation_id")) | Q(pk__in=through_indicators.values("recommendation_id"))
    states = (
        Recommendation.objects.filter(linked, evaluation__status=Evaluation.Status.PUBLISHED)
        .order_by()
        .annotate(**recommendation_action_counts(today=timezone.localdate()))
        .annotate(follow_up=recommendation_follow_up_state())
        .values_list("pk", "follow_up")
    )
    links = direct.values_list("recommendation_id", "outcome_id").union(
        through_indicators.values_list("recommendation_id", "indicator__outcome_id")
    )
    database = states.db
    links_sql, links_params = links.query.get_compiler(using=database).as_sql()
    states_sql, states_params = states.query.get_compiler(using=database).as_sql()
    sql = (
        f"SELECT links.outcome_id, states.follow_up, COUNT(*) FROM ({links_sql}) links "  # noqa: S608 - ORM-compiled, values as params
        f"INNER JOIN ({states_sql}) states ON states.pk = links.recommendation_id "
        "GROUP BY links.outcome_id, states.follow_up"
    )
    with connections[database].cursor() as cursor:
        cursor.execute(sql, (*links_params, *states_params))
        for outcome_id, state, number in cursor.fetchall():
            counts[outcome_id][state] = number
    return counts
