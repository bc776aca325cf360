"""Reading the evaluation register: lists with search and filters, one evaluation with all it holds."""

import datetime
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
from django.db import connection
from django.db.models import Exists, F, OuterRef, Prefetch, Q, QuerySet
from django.db.models.functions import Coalesce
from django.utils import timezone

from accounts.selectors import AnyUser, user_scope
from evaluations.models import (
    Criterion,
    Evaluation,
    EvaluationPlace,
    FollowUpAction,
    OfficeResponse,
    Recommendation,
    SynthesisCoverage,
    SynthesisFinding,
)
from evaluations.selectors.follow_up import SubqueryCount, action_counts, follow_up_state, recommendation_state_q
from evaluations.selectors.scope import evaluation_editable_q, evaluation_visible_q

if TYPE_CHECKING:
    from evaluations.filters import EvaluationFilter

# The same expressions back the GIN indexes of migration 0002, so PostgreSQL can use them.
EVALUATION_SEARCH_VECTOR = SearchVector("title", "symbol", "project_symbol", "summary", config="english")
RECOMMENDATION_SEARCH_VECTOR = SearchVector("text", config="english")
SEARCHED_FIELDS = ("title", "symbol", "project_symbol", "summary")
# Newest first, undated ones last on every database (PostgreSQL would put NULL years first).
REGISTER_ORDER = (F("year").desc(nulls_last=True), "title", "pk")


def evaluation_queryset(*, user: AnyUser) -> QuerySet[Evaluation]:
    """The evaluations a user may see: published ones, and the drafts within their scope."""
    return Evaluation.objects.filter(evaluation_visible_q(scope=user_scope(user=user)))


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
        in_recommendations = (
            Recommendation.objects.filter(evaluation_id=OuterRef("pk"))
            .annotate(search=RECOMMENDATION_SEARCH_VECTOR)
            .filter(search=query)
        )
        return (
            queryset.annotate(search=EVALUATION_SEARCH_VECTOR)
            .filter(Q(search=query) | Q(Exists(in_recommendations)))
            .annotate(rank=SearchRank(EVALUATION_SEARCH_VECTOR, query))
            .order_by("-rank", *REGISTER_ORDER)
        )
    condition = Q()
    for word in text.split():
        word_matches = Q()
        for name in SEARCHED_FIELDS:
            word_matches |= Q(**{f"{name}__icontains": word})
        in_texts = Recommendation.objects.filter(evaluation_id=OuterRef("pk"), text__icontains=word)
        condition &= word_matches | Q(Exists(in_texts))
    return queryset.filter(condition)


def _count(queryset: QuerySet[Any]) -> Coalesce:
    return Coalesce(SubqueryCount(queryset.values("pk")), 0)


def evaluation_follow_up_counts(*, today: datetime.date) -> dict[str, Coalesce]:
    """Annotations counting an evaluation's recommendations, overdue ones, and its open and done actions."""
    recommendations = Recommendation.objects.filter(evaluation_id=OuterRef("pk"))
    actions = FollowUpAction.objects.filter(recommendation__evaluation_id=OuterRef("pk"))
    return {
        "recommendation_count": _count(recommendations),
        "overdue_count": _count(recommendations.filter(recommendation_state_q(state="overdue", today=today))),
        "open_action_count": _count(actions.filter(status__in=FollowUpAction.OPEN_STATUSES)),
        "done_action_count": _count(actions.filter(status__in=FollowUpAction.CLOSED_STATUSES)),
    }


def evaluation_filterset(
    *, user: AnyUser, data: dict[str, Any] | None = None, today: datetime.date | None = None
) -> "EvaluationFilter":
    """The register's filters over the evaluations a user may see, each with its follow-up counts.

    Counts are subqueries, so one query fetches a page whatever the number of recommendations. The
    filter set's `form` shows the filters and their errors; its `qs` is the filtered list.
    """
    from evaluations.filters import EvaluationFilter

    evaluations = (
        evaluation_queryset(user=user)
        .annotate(**evaluation_follow_up_counts(today=today or timezone.localdate()))
        .order_by(*REGISTER_ORDER)
    )
    return EvaluationFilter(data or None, queryset=evaluations)


def evaluation_with_tags(evaluations: QuerySet[Evaluation]) -> QuerySet[Evaluation]:
    """Prefetch what a register row shows: regions, places, outcomes and indicators (four queries a page)."""
    return evaluations.prefetch_related(
        "regions",
        Prefetch("place_links", queryset=EvaluationPlace.objects.select_related("place")),
        "outcomes__framework",
        "indicators",
    )


def evaluation_list(
    *, user: AnyUser, filters: dict | None = None, today: datetime.date | None = None
) -> QuerySet[Evaluation]:
    evaluations: QuerySet[Evaluation] = evaluation_filterset(user=user, data=filters, today=today).qs
    return evaluations


def evaluation_years() -> list[int]:
    years = Evaluation.objects.filter(year__isnull=False).order_by("-year").values_list("year", flat=True).distinct()
    return [year for year in years if year is not None]  # none is: the filter says so to the database


def evaluation_get(*, user: AnyUser, pk: int) -> Evaluation:
    """One evaluation the user may see, with its tags; raises Evaluation.DoesNotExist otherwise."""
    return evaluation_queryset(user=user).prefetch_related("regions", "outcomes", "indicators").get(pk=pk)


def evaluation_editable_get(*, user: AnyUser, pk: int) -> Evaluation:
    """One evaluation the user may edit; raises Evaluation.DoesNotExist otherwise (no hint that it exists)."""
    scope = user_scope(user=user)
    return (
        Evaluation.objects.filter(evaluation_editable_q(scope=scope))
        .prefetch_related(
            "regions",
            "outcomes",
            "indicators",
            Prefetch("place_links", queryset=EvaluationPlace.objects.select_related("place")),
            "questions",
            "findings",
            "lessons",
        )
        .get(pk=pk)
    )


def recommendations_with_follow_up(*, today: datetime.date) -> QuerySet[Recommendation]:
    """Recommendations with their action counts and what they link to, for pages and the API."""
    return (
        Recommendation.objects.annotate(**action_counts(today=today))
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


def set_follow_up(recommendations: Iterable[Any]) -> list[Any]:
    """Attach each recommendation's follow-up state, derived from its annotated counts.

    The recommendations carry the counts of `recommendations_with_follow_up` (typed Any: an annotated
    queryset's instances), and leave with a `follow_up` attribute for the page.
    """
    recommendations = list(recommendations)
    for recommendation in recommendations:
        recommendation.follow_up = follow_up_state(
            total=recommendation.actions_total,
            closed=recommendation.actions_closed,
            overdue=recommendation.actions_overdue,
        )
    return recommendations


def evaluation_detail(*, user: AnyUser, pk: int, today: datetime.date | None = None) -> Evaluation:
    """An evaluation with everything its page shows, in a fixed number of queries."""
    today = today or timezone.localdate()
    evaluation = (
        evaluation_queryset(user=user)
        .annotate(**evaluation_follow_up_counts(today=today))
        .select_related("created_by")
        .prefetch_related(
            "regions",
            "outcomes__framework",
            "indicators",
            Prefetch("place_links", queryset=EvaluationPlace.objects.select_related("place__region")),
            "questions",
            "findings",
            "lessons",
            Prefetch("recommendations", queryset=recommendations_with_follow_up(today=today)),
            Prefetch(
                "responses",
                queryset=OfficeResponse.objects.prefetch_related(
                    Prefetch("recommendations", queryset=Recommendation.objects.order_by("number"))
                ),
            ),
            Prefetch("coverage", queryset=SynthesisCoverage.objects.select_related("evaluation")),
            Prefetch("synthesis_findings", queryset=SynthesisFinding.objects.prefetch_related("cited")),
            Prefetch("coverage_in", queryset=SynthesisCoverage.objects.select_related("synthesis")),
        )
        .get(pk=pk)
    )
    # The page reads these attributes, set on the instances for it; no model declares them.
    evaluation.recommendation_rows = set_follow_up(evaluation.recommendations.all())  # type: ignore[attr-defined]
    order = {criterion: position for position, criterion in enumerate(Criterion.values)}
    evaluation.finding_rows = sorted(  # type: ignore[attr-defined]
        evaluation.findings.all(), key=lambda finding: order[finding.criterion]
    )
    coverage = {link.evaluation_id: (link.position, link.report_number) for link in evaluation.coverage.all()}
    for finding in evaluation.synthesis_findings.all():
        cited = sorted(finding.cited.all(), key=lambda covered: coverage.get(covered.pk, (0, ""))[0])
        finding.citations = [  # type: ignore[attr-defined]
            (coverage.get(covered.pk, (0, ""))[1], covered) for covered in cited
        ]
    return evaluation


def recommendation_queryset(*, user: AnyUser) -> QuerySet[Recommendation]:
    return Recommendation.objects.filter(evaluation_visible_q(scope=user_scope(user=user), prefix="evaluation__"))


def recommendation_list(
    *, user: AnyUser, filters: dict[str, Any] | None = None, today: datetime.date | None = None
) -> QuerySet[Recommendation]:
    from evaluations.filters import RecommendationFilter

    today = today or timezone.localdate()
    recommendations: QuerySet[Recommendation] = RecommendationFilter(
        filters or {}, queryset=recommendation_queryset(user=user)
    ).qs
    return (
        recommendations.annotate(**action_counts(today=today))
        .select_related("evaluation", "response")
        .prefetch_related(
            "next_steps",
            "outcomes__framework",
            "indicators",
            "places",
            Prefetch("actions", queryset=FollowUpAction.objects.select_related("owner").order_by("due_date", "pk")),
        )
    )


def recommendation_get(*, user: AnyUser, pk: int, today: datetime.date | None = None) -> Recommendation:
    """One recommendation the user may see, with its actions and their updates."""
    today = today or timezone.localdate()
    recommendation = (
        recommendation_queryset(user=user)
        .annotate(**action_counts(today=today))
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
        .get(pk=pk)
    )
    set_follow_up([recommendation])
    return recommendation


def office_response_get(*, user: AnyUser, pk: int) -> OfficeResponse:
    scope = user_scope(user=user)
    return (
        OfficeResponse.objects.filter(evaluation_visible_q(scope=scope, prefix="evaluation__"))
        .select_related("evaluation")
        .prefetch_related(
            Prefetch("recommendations", queryset=Recommendation.objects.order_by("number")),
            "evaluation__regions",
            "evaluation__outcomes",
            "evaluation__indicators",
        )
        .get(pk=pk)
    )
