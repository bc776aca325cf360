"""Reading the Office's responses to recommendations."""

from django.db.models import Prefetch, QuerySet

from accounts.selectors import AnyUser, user_scope
from evaluations.conditions import evaluation_editable_q, evaluation_visible_q
from evaluations.models import OfficeResponse, Recommendation


def office_response_queryset(*, user: AnyUser, editable: bool = False) -> QuerySet[OfficeResponse]:
    """The responses of the evaluations a user may see (or edit), each with the recommendations it answers."""
    scope = user_scope(user=user)
    condition = (
        evaluation_editable_q(scope=scope, prefix="evaluation__")
        if editable
        else evaluation_visible_q(scope=scope, prefix="evaluation__")
    )
    return (
        OfficeResponse.objects.filter(condition)
        .select_related("evaluation")
        .prefetch_related(
            Prefetch("recommendations", queryset=Recommendation.objects.order_by("number")),
            "evaluation__regions",
            "evaluation__outcomes",
            "evaluation__indicators",
        )
    )
