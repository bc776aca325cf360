"""Reading follow-up: where each recommendation stands, the actions, and the tracker's counts."""

import datetime
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db.models import Count, Exists, F, IntegerField, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.selectors import AnyUser, user_scope
from evaluations.models import FollowUpAction, FollowUpState, Recommendation
from evaluations.selectors.scope import evaluation_visible_q
from outcomes.models import Outcome

OUTCOME_LABEL = _("%(framework)s: Outcome %(number)s")
OPEN = FollowUpAction.OPEN_STATUSES
CLOSED = FollowUpAction.CLOSED_STATUSES
_RecommendationOutcome = Recommendation.outcomes.through
_RecommendationIndicator = Recommendation.indicators.through


class SubqueryCount(Subquery):
    """COUNT(*) of a queryset, as a subquery, so counting joins nothing to the outer query."""

    template = "(SELECT COUNT(*) FROM (%(subquery)s) _counted)"
    output_field = IntegerField()


def follow_up_state(*, total: int, closed: int, overdue: int) -> str:
    if total == 0:
        return FollowUpState.NOT_STARTED
    if overdue:
        return FollowUpState.OVERDUE
    if closed == total:
        return FollowUpState.DONE
    return FollowUpState.OPEN


def action_counts(*, today: datetime.date, prefix: str = "actions__") -> dict:
    """Aggregates over a recommendation's actions (reached through `prefix`) that decide its follow-up state."""
    return {
        "actions_total": Count(f"{prefix}pk"),
        "actions_completed": Count(f"{prefix}pk", filter=Q(**{f"{prefix}status": FollowUpAction.Status.COMPLETED})),
        "actions_closed": Count(f"{prefix}pk", filter=Q(**{f"{prefix}status__in": CLOSED})),
        "actions_overdue": Count(
            f"{prefix}pk", filter=Q(**{f"{prefix}status__in": OPEN, f"{prefix}due_date__lt": today})
        ),
    }


def recommendation_state_q(*, state: str, today: datetime.date, outer: str = "pk") -> Q:
    """A filter on recommendations (or on a subquery over them, through `outer`) in a follow-up state."""
    actions = FollowUpAction.objects.filter(recommendation_id=OuterRef(outer))
    has_actions = Q(Exists(actions))
    has_open = Q(Exists(actions.filter(status__in=OPEN)))
    has_overdue = Q(Exists(actions.filter(status__in=OPEN, due_date__lt=today)))
    conditions: dict[str, Q] = {
        FollowUpState.NOT_STARTED: ~has_actions,
        FollowUpState.OVERDUE: has_overdue,
        FollowUpState.OPEN: has_open & ~has_overdue,
        FollowUpState.DONE: has_actions & ~has_open,
    }
    return conditions[state]


def action_bucket_q(*, bucket: str, today: datetime.date, prefix: str = "") -> Q:
    """Actions in one of the tracker's buckets: open ones split by whether they are overdue."""
    overdue = Q(**{f"{prefix}status__in": OPEN, f"{prefix}due_date__lt": today})
    return {
        "not_started": Q(**{f"{prefix}status": FollowUpAction.Status.NOT_STARTED}) & ~overdue,
        "in_progress": Q(**{f"{prefix}status": FollowUpAction.Status.IN_PROGRESS}) & ~overdue,
        "overdue": overdue,
        "open": Q(**{f"{prefix}status__in": OPEN}),
        "completed": Q(**{f"{prefix}status": FollowUpAction.Status.COMPLETED}),
        "cancelled": Q(**{f"{prefix}status": FollowUpAction.Status.CANCELLED}),
    }[bucket]


BUCKETS = ("not_started", "in_progress", "overdue", "completed", "cancelled")


def action_outcome_q(*, outcome_id: int | OuterRef, outer: str = "recommendation_id") -> Q:
    """Actions whose recommendation concerns an outcome, directly or through one of its indicators."""
    direct = _RecommendationOutcome.objects.filter(recommendation_id=OuterRef(outer), outcome_id=outcome_id)
    via = _RecommendationIndicator.objects.filter(recommendation_id=OuterRef(outer), indicator__outcome_id=outcome_id)
    return Q(Exists(direct)) | Q(Exists(via))


def follow_up_action_queryset(*, user: AnyUser) -> QuerySet[FollowUpAction]:
    scope = user_scope(user=user)
    return FollowUpAction.objects.filter(evaluation_visible_q(scope=scope, prefix="recommendation__evaluation__"))


def follow_up_action_list(*, user: AnyUser, filters: dict | None = None) -> QuerySet[FollowUpAction]:
    from evaluations.filters import FollowUpActionFilter

    actions = follow_up_action_queryset(user=user).select_related("recommendation__evaluation", "owner")
    filtered: QuerySet[FollowUpAction] = FollowUpActionFilter(filters or {}, queryset=actions).qs
    return filtered.order_by(F("due_date").asc(nulls_last=True), "pk")


def follow_up_action_get(*, user: AnyUser, pk: int) -> FollowUpAction:
    """One action the user may see, with its updates; raises FollowUpAction.DoesNotExist otherwise."""
    return (
        follow_up_action_queryset(user=user)
        .select_related("recommendation__evaluation", "owner", "created_by")
        .prefetch_related("updates__recorded_by")
        .get(pk=pk)
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


def follow_up_summary(
    *, user: AnyUser, filters: dict | None = None, today: datetime.date | None = None
) -> TrackerSummary:
    """Counts of actions per bucket in total, per unit and per outcome, and of recommendations per state.

    Four queries whatever the number of actions, all SQL aggregates.
    """
    from evaluations.filters import FollowUpActionFilter, RecommendationFilter

    today = today or timezone.localdate()
    actions = FollowUpActionFilter(filters or {}, queryset=follow_up_action_queryset(user=user)).qs.order_by()
    aggregates = {bucket: Count("pk", filter=action_bucket_q(bucket=bucket, today=today)) for bucket in BUCKETS}

    totals = actions.aggregate(**aggregates)
    by_unit = [
        TrackerRow(label=row["unit"], key=row["unit"], **{bucket: row[bucket] for bucket in BUCKETS})
        for row in actions.values("unit").annotate(**aggregates).order_by("unit")
    ]

    linked = actions.filter(action_outcome_q(outcome_id=OuterRef(OuterRef("pk"))))
    outcome_counts = {
        bucket: Coalesce(SubqueryCount(linked.filter(action_bucket_q(bucket=bucket, today=today)).values("pk")), 0)
        for bucket in BUCKETS
    }
    outcomes = (
        Outcome.objects.annotate(**outcome_counts)
        .filter(Exists(linked))
        .select_related("framework")
        .order_by("framework__start_year", "position", "number")
    )
    by_outcome = [
        TrackerRow(
            label=OUTCOME_LABEL % {"framework": outcome.framework.name, "number": outcome.number},
            key=outcome.pk,
            **{bucket: getattr(outcome, bucket) for bucket in BUCKETS},
        )
        for outcome in outcomes
    ]

    scope = user_scope(user=user)
    recommendations = Recommendation.objects.filter(evaluation_visible_q(scope=scope, prefix="evaluation__"))
    recommendations = RecommendationFilter(
        {name: value for name, value in (filters or {}).items() if name in ("evaluation", "outcome")},
        queryset=recommendations,
    ).qs
    counts = recommendations.aggregate(
        **{
            state.name.lower(): Count("pk", filter=recommendation_state_q(state=state, today=today))
            for state in FollowUpState
        }
    )
    states = {state.value: counts[state.name.lower()] for state in FollowUpState}
    return TrackerSummary(
        totals=TrackerRow(label="", key="", **totals),
        by_unit=by_unit,
        by_outcome=by_outcome,
        recommendations=states,
    )


def follow_up_action_recipients(*, action: FollowUpAction) -> list[str]:
    """Who hears that an action is overdue: its owner, else the active members of its unit with an email."""
    owner = action.owner
    if owner is not None and owner.is_active and owner.email:
        return [owner.email]
    members = (
        get_user_model()
        .objects.filter(is_active=True, profile__unit__iexact=action.unit.strip())
        .exclude(email="")
        .order_by("email")
        .values_list("email", flat=True)
        .distinct()
    )
    return list(members)
