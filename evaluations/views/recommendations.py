"""Recommendations: a recommendation's page, entry and edit."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext_lazy as _

from evaluations.forms import RecommendationForm, apply_errors
from evaluations.rules import evaluation_editable
from evaluations.selectors import (
    evaluation_queryset,
    recommendation_detail_queryset,
    recommendation_history,
    recommendation_next_number,
)
from evaluations.services import (
    recommendation_create,
    recommendation_update,
)
from evaluations.views.common import UNCHANGED, form_status
from rbm.exceptions import ApplicationError

RECOMMENDATION_CREATED = _("Recommendation %(number)d is added.")
RECOMMENDATION_UPDATED = _("Recommendation %(number)d is saved.")


def recommendation_detail_view(request: HttpRequest, pk: int) -> HttpResponse:
    recommendation = get_object_or_404(recommendation_detail_queryset(user=request.user), pk=pk)
    return render(
        request,
        "evaluations/recommendation_detail.html",
        {
            "recommendation": recommendation,
            "evaluation": recommendation.evaluation,
            "entries": recommendation_history(recommendation=recommendation),
            "can_edit": evaluation_editable(user=request.user, evaluation=recommendation.evaluation),
        },
    )


@login_required
def recommendation_create_view(request: HttpRequest, pk: int) -> HttpResponse:
    evaluation = get_object_or_404(evaluation_queryset(user=request.user, editable=True), pk=pk)
    initial = {"number": recommendation_next_number(evaluation=evaluation), "outcomes": list(evaluation.outcomes.all())}
    form = RecommendationForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            recommendation = recommendation_create(user=request.user, evaluation=evaluation, data=form.to_input())
        except ValidationError as error:
            apply_errors(form, error)
        except ApplicationError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, RECOMMENDATION_CREATED % {"number": recommendation.number})
            return redirect(recommendation)
    return render(
        request,
        "evaluations/recommendation_form.html",
        {"form": form, "evaluation": evaluation},
        status=form_status(form),
    )


@login_required
def recommendation_edit_view(request: HttpRequest, pk: int) -> HttpResponse:
    recommendation = get_object_or_404(recommendation_detail_queryset(user=request.user, editable=True), pk=pk)
    form = RecommendationForm(request.POST or None, initial=RecommendationForm.initial_from(recommendation))
    if request.method == "POST" and form.is_valid():
        try:
            changes = recommendation_update(user=request.user, recommendation=recommendation, data=form.to_input())
        except ValidationError as error:
            apply_errors(form, error)
        except ApplicationError as error:
            form.add_error(None, error.message)
        else:
            number = form.cleaned_data["number"]
            messages.success(request, RECOMMENDATION_UPDATED % {"number": number} if changes.changed else UNCHANGED)
            return redirect(recommendation)
    return render(
        request,
        "evaluations/recommendation_form.html",
        {"form": form, "evaluation": recommendation.evaluation, "recommendation": recommendation},
        status=form_status(form),
    )
