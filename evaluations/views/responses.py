"""The Office's response to recommendations: entry and edit."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _

from evaluations.forms import OfficeResponseForm, apply_errors
from evaluations.services import (
    office_response_create,
    office_response_update,
)
from evaluations.views.common import editable_evaluation_or_404, response_or_404
from evaluations.views.recommendations import UNCHANGED, _form_status
from rbm.exceptions import ApplicationError

RESPONSE_CREATED = _("The Office's response is recorded for recommendation(s) %(numbers)s.")
RESPONSE_UPDATED = _("The Office's response is saved.")


def _response_form_page(request, *, evaluation, form, response=None):
    return render(
        request,
        "evaluations/response_form.html",
        {"form": form, "evaluation": evaluation, "response": response},
        status=_form_status(form),
    )


@login_required
def response_create(request, pk: int):
    evaluation = editable_evaluation_or_404(request, pk)
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
def response_edit(request, pk: int):
    response = response_or_404(request, pk, editable=True)
    evaluation = response.evaluation
    recommendations = list(evaluation.recommendations.select_related("response").order_by("number"))
    form = OfficeResponseForm(
        request.POST or None,
        recommendations=recommendations,
        response=response,
        initial={"heading": response.heading, "text": response.text},
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
