"""Reading the evaluation register: lists with search and filters, one evaluation with all it holds."""

import datetime

from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from accounts.selectors import user_scope
from evaluations.conditions import (
    REGISTER_ORDER,
    evaluation_editable_q,
    evaluation_follow_up_counts,
    evaluation_visible_q,
)
from evaluations.filters import EvaluationFilter
from evaluations.models import (
    Criterion,
    Evaluation,
    EvaluationPlace,
    OfficeResponse,
    Recommendation,
    SynthesisCoverage,
    SynthesisFinding,
)
from evaluations.selectors.recommendations import recommendation_follow_up_queryset


def evaluation_queryset(*, user) -> QuerySet[Evaluation]:
    """The evaluations a user may see: published ones, and the drafts within their scope."""
    return Evaluation.objects.filter(evaluation_visible_q(scope=user_scope(user=user)))


def evaluation_filterset(*, user, data=None, today: datetime.date | None = None):
    """The register's filters over the evaluations a user may see, each with its follow-up counts.

    Counts are subqueries, so one query fetches a page whatever the number of recommendations. The
    filter set's `form` shows the filters and their errors; its `qs` is the filtered list.
    """
    evaluations = (
        evaluation_queryset(user=user)
        .annotate(**evaluation_follow_up_counts(today=today or timezone.localdate()))
        .order_by(*REGISTER_ORDER)
    )
    return EvaluationFilter(data or None, queryset=evaluations)


def evaluation_tags_prefetch(evaluations: QuerySet[Evaluation]) -> QuerySet[Evaluation]:
    """Prefetch what a register row shows: regions, places, outcomes and indicators (four queries a page)."""
    return evaluations.prefetch_related(
        "regions",
        Prefetch("place_links", queryset=EvaluationPlace.objects.select_related("place")),
        "outcomes__framework",
        "indicators",
    )


def evaluation_list(*, user, filters: dict | None = None, today: datetime.date | None = None) -> QuerySet[Evaluation]:
    return evaluation_filterset(user=user, data=filters, today=today).qs


def evaluation_get(*, user, pk: int) -> Evaluation:
    """One evaluation the user may see, with its tags; raises Evaluation.DoesNotExist otherwise."""
    return evaluation_queryset(user=user).prefetch_related("regions", "outcomes", "indicators").get(pk=pk)


def evaluation_editable_get(*, user, pk: int) -> Evaluation:
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


def evaluation_detail(*, user, pk: int, today: datetime.date | None = None) -> Evaluation:
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
            Prefetch(
                "recommendations",
                queryset=recommendation_follow_up_queryset(today=today),
                to_attr="recommendation_rows",
            ),
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
    order = {criterion: position for position, criterion in enumerate(Criterion.values)}
    evaluation.finding_rows = sorted(evaluation.findings.all(), key=lambda finding: order[finding.criterion])
    coverage = {link.evaluation_id: (link.position, link.report_number) for link in evaluation.coverage.all()}
    for finding in evaluation.synthesis_findings.all():
        cited = sorted(finding.cited.all(), key=lambda covered: coverage.get(covered.pk, (0, ""))[0])
        finding.citations = [(coverage.get(covered.pk, (0, ""))[1], covered) for covered in cited]
    return evaluation
