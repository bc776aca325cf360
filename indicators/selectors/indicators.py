"""Reading the results framework: a biennium's indicators, one by code, and with their targets and criteria."""

from django.core.exceptions import ValidationError
from django.db.models import Prefetch, QuerySet

from indicators.models import Indicator, MeasurementCriterion, Target
from outcomes.models import Biennium, Outcome
from outcomes.rules import OUTCOME_UNKNOWN
from outcomes.selectors import outcome_list
from rbm.replica import replica_read


@replica_read
def indicator_list(*, biennium: Biennium) -> QuerySet[Indicator]:
    return (
        Indicator.objects.filter(framework_id=biennium.framework_id)
        .select_related("outcome")
        .order_by("outcome__position", "outcome__number", "position", "code")
    )


def indicator_get(*, biennium: Biennium, code: str) -> Indicator:
    """Resolve an indicator code within the framework of the biennium asked for."""
    return indicator_list(biennium=biennium).get(code=code.strip())


def indicator_list_with_targets(*, biennium: Biennium, outcome: Outcome | None = None) -> QuerySet[Indicator]:
    """The biennium's indicators with their outcome, targets of every biennium and criteria: three queries."""
    indicators = indicator_list(biennium=biennium)
    if outcome is not None:
        indicators = indicators.filter(outcome=outcome)
    return indicators.prefetch_related(
        Prefetch("targets", queryset=Target.objects.select_related("biennium").order_by("biennium__start_year")),
        Prefetch("criteria", queryset=MeasurementCriterion.objects.order_by("number")),
    )


def outcome_resolve(*, biennium: Biennium, number: str | None, field: str = "outcome") -> Outcome | None:
    """The outcome numbered `number` in the biennium's framework; a field error if there is none."""
    if not number:
        return None
    outcome = outcome_list(biennium=biennium).filter(number=number.strip()).first()
    if outcome is None:
        raise ValidationError({field: OUTCOME_UNKNOWN % {"number": number, "biennium": biennium.label}})
    return outcome
