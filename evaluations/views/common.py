"""What the evaluation pages share: finding things within the user's sight, and showing refusals."""

from django.http import Http404
from django.shortcuts import render

from evaluations.models import Evaluation, FollowUpAction, OfficeResponse, Recommendation
from evaluations.rules import evaluation_editable
from evaluations.selectors import (
    evaluation_editable_get,
    follow_up_action_get,
    office_response_get,
    recommendation_get,
)
from rbm.exceptions import ApplicationError, NotAllowed


def editable_evaluation_or_404(request, pk: int) -> Evaluation:
    """The evaluation if the user may edit it; 404 otherwise, so what is out of sight stays unseen."""
    try:
        return evaluation_editable_get(user=request.user, pk=pk)
    except Evaluation.DoesNotExist:
        raise Http404 from None


def recommendation_or_404(request, pk: int, *, editable: bool = False) -> Recommendation:
    try:
        recommendation = recommendation_get(user=request.user, pk=pk)
    except Recommendation.DoesNotExist:
        raise Http404 from None
    if editable and not evaluation_editable(user=request.user, evaluation=recommendation.evaluation):
        raise Http404
    return recommendation


def response_or_404(request, pk: int, *, editable: bool = False) -> OfficeResponse:
    try:
        response = office_response_get(user=request.user, pk=pk)
    except OfficeResponse.DoesNotExist:
        raise Http404 from None
    if editable and not evaluation_editable(user=request.user, evaluation=response.evaluation):
        raise Http404
    return response


def action_or_404(request, pk: int, *, editable: bool = False) -> FollowUpAction:
    try:
        action = follow_up_action_get(user=request.user, pk=pk)
    except FollowUpAction.DoesNotExist:
        raise Http404 from None
    if editable and not evaluation_editable(user=request.user, evaluation=action.recommendation.evaluation):
        raise Http404
    return action


def refused(request, error: ApplicationError):
    """A page saying why the request was refused (403 when the role or scope does not allow it)."""
    return render(
        request,
        "evaluations/refused.html",
        {"message": error.message},
        status=error.status_code if isinstance(error, NotAllowed) else 400,
    )
