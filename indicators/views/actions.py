"""The buttons of a result's page: submit, validate, return, reopen, delete, and its evidence."""

from pathlib import PurePosixPath

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import redirect
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_POST

from indicators.forms import EvidenceForm, ReopenForm, ReviewMessageForm
from indicators.models import ResultEvidence
from indicators.services import (
    result_delete,
    result_evidence_add,
    result_evidence_remove,
    result_reopen,
    result_return,
    result_submit,
    result_validate,
)
from indicators.views.common import refused, result_or_404
from indicators.views.results import render_result
from rbm.exceptions import ApplicationError, ConflictError, NotAllowed

SUBMITTED = _("The result for %(place)s is submitted; a manager will validate it or return it to you.")
VALIDATED = _("The result for %(place)s is validated; it now counts under indicator %(code)s.")
RETURNED = _("The result for %(place)s is returned to the officer with your message.")
REOPENED = _("The result for %(place)s is reopened; it no longer counts until it is validated again.")
DELETED = _("The draft result for %(place)s is deleted.")
EVIDENCE_ADDED = _("The evidence is added.")
EVIDENCE_REMOVED = _("The evidence is removed.")


def _version(request) -> int | None:
    value = request.POST.get("version", "")
    return int(value) if value.isdigit() else None


def _refusal(request, pk: int, error: ApplicationError, **forms):
    """Show the result as it is now, with the reason the action was refused."""
    if isinstance(error, NotAllowed):
        return refused(request, error)
    result = result_or_404(request, pk)
    if isinstance(error, ConflictError):
        return render_result(
            request, result, status=409, error=error.message, conflict_changes=error.extra.get("changes", []), **forms
        )
    return render_result(request, result, status=400, error=error.message, **forms)


@login_required
@require_POST
def result_submit_view(request, pk: int):
    result = result_or_404(request, pk)
    try:
        result = result_submit(user=request.user, result=result, version=_version(request))
    except ApplicationError as error:
        return _refusal(request, pk, error)
    messages.success(request, SUBMITTED % {"place": result.display_name})
    return redirect(result)


@login_required
@require_POST
def result_validate_view(request, pk: int):
    result = result_or_404(request, pk)
    form = ReviewMessageForm(request.POST, prefix="validate")
    form.is_valid()
    try:
        result = result_validate(
            user=request.user,
            result=result,
            message=form.cleaned_data.get("message", ""),
            version=form.cleaned_data.get("version"),
        )
    except ApplicationError as error:
        return _refusal(request, pk, error)
    messages.success(request, VALIDATED % {"place": result.display_name, "code": result.indicator.code})
    return redirect("indicators:result-review-queue")


@login_required
@require_POST
def result_return_view(request, pk: int):
    result = result_or_404(request, pk)
    form = ReviewMessageForm(request.POST)
    form.is_valid()
    try:
        result = result_return(
            user=request.user,
            result=result,
            message=form.cleaned_data.get("message", ""),
            version=form.cleaned_data.get("version"),
        )
    except ValidationError as invalid:
        form.add_error("message", invalid.message_dict.get("message"))
        return render_result(request, result_or_404(request, pk), status=400, return_form=form)
    except ApplicationError as error:
        return _refusal(request, pk, error, return_form=form)
    messages.success(request, RETURNED % {"place": result.display_name})
    return redirect("indicators:result-review-queue")


@login_required
@require_POST
def result_reopen_view(request, pk: int):
    result = result_or_404(request, pk)
    form = ReopenForm(request.POST)
    form.is_valid()
    try:
        result = result_reopen(
            user=request.user,
            result=result,
            reason=form.cleaned_data.get("reason", ""),
            version=form.cleaned_data.get("version"),
        )
    except ValidationError as invalid:
        form.add_error("reason", invalid.message_dict.get("reason"))
        return render_result(request, result_or_404(request, pk), status=400, reopen_form=form)
    except ApplicationError as error:
        return _refusal(request, pk, error, reopen_form=form)
    messages.success(request, REOPENED % {"place": result.display_name})
    return redirect(result)


@login_required
@require_POST
def result_delete_view(request, pk: int):
    result = result_or_404(request, pk)
    try:
        result_delete(user=request.user, result=result)
    except ApplicationError as error:
        return _refusal(request, pk, error)
    messages.success(request, DELETED % {"place": result.display_name})
    return redirect("indicators:indicator-detail", result.biennium.label, result.indicator.code)


@login_required
@require_POST
def evidence_add_view(request, pk: int):
    result = result_or_404(request, pk)
    form = EvidenceForm(request.POST, request.FILES)
    if not form.is_valid():
        return render_result(request, result, status=400, evidence_form=form)
    try:
        result_evidence_add(
            user=request.user,
            result=result,
            url=form.cleaned_data["url"],
            title=form.cleaned_data["title"] or (form.cleaned_data["file"].name if form.cleaned_data["file"] else ""),
            file=form.cleaned_data["file"],
        )
    except ValidationError as invalid:
        for name, errors in invalid.message_dict.items():
            form.add_error(name if name in form.fields else None, errors)
        return render_result(request, result_or_404(request, pk), status=400, evidence_form=form)
    except ApplicationError as error:
        return _refusal(request, pk, error, evidence_form=form)
    messages.success(request, EVIDENCE_ADDED)
    return redirect(result)


def _evidence_or_404(result, evidence_pk: int) -> ResultEvidence:
    # Reached through a result the user may see, so the evidence is within their sight too.
    try:
        return result.attachments.get(pk=evidence_pk)
    except ResultEvidence.DoesNotExist:
        raise Http404 from None


@login_required
@require_POST
def evidence_remove_view(request, pk: int, evidence_pk: int):
    result = result_or_404(request, pk)
    evidence = _evidence_or_404(result, evidence_pk)
    try:
        result_evidence_remove(user=request.user, evidence=evidence)
    except ApplicationError as error:
        return _refusal(request, pk, error)
    messages.success(request, EVIDENCE_REMOVED)
    return redirect(result)


@login_required
@require_GET
def evidence_download_view(request, pk: int, evidence_pk: int):
    """Serve an uploaded evidence file to a user who may see its result (files are not public)."""
    evidence = _evidence_or_404(result_or_404(request, pk), evidence_pk)
    if not evidence.file:
        raise Http404
    try:
        handle = evidence.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    return FileResponse(handle, as_attachment=True, filename=PurePosixPath(evidence.file.name).name)
