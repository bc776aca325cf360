"""Query conditions of evaluations: the filters, annotations and searches that selectors and filter sets share.

Below selectors and filters alike (both import this module; it imports models only), so the register's
filters and its selectors never need each other. Each function returns a `Q`, an expression or a queryset
narrowed by one condition; none runs a query.
"""

import datetime

from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVectorField
from django.db import connection
from django.db.models import (
    Case,
    CharField,
    Count,
    Exists,
    Expression,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.expressions import Col
from django.db.models.functions import Coalesce

from accounts.selectors import Scope
from evaluations.models import Evaluation, FollowUpAction, FollowUpState, Recommendation
from outcomes.models import Outcome

OPEN = FollowUpAction.OPEN_STATUSES
CLOSED = FollowUpAction.CLOSED_STATUSES
# The tracker's buckets of actions: open ones split by whether they are overdue, then the closed ones.
BUCKETS = ("not_started", "in_progress", "overdue", "completed", "cancelled")
SEARCHED_FIELDS = ("title", "symbol", "project_symbol", "summary")
# The generated column of migration 0006 that holds the English search vector of those fields (of the text of
# a recommendation), on PostgreSQL only.
STORED_SEARCH_COLUMN = "search_vector"
# Newest first, undated ones last on every database (PostgreSQL would put NULL years first).
REGISTER_ORDER = (F("year").desc(nulls_last=True), "title", "pk")

_EvaluationRegion = Evaluation.regions.through
_EvaluationOutcome = Evaluation.outcomes.through
_EvaluationIndicator = Evaluation.indicators.through
_RecommendationOutcome = Recommendation.outcomes.through
_RecommendationIndicator = Recommendation.indicators.through


class SubqueryCount(Subquery):
    """COUNT(*) of a queryset, as a subquery, so counting joins nothing to the outer query."""

    template = "(SELECT COUNT(*) FROM (%(subquery)s) _counted)"
    output_field = IntegerField()


class StoredSearchVector(Expression):
    """The search vector PostgreSQL stores beside each row of the queried table (migration 0006).

    The models do not declare the generated column (SQLite has none), so this resolves to a column of the
    query's own table: in a subquery it follows the table's alias like any other column.
    """

    output_field = SearchVectorField()

    def resolve_expression(self, query=None, allow_joins=True, reuse=None, summarize=False, for_save=False):
        column = SearchVectorField()
        column.set_attributes_from_name(STORED_SEARCH_COLUMN)
        column.model = query.model
        return Col(query.get_initial_alias(), column, output_field=SearchVectorField())


def subquery_count(queryset: QuerySet) -> Coalesce:
    """The number of rows of `queryset` (0 when none), as an annotation."""
    return Coalesce(SubqueryCount(queryset.values("pk")), 0)


# --- Who sees and edits which evaluations --------------------------------------------------------------


def evaluation_editable_q(*, scope: Scope, prefix: str = "") -> Q:
    """The evaluations a scope may edit; `prefix` leads from the queried model to one ("evaluation__").

    The SQL form of `Scope.covers_tags` over an evaluation's regions and outcomes (direct or through its
    indicators), for officers, managers and administrators.
    """
    if scope.is_administrator:
        return Q()
    if not scope.can_record:
        return Q(pk__in=[])
    outer = OuterRef(f"{prefix}pk")
    condition = Q()
    if scope.region_ids is not None:
        regions = _EvaluationRegion.objects.filter(evaluation_id=outer)
        condition &= Q(Exists(regions)) & ~Q(Exists(regions.exclude(region_id__in=scope.region_ids)))
    if scope.outcome_ids is not None:
        direct = _EvaluationOutcome.objects.filter(evaluation_id=outer)
        via = _EvaluationIndicator.objects.filter(evaluation_id=outer)
        condition &= (
            (Q(Exists(direct)) | Q(Exists(via)))
            & ~Q(Exists(direct.exclude(outcome_id__in=scope.outcome_ids)))
            & ~Q(Exists(via.exclude(indicator__outcome_id__in=scope.outcome_ids)))
        )
    # An empty Q would vanish when OR-ed with another condition; say "every evaluation" explicitly.
    return condition or Q(**{f"{prefix}pk__isnull": False})


def evaluation_visible_q(*, scope: Scope, prefix: str = "") -> Q:
    """Published evaluations, and the drafts a scope may edit."""
    published = Q(**{f"{prefix}status": Evaluation.Status.PUBLISHED})
    if scope.is_administrator:
        return Q()
    if not scope.can_record:
        return published
    return published | evaluation_editable_q(scope=scope, prefix=prefix)


# --- What evaluations and recommendations concern ------------------------------------------------------


def evaluation_outcome_q(outcome: Outcome, *, outer: str = "pk") -> Q:
    """Evaluations concerning an outcome: tagged with it or one of its indicators, or whose recommendations are."""
    recommendations = Recommendation.objects.filter(evaluation_id=OuterRef(outer))
    return (
        Q(Exists(_EvaluationOutcome.objects.filter(evaluation_id=OuterRef(outer), outcome=outcome)))
        | Q(Exists(_EvaluationIndicator.objects.filter(evaluation_id=OuterRef(outer), indicator__outcome=outcome)))
        | Q(Exists(recommendations.filter(outcomes=outcome)))
        | Q(Exists(recommendations.filter(indicators__outcome=outcome)))
    )


def recommendation_outcome_q(outcome: Outcome, *, outer: str = "pk") -> Q:
    """Recommendations linked to an outcome, directly or through one of its indicators."""
    return Q(Exists(_RecommendationOutcome.objects.filter(recommendation_id=OuterRef(outer), outcome=outcome))) | Q(
        Exists(_RecommendationIndicator.objects.filter(recommendation_id=OuterRef(outer), indicator__outcome=outcome))
    )


def action_outcome_q(*, outcome_id: int | OuterRef, outer: str = "recommendation_id") -> Q:
    """Actions whose recommendation concerns an outcome, directly or through one of its indicators."""
    direct = _RecommendationOutcome.objects.filter(recommendation_id=OuterRef(outer), outcome_id=outcome_id)
    via = _RecommendationIndicator.objects.filter(recommendation_id=OuterRef(outer), indicator__outcome_id=outcome_id)
    return Q(Exists(direct)) | Q(Exists(via))


# --- Where follow-up stands ------------------------------------------------------------------------------


def recommendation_state_q(*, state: str, today: datetime.date, outer: str = "pk") -> Q:
    """A filter on recommendations (or on a subquery over them, through `outer`) in a follow-up state."""
    actions = FollowUpAction.objects.filter(recommendation_id=OuterRef(outer))
    has_actions = Q(Exists(actions))
    has_open = Q(Exists(actions.filter(status__in=OPEN)))
    has_overdue = Q(Exists(actions.filter(status__in=OPEN, due_date__lt=today)))
    return {
        FollowUpState.NOT_STARTED: ~has_actions,
        FollowUpState.OVERDUE: has_overdue,
        FollowUpState.OPEN: has_open & ~has_overdue,
        FollowUpState.DONE: has_actions & ~has_open,
    }[state]


def action_bucket_q(*, bucket: str, today: datetime.date, prefix: str = "") -> Q:
    """Actions in one of the tracker's buckets (BUCKETS, or "open" for all open ones)."""
    overdue = Q(**{f"{prefix}status__in": OPEN, f"{prefix}due_date__lt": today})
    return {
        "not_started": Q(**{f"{prefix}status": FollowUpAction.Status.NOT_STARTED}) & ~overdue,
        "in_progress": Q(**{f"{prefix}status": FollowUpAction.Status.IN_PROGRESS}) & ~overdue,
        "overdue": overdue,
        "open": Q(**{f"{prefix}status__in": OPEN}),
        "completed": Q(**{f"{prefix}status": FollowUpAction.Status.COMPLETED}),
        "cancelled": Q(**{f"{prefix}status": FollowUpAction.Status.CANCELLED}),
    }[bucket]


def recommendation_action_counts(*, today: datetime.date, prefix: str = "actions__") -> dict[str, Count]:
    """Aggregates over a recommendation's actions (reached through `prefix`) that decide its follow-up state."""
    return {
        "actions_total": Count(f"{prefix}pk"),
        "actions_completed": Count(f"{prefix}pk", filter=Q(**{f"{prefix}status": FollowUpAction.Status.COMPLETED})),
        "actions_closed": Count(f"{prefix}pk", filter=Q(**{f"{prefix}status__in": CLOSED})),
        "actions_overdue": Count(
            f"{prefix}pk", filter=Q(**{f"{prefix}status__in": OPEN, f"{prefix}due_date__lt": today})
        ),
    }


def recommendation_follow_up_state(
    *, total: str = "actions_total", closed: str = "actions_closed", overdue: str = "actions_overdue"
) -> Case:
    """A recommendation's follow-up state, from the annotated counts of its actions (all, closed, overdue).

    Not started without actions; overdue while one is open past its due date; done when all are closed
    (completed or cancelled); open otherwise.
    """
    return Case(
        When(**{total: 0}, then=Value(FollowUpState.NOT_STARTED.value)),
        When(**{f"{overdue}__gt": 0}, then=Value(FollowUpState.OVERDUE.value)),
        When(**{closed: F(total)}, then=Value(FollowUpState.DONE.value)),
        default=Value(FollowUpState.OPEN.value),
        output_field=CharField(),
    )


def evaluation_follow_up_counts(*, today: datetime.date) -> dict[str, Coalesce]:
    """Annotations counting an evaluation's recommendations, overdue ones, and its open and done actions."""
    recommendations = Recommendation.objects.filter(evaluation_id=OuterRef("pk"))
    actions = FollowUpAction.objects.filter(recommendation__evaluation_id=OuterRef("pk"))
    return {
        "recommendation_count": subquery_count(recommendations),
        "overdue_count": subquery_count(recommendations.filter(recommendation_state_q(state="overdue", today=today))),
        "open_action_count": subquery_count(actions.filter(status__in=OPEN)),
        "done_action_count": subquery_count(actions.filter(status__in=CLOSED)),
    }


# --- Searching the register --------------------------------------------------------------------------------


def evaluation_search(queryset: QuerySet[Evaluation], text: str) -> QuerySet[Evaluation]:
    """Evaluations whose title, symbols or summary, or one of whose recommendations, match the words given.

    Full-text search (English stemming, web-search syntax, ranked) on PostgreSQL; words found anywhere in
    those fields, case-insensitively, elsewhere.
    """
    text = text.strip()
    if not text:
        return queryset
    if connection.vendor == "postgresql":
        query = SearchQuery(text, config="english", search_type="websearch")
        # The stored vectors are read, not computed from the text on each request, and each side is its
        # own uncorrelated subquery, answered once (from its GIN index when the words are selective).
        matching_evaluations = Evaluation.objects.alias(search=StoredSearchVector()).filter(search=query)
        matching_recommendations = Recommendation.objects.alias(search=StoredSearchVector()).filter(search=query)
        return (
            queryset.filter(
                Q(pk__in=matching_evaluations.values("pk")) | Q(pk__in=matching_recommendations.values("evaluation_id"))
            )
            .annotate(rank=SearchRank(StoredSearchVector(), query))
            .order_by("-rank", *REGISTER_ORDER)
        )
    condition = Q()
    for word in text.split():
        word_matches = Q()
        for name in SEARCHED_FIELDS:
            word_matches |= Q(**{f"{name}__icontains": word})
        in_recommendations = Recommendation.objects.filter(evaluation_id=OuterRef("pk"), text__icontains=word)
        condition &= word_matches | Q(Exists(in_recommendations))
    return queryset.filter(condition)
