"""The register: the list with search and filters, an evaluation's page and history, entry and edit."""

from pathlib import PurePosixPath

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext_lazy as _

from accounts.selectors import user_scope
from evaluations.forms import EvaluationForm, apply_errors
from evaluations.models import Evaluation
from evaluations.rules import ROLE_CANNOT_RECORD_EVALUATIONS, evaluation_editable
from evaluations.selectors import (
    evaluation_detail_queryset,
    evaluation_edit_queryset,
    evaluation_filterset,
    evaluation_history,
    evaluation_queryset,
)
from evaluations.services import evaluation_create, evaluation_update
from evaluations.views.common import UNCHANGED, form_status, refused
from rbm.exceptions import ApplicationError, NotAllowed
from rbm.files import user_file_response

CREATED = _("The evaluation “%(title)s” is entered in the register.")
UPDATED = _("The evaluation “%(title)s” is saved.")
PAGE_SIZE = 25


def evaluation_list_view(request: HttpRequest) -> HttpResponse:
    """Every evaluation the user may see, searched and filtered, with where its follow-up stands."""
    filterset = evaluation_filterset(user=request.user, data=request.GET)
    valid = filterset.is_valid() if filterset.is_bound else True
    page = Paginator(filterset.qs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "evaluations/register.html",
        {
            "filter_form": filterset.form,
            "page": page,
            "can_record": user_scope(user=request.user).can_record,
            "filtered": any(value for name, value in request.GET.items() if name != "page"),
        },
        status=200 if valid else 400,
    )


def evaluation_detail_view(request: HttpRequest, pk: int) -> HttpResponse:
    evaluation = get_object_or_404(evaluation_detail_queryset(user=request.user), pk=pk)
    return render(
        request,
        "evaluations/detail.html",
        {"evaluation": evaluation, "can_edit": evaluation_editable(user=request.user, evaluation=evaluation)},
    )


def evaluation_document_view(request: HttpRequest, pk: int) -> FileResponse:
    """The uploaded report, for whoever may see the evaluation (a draft's report stays as hidden as the draft)."""
    evaluation = get_object_or_404(evaluation_queryset(user=request.user), pk=pk)
    if not evaluation.document_file:
        raise Http404
    try:
        handle = evaluation.document_file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    return user_file_response(handle, filename=PurePosixPath(evaluation.document_file.name).name)


def evaluation_history_view(request: HttpRequest, pk: int) -> HttpResponse:
    evaluation = get_object_or_404(evaluation_queryset(user=request.user), pk=pk)
    return render(
        request,
        "evaluations/history.html",
        {"evaluation": evaluation, "entries": evaluation_history(evaluation=evaluation)},
    )


def _evaluation_save(
    request: HttpRequest, form: EvaluationForm, *, evaluation: Evaluation | None = None
) -> HttpResponse | None:
    try:
        if evaluation is None:
            saved = evaluation_create(user=request.user, data=form.to_input())
            messages.success(request, CREATED % {"title": saved.title})
            return redirect(saved)
        changes = evaluation_update(user=request.user, evaluation=evaluation, data=form.to_input())
    except ValidationError as error:
        apply_errors(form, error)
        return None
    except ApplicationError as error:
        form.add_error(None, error.message)
        return None
    messages.success(request, UPDATED % {"title": form.cleaned_data["title"]} if changes.changed else UNCHANGED)
    return redirect(evaluation)


@login_required
def evaluation_create_view(request: HttpRequest) -> HttpResponse:
    if not user_scope(user=request.user).can_record:
        return refused(request, NotAllowed(ROLE_CANNOT_RECORD_EVALUATIONS))
    form = EvaluationForm(request.POST or None, request.FILES or None, initial={"status": Evaluation.Status.DRAFT})
    if request.method == "POST" and form.is_valid():
        response = _evaluation_save(request, form)
        if response is not None:
            return response
    return render(request, "evaluations/evaluation_form.html", {"form": form}, status=form_status(form))


@login_required
def evaluation_edit_view(request: HttpRequest, pk: int) -> HttpResponse:
    evaluation = get_object_or_404(evaluation_edit_queryset(user=request.user), pk=pk)
    form = EvaluationForm(request.POST or None, request.FILES or None, initial=EvaluationForm.initial_from(evaluation))
    if request.method == "POST" and form.is_valid():
        response = _evaluation_save(request, form, evaluation=evaluation)
        if response is not None:
            return response
    return render(
        request, "evaluations/evaluation_form.html", {"form": form, "evaluation": evaluation}, status=form_status(form)
    )
