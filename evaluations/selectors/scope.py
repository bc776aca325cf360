"""Who may see and change which evaluations.

Anyone may read published evaluations. Officers, managers and administrators may enter and edit an
evaluation (and its recommendations, responses and follow-up) when their scope covers it: every region
it is tagged with lies within their regions and every outcome it concerns (directly or through one of
its indicators) lies within their outcomes. An evaluation tagged with no region (or no outcome) is
global on that dimension and needs an unrestricted scope there, or an administrator.
"""

from django.db.models import Exists, OuterRef, Q

from accounts.selectors import AnyUser, Scope, user_scope
from evaluations.models import Evaluation

_EvaluationRegion = Evaluation.regions.through
_EvaluationOutcome = Evaluation.outcomes.through
_EvaluationIndicator = Evaluation.indicators.through


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


def evaluation_editable(*, user: AnyUser, evaluation: Evaluation) -> bool:
    region_ids, outcome_ids = evaluation_scope_ids(evaluation=evaluation)
    return scope_covers(scope=user_scope(user=user), region_ids=region_ids, outcome_ids=outcome_ids)


def evaluation_editable_q(*, scope: Scope, prefix: str = "") -> Q:
    """A filter selecting the evaluations a scope may edit; `prefix` leads from the queried model to one."""
    if scope.is_administrator:
        return Q()
    if not scope.can_record:
        return Q(pk__in=[])
    outer = OuterRef(f"{prefix}pk")
    condition = Q()
    if scope.region_ids is not None:
        regions = _EvaluationRegion.objects.filter(evaluation_id=outer)
        condition &= Q(Exists(regions)) & ~Q(Exists(regions.exclude(region_id__in=scope.region_ids)))
    if scope.outcome_ids is not None:
        direct = _EvaluationOutcome.objects.filter(evaluation_id=outer)
        via = _EvaluationIndicator.objects.filter(evaluation_id=outer)
        condition &= (
            (Q(Exists(direct)) | Q(Exists(via)))
            & ~Q(Exists(direct.exclude(outcome_id__in=scope.outcome_ids)))
            & ~Q(Exists(via.exclude(indicator__outcome_id__in=scope.outcome_ids)))
        )
    # An empty Q would vanish when OR-ed with another condition; say "every evaluation" explicitly.
    return condition or Q(**{f"{prefix}pk__isnull": False})


def evaluation_visible_q(*, scope: Scope, prefix: str = "") -> Q:
    """Published evaluations, and the drafts a scope may edit."""
    published = Q(**{f"{prefix}status": Evaluation.Status.PUBLISHED})
    if scope.is_administrator:
        return Q()
    if not scope.can_record:
        return published
    return published | evaluation_editable_q(scope=scope, prefix=prefix)
