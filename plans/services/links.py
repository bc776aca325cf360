"""Tying a key output or an activity to an outcome or indicator of a biennium's programme and budget, or
to an evaluation recommendation; by the same people who report on the plan's key outputs."""

from django.core.exceptions import ValidationError

from accounts.selectors import AnyUser, user_scope
from evaluations.models import Recommendation
from indicators.models import Indicator
from outcomes.models import Biennium, Outcome
from plans.models import LINK_ONE_TARGET, KeyOutput, PlanLink
from plans.rules import STATUS_REFUSED, may_report_status
from rbm.exceptions import NotAllowed
from rbm.services import model_create


def key_output_link_add(
    *,
    user: AnyUser,
    key_output: KeyOutput,
    biennium: Biennium | None = None,
    outcome: Outcome | None = None,
    indicator: Indicator | None = None,
    recommendation: Recommendation | None = None,
) -> PlanLink | None:
    """Record the link; None when the same link is recorded already (nothing is written twice)."""
    plan = key_output.means.activity.category.revision.plan
    if not may_report_status(scope=user_scope(user=user), outcome_id=plan.outcome_id):
        raise NotAllowed(STATUS_REFUSED)
    if outcome is None and indicator is None and recommendation is None:
        raise ValidationError(LINK_ONE_TARGET)
    values = {
        "key_output": key_output,
        "biennium": biennium,
        "outcome": outcome,
        "indicator": indicator,
        "recommendation": recommendation,
    }
    if PlanLink.objects.filter(**values).exists():
        return None
    actor = user if user is not None and user.is_authenticated else None
    return model_create(model=PlanLink, data=values, user=actor)
