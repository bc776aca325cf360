"""Reading the evaluation register: lists with search and filters, one evaluation with all it holds."""

import datetime
from collections.abc import Mapping

from django.db.models import Case, IntegerField, Prefetch, QuerySet, Value, When
from django.forms import ModelChoiceField
from django.utils import timezone

from accounts.selectors import AnyUser, user_scope
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
    Finding,
    OfficeResponse,
    Recommendation,
    SynthesisCoverage,
    SynthesisFinding,
)
from evaluations.selectors.recommendations import recommendation_follow_up_queryset
from rbm.replica import read_alias, replica_read


def evaluation_queryset(*, user: AnyUser, editable: bool = False) -> QuerySet[Evaluation]:
    """The evaluations a user may see (published ones, and the drafts within their scope), or may edit."""
    scope = user_scope(user=user)
    return Evaluation.objects.filter(
        evaluation_editable_q(scope=scope) if editable else evaluation_visible_q(scope=scope)
    )


@replica_read
def evaluation_filterset(
    *, user: AnyUser, data: Mapping[str, object] | None = None, today: datetime.date | None = None
) -> EvaluationFilter:
    """The register's filters over the evaluations a user may see, each with its follow-up counts.

    Counts are subqueries, so one query fetches a page whatever the number of recommendations. The
    filter set's `form` shows the filters and their errors; its `qs` is the filtered list.
    """
    evaluations = (
        evaluation_queryset(user=user)
        .annotate(**evaluation_follow_up_counts(today=today or timezone.localdate()))
        .order_by(*REGISTER_ORDER)
    )
    # The filter set is no QuerySet, so @replica_read cannot bind it: its list and its form's model choices
    # (read when the template renders, after this call) are bound here to the database reads go to now.
    alias = read_alias()
    filterset = EvaluationFilter(data or None, queryset=evaluations.using(alias))
    for field in filterset.form.fields.values():
        if isinstance(field, ModelChoiceField) and field.queryset is not None:
            field.queryset = field.queryset.using(alias)
    return filterset


def evaluation_tags_prefetch(evaluations: QuerySet[Evaluation]) -> QuerySet[Evaluation]:
    """Prefetch what a register row shows: regions, places, outcomes and indicators (four queries a page)."""
    return evaluations.prefetch_related(
        "regions",
        Prefetch("place_links", queryset=EvaluationPlace.objects.select_related("place")),
        "outcomes__framework",
        "indicators",
    )


@replica_read
def evaluation_list(
    *, user: AnyUser, filters: dict | None = None, today: datetime.date | None = None
) -> QuerySet[Evaluation]:
    evaluations: QuerySet[Evaluation] = evaluation_filterset(user=user, data=filters, today=today).qs
    return evaluations


def evaluation_edit_queryset(*, user: AnyUser) -> QuerySet[Evaluation]:
    """The evaluations a user may edit, with what the edit form shows."""
    return evaluation_queryset(user=user, editable=True).prefetch_related(
        "regions",
        "outcomes",
        "indicators",
        Prefetch("place_links", queryset=EvaluationPlace.objects.select_related("place")),
        "questions",
        "findings",
        "lessons",
    )


def evaluation_detail_queryset(*, user: AnyUser, today: datetime.date | None = None) -> QuerySet[Evaluation]:
    """The evaluations a user may see, each with everything its page shows, in a fixed number of queries.

    `recommendation_rows` are its recommendations with their follow-up (annotated), `finding_rows` its
    findings in the order of the criteria; a synthesis finding's `citations` read the prefetched coverage.
    """
    today = today or timezone.localdate()
    criterion_order = Case(
        *(When(criterion=criterion, then=Value(position)) for position, criterion in enumerate(Criterion.values)),
        output_field=IntegerField(),
    )
    return (
        evaluation_queryset(user=user)
        .annotate(**evaluation_follow_up_counts(today=today))
        .select_related("created_by")
        .prefetch_related(
            "regions",
            "outcomes__framework",
            "indicators",
            Prefetch("place_links", queryset=EvaluationPlace.objects.select_related("place__region")),
            "questions",
            Prefetch("findings", queryset=Finding.objects.order_by(criterion_order), to_attr="finding_rows"),
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
    )


def evaluation_detail(*, user: AnyUser, pk: int, today: datetime.date | None = None) -> Evaluation:
    """One evaluation with everything its page shows; Evaluation.DoesNotExist when the user may not see it."""
    return evaluation_detail_queryset(user=user, today=today).get(pk=pk)
