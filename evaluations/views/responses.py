"""The Office's response to recommendations: entry and edit."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext_lazy as _

from evaluations.forms import OfficeResponseForm, apply_errors
from evaluations.models import Evaluation, OfficeResponse
from evaluations.selectors import evaluation_queryset, office_response_queryset
from evaluations.services import (
    office_response_create,
    office_response_update,
)
from evaluations.views.common import UNCHANGED, form_status
from rbm.exceptions import ApplicationError

RESPONSE_CREATED = _("The Office's response is recorded for recommendation(s) %(numbers)s.")
RESPONSE_UPDATED = _("The Office's response is saved.")


def _response_form_page(
    request: HttpRequest, *, evaluation: Evaluation, form: OfficeResponseForm, response: OfficeResponse | None = None
) -> HttpResponse:
    return render(
        request,
        "evaluations/response_form.html",
        {"form": form, "evaluation": evaluation, "response": response},
        status=form_status(form),
    )


@login_required
def response_create_view(request: HttpRequest, pk: int) -> HttpResponse:
    evaluation = get_object_or_404(evaluation_queryset(user=request.user, editable=True), pk=pk)
    recommendations = list(evaluation.recommendations.select_related("response").order_by("number"))
    form = OfficeResponseForm(request.POST or None, recommendations=recommendations)
    if request.method == "POST" and form.is_valid():
        answers = form.answers()
        try:
            office_response_create(
                user=request.user,
                evaluation=evaluation,
                heading=form.cleaned_data["heading"],
                text=form.cleaned_data["text"],
                answers=answers,
            )
        except ValidationError as error:
            apply_errors(form, error)
        except ApplicationError as error:
            form.add_error(None, error.message)
        else:
            numbers = ", ".join(str(recommendation.number) for recommendation, _stance in answers)
            messages.success(request, RESPONSE_CREATED % {"numbers": numbers})
            return redirect(evaluation)
    return _response_form_page(request, evaluation=evaluation, form=form)


@login_required
def response_edit_view(request: HttpRequest, pk: int) -> HttpResponse:
    response = get_object_or_404(office_response_queryset(user=request.user, editable=True), pk=pk)
    evaluation = response.evaluation
    recommendations = list(evaluation.recommendations.select_related("response").order_by("number"))
    form = OfficeResponseForm(
        request.POST or None,
        recommendations=recommendations,
        response=response,
        initial={"heading": response.heading_en, "text": response.text_en},
    )
    if request.method == "POST" and form.is_valid():
        try:
            changes = office_response_update(
                user=request.user,
                response=response,
                heading=form.cleaned_data["heading"],
                text=form.cleaned_data["text"],
                answers=form.answers(),
            )
        except ValidationError as error:
            apply_errors(form, error)
        except ApplicationError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, RESPONSE_UPDATED if changes.changed else UNCHANGED)
            return redirect(response)
    return _response_form_page(request, evaluation=evaluation, form=form, response=response)
