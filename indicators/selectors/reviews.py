"""Reading what waits for review: the validation queue."""

from django.db.models import QuerySet

from accounts.selectors import AnyUser, user_scope
from indicators.models import Result
from rbm.replica import replica_read


@replica_read
def result_review_queue(*, user: AnyUser) -> QuerySet[Result]:
    """Submitted results a manager may validate, in scope, oldest first, with their criteria (for the warning)."""
    scope = user_scope(user=user)
    if not scope.can_validate:
        return Result.objects.none()
    return (
        Result.objects.filter(status=Result.Status.SUBMITTED)
        .filter(scope.filter(region_path="place__region_id", outcome_path="indicator__outcome_id"))
        .select_related("indicator__outcome", "biennium", "place__region", "created_by", "last_edited_by")
        .prefetch_related("indicator__criteria")
        .order_by("submitted_at", "pk")
    )
