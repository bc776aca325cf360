"""Reviewing a result from its page (validate, return, reopen), and the validation queue."""

from collections.abc import Callable
from dataclasses import dataclass

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_POST

from accounts.selectors import user_scope
from indicators.filters import ReviewQueueFilter
from indicators.forms import BulkReviewForm, ReopenForm, ReviewMessageForm
from indicators.models import Result
from indicators.rules import ROLE_CANNOT_VALIDATE, ResultAction
from indicators.selectors import result_criteria, result_review_queue
from indicators.selectors.results import result_list_detailed
from indicators.services import result_reopen, result_return, result_review_bulk, result_validate
from indicators.views.common import add_service_errors, refused
from indicators.views.results import PAGE_SIZE, action_refusal, render_result
from rbm.exceptions import ApplicationError, ConflictError, NotAllowed

VALIDATED = _("The result for %(place)s is validated; it now counts under indicator %(code)s.")
RETURNED = _("The result for %(place)s is returned to the officer with your message.")
BULK_VALIDATED = _("%(count)d result(s) validated; they now count.")
BULK_RETURNED = _("%(count)d result(s) returned to their officers with your message.")
BULK_GONE_NAME = _("Result %(id)s")
BULK_GONE = _("It is no longer waiting for validation in your scope: someone reviewed or withdrew it meanwhile.")
REOPENED = _("The result for %(place)s is reopened; it no longer counts until it is validated again.")


@dataclass(frozen=True)
class _Review:
    """What differs between the three reviews on the result page: the form and its text field, the service, the
    page's form it refills after a refusal, the message on success and where the reviewer goes next."""

    form: type[forms.Form]
    prefix: str | None
    field: str
    service: Callable[..., Result]
    page_form: str | None
    done: Promise
    to_queue: bool


_REVIEWS = {
    ResultAction.VALIDATE: _Review(ReviewMessageForm, "validate", "message", result_validate, None, VALIDATED, True),
    ResultAction.RETURN: _Review(ReviewMessageForm, None, "message", result_return, "return_form", RETURNED, True),
    ResultAction.REOPEN: _Review(ReopenForm, None, "reason", result_reopen, "reopen_form", REOPENED, False),
}


@login_required
@require_POST
def result_review_view(request, pk: int, action: ResultAction):
    """Validate, return or reopen a result from its page; a refusal shows the page again with the reason."""
    review = _REVIEWS[action]
    result = get_object_or_404(result_list_detailed(user=request.user), pk=pk)
    form = review.form(request.POST, prefix=review.prefix)
    form.is_valid()
    page_forms = {review.page_form: form} if review.page_form else {}
    try:
        result = review.service(
            user=request.user,
            result=result,
            **{review.field: form.cleaned_data.get(review.field, "")},
            version=form.cleaned_data.get("version"),
        )
    except ValidationError as invalid:
        form.add_error(review.field, invalid.message_dict.get(review.field))
        return render_result(
            request, get_object_or_404(result_list_detailed(user=request.user), pk=pk), status=400, **page_forms
        )
    except ConflictError as conflict:
        # Keep the message the reviewer typed, with the version they have now seen, so sending it again applies.
        fresh = request.POST.copy()
        fresh[f"{review.prefix}-version" if review.prefix else "version"] = str(conflict.extra.get("version", ""))
        kept = review.form(fresh, prefix=review.prefix)
        kept.is_valid()
        return action_refusal(request, pk, conflict, **({review.page_form: kept} if review.page_form else {}))
    except ApplicationError as error:
        return action_refusal(request, pk, error, **page_forms)
    messages.success(request, review.done % {"place": result.display_name, "code": result.indicator.code})
    if review.to_queue:
        return redirect("indicators:result-review-queue")
    return redirect(result)


def _queue_page(request, *, bulk_form=None, status: int = 200, refusals=()):
    filterset = ReviewQueueFilter(request.GET or None, queryset=result_review_queue(user=request.user))
    valid = filterset.is_valid() if filterset.is_bound else True
    results = filterset.qs if valid else filterset.queryset
    page = Paginator(results, PAGE_SIZE).get_page(request.GET.get("page"))
    rows = [{"result": result, "assessment": result_criteria(result=result)} for result in page]
    context = {
        "page": page,
        "rows": rows,
        "filter_form": filterset.form,
        "filtered": filterset.is_bound and valid,
        "bulk_form": bulk_form or BulkReviewForm(),
        "refusals": refusals,
        "ticked": {int(pk) for pk in request.POST.getlist("results") if pk.isdigit() and len(pk) < 19}
        if bulk_form is not None
        else set(),
    }
    return render(request, "indicators/result_review_queue.html", context, status=status if valid else 400)


@login_required
@require_GET
def result_review_queue_view(request):
    """Submitted results in the manager's scope, oldest first (or as sorted), filtered, each with its criteria
    warning; ticked ones are validated or returned together."""
    if not user_scope(user=request.user).can_validate:
        return refused(request, NotAllowed(ROLE_CANNOT_VALIDATE))
    return _queue_page(request)


@login_required
@require_POST
def result_review_bulk_view(request):
    """Validate or return the ticked results of the queue, with one message; refusals are listed, not fatal."""
    if not user_scope(user=request.user).can_validate:
        return refused(request, NotAllowed(ROLE_CANNOT_VALIDATE))
    form = BulkReviewForm(request.POST)
    if not form.is_valid():
        return _queue_page(request, bulk_form=form, status=400)
    chosen = {
        result.pk: result
        for result in result_review_queue(user=request.user).filter(pk__in=form.cleaned_data["results"])
    }
    versions = form.versions(request.POST)
    action = ResultAction(form.cleaned_data["action"])
    # Ticked results no longer waiting (reviewed meanwhile by someone else) are refused by name, not skipped.
    gone = [pk for pk in form.cleaned_data["results"] if pk not in chosen]
    try:
        outcome = result_review_bulk(
            user=request.user,
            results=[(chosen[pk], versions.get(pk)) for pk in form.cleaned_data["results"] if pk in chosen],
            action=action,
            message=form.cleaned_data["message"],
        )
    except ValidationError as invalid:
        add_service_errors(form, invalid)
        return _queue_page(request, bulk_form=form, status=400)
    done = BULK_VALIDATED if action == ResultAction.VALIDATE else BULK_RETURNED
    if outcome.done:
        messages.success(request, done % {"count": len(outcome.done)})
    refusals = [(result.display_name, reason) for result, reason in outcome.refused]
    refusals += [(str(BULK_GONE_NAME % {"id": pk}), str(BULK_GONE)) for pk in gone]
    if refusals:
        return _queue_page(request, status=409 if not outcome.done else 200, refusals=refusals)
    return redirect(f"{reverse('indicators:result-review-queue')}?{request.GET.urlencode()}".rstrip("?"))
