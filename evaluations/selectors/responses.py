"""Reading the Office's responses to recommendations."""

from django.db.models import Prefetch

from accounts.selectors import user_scope
from evaluations.conditions import (
    evaluation_visible_q,
)
from evaluations.models import (
    OfficeResponse,
    Recommendation,
)


def office_response_get(*, user, pk: int) -> OfficeResponse:
    scope = user_scope(user=user)
    return (
        OfficeResponse.objects.filter(evaluation_visible_q(scope=scope, prefix="evaluation__"))
        .select_related("evaluation")
        .prefetch_related(
            Prefetch("recommendations", queryset=Recommendation.objects.order_by("number")),
            "evaluation__regions",
            "evaluation__outcomes",
            "evaluation__indicators",
        )
        .get(pk=pk)
    )
