"""Reading follow-up: where each recommendation stands, the actions, and the tracker's counts."""

import datetime
from dataclasses import dataclass
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.models import User
from django.db import connections
from django.db.models import Case, CharField, Count, F, Q, QuerySet, Value, When
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.selectors import AnyUser, user_scope
from evaluations.conditions import (
    BUCKETS,
    action_bucket_q,
    evaluation_editable_q,
    evaluation_visible_q,
    recommendation_action_counts,
    recommendation_follow_up_state,
)
from evaluations.filters import FollowUpActionFilter, RecommendationFilter
from evaluations.models import FollowUpAction, FollowUpState, Recommendation
from outcomes.models import Outcome
from rbm.replica import replica_read

OUTCOME_LABEL = _("%(framework)s: Outcome %(number)s")

_RecommendationOutcome: Any = Recommendation.outcomes.through
_RecommendationIndicator: Any = Recommendation.indicators.through


def follow_up_action_queryset(*, user: AnyUser, editable: bool = False) -> QuerySet[FollowUpAction]:
    """The actions on the recommendations of the evaluations a user may see, or may edit."""
    scope = user_scope(user=user)
    prefix = "recommendation__evaluation__"
    condition = (
        evaluation_editable_q(scope=scope, prefix=prefix)
        if editable
        else evaluation_visible_q(scope=scope, prefix=prefix)
    )
    return FollowUpAction.objects.filter(condition)


@replica_read
def follow_up_action_list(*, user: AnyUser, filters: dict | None = None) -> QuerySet[FollowUpAction]:
    actions = (
        follow_up_action_queryset(user=user)
        .select_related("recommendation__evaluation", "owner")
        .order_by(F("due_date").asc(nulls_last=True), "pk")
    )
    filtered: QuerySet[FollowUpAction] = FollowUpActionFilter(filters or {}, queryset=actions).qs
    return filtered


def follow_up_action_detail_queryset(*, user: AnyUser, editable: bool = False) -> QuerySet[FollowUpAction]:
    """The actions a user may see (or edit), each with its updates."""
    return (
        follow_up_action_queryset(user=user, editable=editable)
        .select_related("recommendation__evaluation", "owner", "created_by")
        .prefetch_related("updates__recorded_by")
    )


@dataclass
class TrackerRow:
    label: str
    key: str | int
    not_started: int
    in_progress: int
    overdue: int
    completed: int
    cancelled: int

    @property
    def open(self) -> int:
        return self.not_started + self.in_progress + self.overdue

    @property
    def done(self) -> int:
        return self.completed + self.cancelled

    @property
    def total(self) -> int:
        return self.open + self.done


@dataclass
class TrackerSummary:
    totals: TrackerRow
    by_unit: list[TrackerRow]
    by_outcome: list[TrackerRow]
    recommendations: dict[str, int]

    @property
    def recommendation_states(self) -> list[tuple[str, int]]:
        """(state, count) pairs in the order a reader expects: not started, open, overdue, done."""
        return [(state.value, self.recommendations[state.value]) for state in FollowUpState]


def follow_up_outcome_bucket_counts(
    *, actions: QuerySet[FollowUpAction], today: datetime.date
) -> dict[int, dict[str, int]]:
    """{outcome id: {bucket: number of `actions`}} for the outcomes their recommendations concern.

    One grouped aggregate: the distinct (recommendation, outcome) pairs of the direct links and of the
    indicator links (UNION drops a pair linked both ways, so an action counts once per outcome), joined to
    the actions, each with its bucket, and counted per outcome and bucket. The ORM cannot join a derived
    table, so the pieces are compiled by the ORM and put together here; outcomes without actions are absent.
    """
    pairs = _RecommendationOutcome.objects.values_list("recommendation_id", "outcome_id").union(
        _RecommendationIndicator.objects.values_list("recommendation_id", "indicator__outcome_id")
    )
    bucketed = actions.annotate(
        bucket=Case(
            *(When(action_bucket_q(bucket=bucket, today=today), then=Value(bucket)) for bucket in BUCKETS),
            default=Value(""),
            output_field=CharField(),
        )
    ).values_list("recommendation_id", "bucket")
    database = actions.db
    pairs_sql, pairs_params = pairs.query.get_compiler(using=database).as_sql()
    bucketed_sql, bucketed_params = bucketed.query.get_compiler(using=database).as_sql()
    sql = (
        f"SELECT pairs.outcome_id, acted.bucket, COUNT(*) FROM ({pairs_sql}) pairs "  # noqa: S608 - ORM-compiled, values as params
        f"INNER JOIN ({bucketed_sql}) acted ON acted.recommendation_id = pairs.recommendation_id "
        "GROUP BY pairs.outcome_id, acted.bucket"
    )
    counts: dict[int, dict[str, int]] = {}
    with connections[database].cursor() as cursor:
        cursor.execute(sql, (*pairs_params, *bucketed_params))
        for outcome_id, bucket, number in cursor.fetchall():
            counts.setdefault(outcome_id, {})[bucket] = number
    return counts


@replica_read
def follow_up_summary(
    *, user: AnyUser, filters: dict | None = None, today: datetime.date | None = None
) -> TrackerSummary:
    """Counts of actions per bucket in total, per unit and per outcome, and of recommendations per state.

    Four queries whatever the number of actions, all SQL aggregates, and a fifth for the outcomes' names when
    any action concerns an outcome.
    """
    today = today or timezone.localdate()
    actions = FollowUpActionFilter(filters or {}, queryset=follow_up_action_queryset(user=user)).qs.order_by()
    aggregates = {bucket: Count("pk", filter=action_bucket_q(bucket=bucket, today=today)) for bucket in BUCKETS}

    totals = actions.aggregate(**aggregates)
    by_unit = [
        TrackerRow(label=row["unit"], key=row["unit"], **{bucket: row[bucket] for bucket in BUCKETS})
        for row in actions.values("unit").annotate(**aggregates).order_by("unit")
    ]

    counts = follow_up_outcome_bucket_counts(actions=actions, today=today)
    outcomes = Outcome.objects.filter(pk__in=list(counts)).select_related("framework")
    by_outcome = [
        TrackerRow(
            label=OUTCOME_LABEL % {"framework": outcome.framework.name, "number": outcome.number},
            key=outcome.pk,
            **{bucket: counts[outcome.pk].get(bucket, 0) for bucket in BUCKETS},
        )
        for outcome in outcomes.order_by("framework__start_year", "position", "number")
    ]

    scope = user_scope(user=user)
    recommendations = Recommendation.objects.filter(evaluation_visible_q(scope=scope, prefix="evaluation__"))
    recommendations = RecommendationFilter(
        {name: value for name, value in (filters or {}).items() if name in ("evaluation", "outcome")},
        queryset=recommendations,
    ).qs
    # Each recommendation's state from its actions counted in one grouped join, then counted per state
    # (Django wraps the grouped query in a subquery), instead of three EXISTS per recommendation and state.
    per_recommendation = recommendations.annotate(**recommendation_action_counts(today=today)).annotate(
        follow_up=recommendation_follow_up_state()
    )
    counts = per_recommendation.aggregate(
        **{state.name.lower(): Count("pk", filter=Q(follow_up=state.value)) for state in FollowUpState}
    )
    states = {state.value: counts[state.name.lower()] for state in FollowUpState}
    return TrackerSummary(
        totals=TrackerRow(label="", key="", **totals),
        by_unit=by_unit,
        by_outcome=by_outcome,
        recommendations=states,
    )


def follow_up_action_people(*, action: FollowUpAction) -> list[User]:
    """Who hears about an action's due date: its owner, else the active members of its unit."""
    owner = action.owner
    if owner is not None and owner.is_active:
        return [owner]
    return list(
        get_user_model()
        .objects.filter(is_active=True, profile__unit__iexact=action.unit.strip())
        .order_by("username")
        .distinct()
    )


def follow_up_action_for_reminder(*, action_id: int) -> FollowUpAction | None:
    """One action, locked until the transaction ends, with what a reminder names; None once it is gone."""
    locked = FollowUpAction.objects.select_for_update().filter(pk=action_id).values_list("pk", flat=True).first()
    if locked is None:
        return None
    return FollowUpAction.objects.select_related("owner", "recommendation__evaluation").get(pk=locked)


def follow_up_action_due_soon_list(*, today: datetime.date, days: int) -> list[int]:
    """Ids of open actions falling due within `days` from today (today included)."""
    return list(
        FollowUpAction.objects.filter(
            status__in=FollowUpAction.OPEN_STATUSES,
            due_date__gte=today,
            due_date__lte=today + datetime.timedelta(days=days),
        )
        .order_by("pk")
        .values_list("pk", flat=True)
    )


def follow_up_action_overdue_list(*, today: datetime.date) -> list[int]:
    """Ids of open actions past their due date whose owners have not been told about that due date."""
    return list(
        FollowUpAction.objects.filter(status__in=FollowUpAction.OPEN_STATUSES, due_date__lt=today)
        .filter(Q(overdue_notice_for__isnull=True) | ~Q(overdue_notice_for=F("due_date")))
        .order_by("pk")
        .values_list("pk", flat=True)
    )
