"""Who may see and change which evaluations.

Anyone may read published evaluations. Officers, managers and administrators may enter and edit an
evaluation (and its recommendations, responses and follow-up) when their scope covers it: every region
it is tagged with lies within their regions and every outcome it concerns (directly or through one of
its indicators) lies within their outcomes. An evaluation tagged with no region (or no outcome) is
global on that dimension and needs an unrestricted scope there, or an administrator.
"""

from accounts.selectors import Scope, user_scope
from evaluations.models import Evaluation


def scope_covers(*, scope: Scope, region_ids: set[int], outcome_ids: set[int]) -> bool:
    """Whether a scope may edit an evaluation tagged with these regions and outcomes."""
    if scope.is_administrator:
        return True
    if not scope.can_record:
        return False
    if scope.region_ids is not None and (not region_ids or not region_ids <= scope.region_ids):
        return False
    return scope.outcome_ids is None or (bool(outcome_ids) and outcome_ids <= scope.outcome_ids)


def evaluation_scope_ids(*, evaluation: Evaluation) -> tuple[set[int], set[int]]:
    """The region ids and outcome ids (direct or through indicators) that decide who may edit."""
    region_ids = {region.pk for region in evaluation.regions.all()}
    outcome_ids = {outcome.pk for outcome in evaluation.outcomes.all()}
    outcome_ids |= {indicator.outcome_id for indicator in evaluation.indicators.all()}
    return region_ids, outcome_ids


def evaluation_editable(*, user, evaluation: Evaluation) -> bool:
    region_ids, outcome_ids = evaluation_scope_ids(evaluation=evaluation)
    return scope_covers(scope=user_scope(user=user), region_ids=region_ids, outcome_ids=outcome_ids)
