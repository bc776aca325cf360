"""Reviewing a result from its page (validate, return, reopen), and the validation queue."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_POST

from accounts.selectors import user_scope
from indicators.forms import ReopenForm, ReviewMessageForm
from indicators.rules import ROLE_CANNOT_VALIDATE
from indicators.selectors import result_criteria, result_review_queue
from indicators.services import result_reopen, result_return, result_validate
from indicators.views.common import refused, result_or_404
from indicators.views.results import PAGE_SIZE, action_refusal, render_result
from rbm.exceptions import ApplicationError, NotAllowed

VALIDATED = _("The result for %(place)s is validated; it now counts under indicator %(code)s.")
RETURNED = _("The result for %(place)s is returned to the officer with your message.")
REOPENED = _("The result for %(place)s is reopened; it no longer counts until it is validated again.")


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
        return action_refusal(request, pk, error)
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
        return action_refusal(request, pk, error, return_form=form)
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
        return action_refusal(request, pk, error, reopen_form=form)
    messages.success(request, REOPENED % {"place": result.display_name})
    return redirect(result)


@login_required
@require_GET
def result_review_queue_view(request):
    """Submitted results in the manager's scope, oldest first, each with its criteria warning."""
    if not user_scope(user=request.user).can_validate:
        return refused(request, NotAllowed(ROLE_CANNOT_VALIDATE))
    page = Paginator(result_review_queue(user=request.user), PAGE_SIZE).get_page(request.GET.get("page"))
    rows = [{"result": result, "assessment": result_criteria(result=result)} for result in page]
    return render(request, "indicators/result_review_queue.html", {"page": page, "rows": rows})
