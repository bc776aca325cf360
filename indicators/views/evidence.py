"""A result's evidence from its page: adding a link or a file, removing one, downloading a file."""

from pathlib import PurePosixPath

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_POST

from indicators.forms import EvidenceForm
from indicators.selectors.results import result_list_detailed
from indicators.services import result_evidence_add, result_evidence_remove
from indicators.views.results import action_refusal, render_result
from rbm.exceptions import ApplicationError
from rbm.files import user_file_response

EVIDENCE_ADDED = _("The evidence is added.")
EVIDENCE_REMOVED = _("The evidence is removed.")


@login_required
@require_POST
def evidence_add_view(request, pk: int):
    result = get_object_or_404(result_list_detailed(user=request.user), pk=pk)
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
        return render_result(
            request, get_object_or_404(result_list_detailed(user=request.user), pk=pk), status=400, evidence_form=form
        )
    except ApplicationError as error:
        return action_refusal(request, pk, error, evidence_form=form)
    messages.success(request, EVIDENCE_ADDED)
    return redirect(result)


@login_required
@require_POST
def evidence_remove_view(request, pk: int, evidence_pk: int):
    result = get_object_or_404(result_list_detailed(user=request.user), pk=pk)
    evidence = get_object_or_404(result.attachments, pk=evidence_pk)
    try:
        result_evidence_remove(user=request.user, evidence=evidence)
    except ApplicationError as error:
        return action_refusal(request, pk, error)
    messages.success(request, EVIDENCE_REMOVED)
    return redirect(result)


@login_required
@require_GET
def evidence_download_view(request, pk: int, evidence_pk: int):
    """Serve an uploaded evidence file to a user who may see its result (files are not public)."""
    result = get_object_or_404(result_list_detailed(user=request.user), pk=pk)
    # Reached through a result the user may see, so the evidence is within their sight too.
    evidence = get_object_or_404(result.attachments, pk=evidence_pk)
    if not evidence.file:
        raise Http404
    try:
        handle = evidence.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    return user_file_response(handle, filename=PurePosixPath(evidence.file.name).name)
