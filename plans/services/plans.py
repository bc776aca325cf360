"""Editing a plan's own facts: the outcome whose managers and officers monitor it."""

from outcomes.models import Outcome
from plans.models import Plan
from rbm.services import Actor, model_update


def plan_outcome_set(*, plan: Plan, outcome: Outcome | None, user: Actor = None) -> bool:
    """Tie the plan to the outcome whose managers and officers report on its key outputs."""
    _, changed = model_update(instance=plan, data={"outcome": outcome}, user=user, reason="outcome")
    return changed
