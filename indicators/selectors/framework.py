"""Reads of the framework editor: a biennium's outcomes and indicators as edited, predecessors, and history."""

from typing import Any

from django.db.models import Count, Prefetch, QuerySet

from indicators.models import Indicator, MeasurementCriterion, PublishedFigure, Result, Target
from outcomes.models import Biennium, Outcome
from rbm.history import HistoryEntry, history_entries, history_merge

INDICATOR_HISTORY_FIELDS = (
    "code",
    "statement",
    "unit",
    "unit_singular",
    "unit_kind",
    "criteria_rule",
    "criteria_minimum",
    "predecessor",
    "position",
)


def framework_outcome_list(*, biennium: Biennium) -> QuerySet[Outcome]:
    """The biennium's outcomes, each with its indicators, their criteria count, result count and this biennium's
    target and published figure (as `biennium_targets` and `biennium_figures`): four queries."""
    indicators = (
        Indicator.objects.select_related("predecessor__framework")
        .annotate(criteria_count=Count("criteria", distinct=True), result_count=Count("results", distinct=True))
        .prefetch_related(
            Prefetch("targets", queryset=Target.objects.filter(biennium=biennium), to_attr="biennium_targets"),
            Prefetch(
                "published_figures",
                queryset=PublishedFigure.objects.filter(biennium=biennium),
                to_attr="biennium_figures",
            ),
        )
        .order_by("position", "code")
    )
    return (
        Outcome.objects.filter(framework_id=biennium.framework_id)
        .order_by("position", "number")
        .prefetch_related(Prefetch("indicators", queryset=indicators))
    )


def predecessor_choices(*, biennium: Biennium) -> QuerySet[Indicator]:
    """The indicators an indicator of the biennium's framework may continue: those of earlier frameworks."""
    return (
        Indicator.objects.filter(framework__start_year__lt=biennium.framework.start_year)
        .select_related("framework")
        .order_by("-framework__start_year", "position", "code")
    )


def indicator_framework_get(*, indicator: Indicator, biennium: Biennium) -> dict:
    """The indicator's criteria, and its target and published figure for the biennium (None when not set)."""
    return {
        "criteria": list(MeasurementCriterion.objects.filter(indicator=indicator).order_by("number")),
        "target": Target.objects.filter(indicator=indicator, biennium=biennium).first(),
        "published": PublishedFigure.objects.filter(indicator=indicator, biennium=biennium).first(),
    }


def _criterion_label(record: Any) -> str:
    return f"{MeasurementCriterion._meta.verbose_name} {record.number}"


def indicator_framework_history(*, indicator: Indicator, biennium: Biennium) -> list[HistoryEntry]:
    """Every change to the indicator, its criteria, and its target and published figure for the biennium."""
    return history_merge(
        history_entries(
            indicator.history.select_related("history_user", "predecessor"),
            what=str(Indicator._meta.verbose_name),
            fields=INDICATOR_HISTORY_FIELDS,
        ),
        history_entries(
            MeasurementCriterion.history.filter(indicator_id=indicator.pk).select_related("history_user"),
            what=_criterion_label,
            fields=("text",),
        ),
        history_entries(
            Target.history.filter(indicator_id=indicator.pk, biennium_id=biennium.pk).select_related("history_user"),
            what=f"{Target._meta.verbose_name} {biennium.label}",
            fields=("value", "text"),
        ),
        history_entries(
            PublishedFigure.history.filter(indicator_id=indicator.pk, biennium_id=biennium.pk).select_related(
                "history_user"
            ),
            what=f"{PublishedFigure._meta.verbose_name} {biennium.label}",
            fields=("text", "value", "member_states", "territories", "source"),
        ),
    )


def outcome_framework_history(*, outcome: Outcome) -> list[HistoryEntry]:
    return history_entries(
        outcome.history.select_related("history_user"),
        what=str(Outcome._meta.verbose_name),
        fields=("number", "statement", "position"),
    )


def framework_has_results(*, indicator: Indicator | None = None, outcome: Outcome | None = None) -> bool:
    """Whether results are recorded under the indicator (or any indicator of the outcome): changes need a reason."""
    if indicator is not None:
        return Result.objects.filter(indicator=indicator).exists()
    return Result.objects.filter(indicator__outcome=outcome).exists()
