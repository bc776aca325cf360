"""The rules of evaluations that services, selectors, pages and imports share, and their messages.

Who may edit an evaluation: officers, managers and administrators whose scope covers it, that is every
region it is tagged with lies within their regions and every outcome it concerns (directly or through
one of its indicators) lies within their outcomes (`Scope.covers_tags`; an evaluation tagged with no
region, or no outcome, is global on that dimension). Anyone may read published evaluations. Only
managers and administrators publish or withdraw one.
"""

from collections.abc import Iterable

from django.utils.translation import gettext_lazy as _

from accounts.selectors import AnyUser, Scope, user_scope
from evaluations.models import Evaluation
from rbm.exceptions import NotAllowed

OWNER_UNKNOWN = _("No active user has this user name.")
ROLE_CANNOT_RECORD_EVALUATIONS = _("Your role does not allow entering or changing evaluations.")
EVALUATION_OUT_OF_SCOPE = _(
    "This evaluation is outside your scope: it must be tagged only with regions and outcomes you work on "
    "(an evaluation tagged with none is global)."
)
CANNOT_PUBLISH = _("Only a manager or an administrator can publish an evaluation or withdraw it.")


def evaluation_scope_ids(*, evaluation: Evaluation) -> tuple[set[int], set[int]]:
    """The region ids and outcome ids (direct or through indicators) that decide who may edit."""
    region_ids = {region.pk for region in evaluation.regions.all()}
    outcome_ids = {outcome.pk for outcome in evaluation.outcomes.all()}
    outcome_ids |= {indicator.outcome_id for indicator in evaluation.indicators.all()}
    return region_ids, outcome_ids


def evaluation_tags_editable(*, scope: Scope, region_ids: Iterable[int], outcome_ids: Iterable[int]) -> bool:
    """Whether a scope may edit an evaluation tagged (or about to be tagged) with these regions and outcomes."""
    return scope.can_record and scope.covers_tags(region_ids=region_ids, outcome_ids=outcome_ids)


def evaluation_editable(*, user: AnyUser, evaluation: Evaluation) -> bool:
    """Whether the user may edit the evaluation (and its recommendations, responses and follow-up)."""
    region_ids, outcome_ids = evaluation_scope_ids(evaluation=evaluation)
    return evaluation_tags_editable(scope=user_scope(user=user), region_ids=region_ids, outcome_ids=outcome_ids)


def evaluation_edit_check(
    *,
    user: AnyUser,
    evaluation: Evaluation | None = None,
    region_ids: Iterable[int] = (),
    outcome_ids: Iterable[int] = (),
) -> None:
    """Refuse (NotAllowed) unless the user may edit the evaluation, as stored or as it is about to be tagged."""
    scope = user_scope(user=user)
    if not scope.can_record:
        raise NotAllowed(ROLE_CANNOT_RECORD_EVALUATIONS)
    if evaluation is not None:
        region_ids, outcome_ids = evaluation_scope_ids(evaluation=evaluation)
    if not evaluation_tags_editable(scope=scope, region_ids=region_ids, outcome_ids=outcome_ids):
        raise NotAllowed(EVALUATION_OUT_OF_SCOPE)


def evaluation_publish_check(*, user: AnyUser, current: str, wanted: str) -> None:
    """Refuse (NotAllowed) a change into or out of "published" by anyone but a manager or an administrator."""
    if (
        current != wanted
        and Evaluation.Status.PUBLISHED in (current, wanted)
        and not user_scope(user=user).can_validate
    ):
        raise NotAllowed(CANNOT_PUBLISH)
