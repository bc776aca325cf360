"""A result's page, the forms recording and editing a result, submitting and deleting it, and the user's own results."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.selectors import user_scope
from indicators.criteria import criteria_assess
from indicators.filters import MyResultsFilter
from indicators.forms import EvidenceForm, ReopenForm, ResultEditForm, ResultForm, ReviewMessageForm
from indicators.rules import ENTITY_UNNAMED_HELP, indicator_record_refusal, restatement_reason_required
from indicators.selectors import result_criteria, result_history
from indicators.selectors.programmes import programme_outcome_choices, programme_outcome_resolve
from indicators.selectors.results import (
    place_choices_grouped,
    place_list_recordable,
    result_actions,
    result_list_detailed,
    result_list_mine,
    result_page,
)
from indicators.services import result_delete, result_record, result_submit, result_update, result_withdraw
from indicators.views.common import add_service_errors, indicator_or_404, refused
from outcomes.rules import BIENNIUM_CLOSED
from rbm.exceptions import ApplicationError, ConflictError, NotAllowed

RESULT_RECORDED = _("The result for %(place)s is saved as a draft. Submit it when it is ready for validation.")
RESULT_SAVED = _("Your changes to the result for %(place)s are saved.")
NOTHING_CHANGED = _("Nothing changed, so nothing was saved.")
SUBMITTED = _("The result for %(place)s is submitted; a manager will validate it or return it to you.")
WITHDRAWN = _("The result for %(place)s is withdrawn from validation and is a draft again.")
SAVED_NOT_SUBMITTED = _("Your changes are saved, but the result could not be submitted: %(reason)s")
DELETED = _("The draft result for %(place)s is deleted.")

PAGE_SIZE = 50


def render_result(request, result, *, status: int = 200, **extra):
    """The result page: facts, criteria, evidence, the actions open to this user, and the history."""
    actions = result_actions(user=request.user, result=result)
    context = {
        "result": result,
        "biennium": result.biennium,
        "indicator": result.indicator,
        "criteria": list(result.indicator.criteria.all()),
        "assessment": result_criteria(result=result),
        "attachments": list(result.attachments.all()),
        "history": result_history(result=result),
        "actions": actions,
        "return_form": extra.pop("return_form", None) or ReviewMessageForm(initial={"version": result.version}),
        "validate_form": extra.pop("validate_form", None)
        or ReviewMessageForm(initial={"version": result.version}, prefix="validate"),
        "restatement": actions.validate and restatement_reason_required(biennium=result.biennium),
        "reopen_form": extra.pop("reopen_form", None) or ReopenForm(initial={"version": result.version}),
        "evidence_form": extra.pop("evidence_form", None) or EvidenceForm(),
        **extra,
    }
    return render(request, "indicators/result_detail.html", context, status=status)


def posted_version(request) -> int | None:
    value = request.POST.get("version", "")
    return int(value) if value.isdigit() else None


def action_refusal(request, pk: int, error: ApplicationError, **forms):
    """Show the result as it is now, with the reason the action was refused."""
    if isinstance(error, NotAllowed):
        return refused(request, error)
    result = get_object_or_404(result_list_detailed(user=request.user), pk=pk)
    if isinstance(error, ConflictError):
        return render_result(
            request, result, status=409, error=error.message, conflict_changes=error.extra.get("changes", []), **forms
        )
    return render_result(request, result, status=400, error=error.message, **forms)


@login_required
@require_GET
def result_detail_view(request, pk: int):
    return render_result(request, get_object_or_404(result_list_detailed(user=request.user), pk=pk))


def _form_page(request, form, *, indicator, biennium, result=None, status=200, **extra):
    context = {
        "form": form,
        "indicator": indicator,
        "biennium": biennium,
        "result": result,
        "criteria_assessment": _assessment(form, indicator),
        **extra,
    }
    return render(request, "indicators/result_form.html", context, status=status)


def _assessment(form, indicator):
    numbers = [criterion.number for criterion in indicator.criteria.all()]
    if form.is_bound:
        ticked = [int(value) for value in form.data.getlist("criteria_met") if str(value).isdigit()]
    else:
        ticked = list(form.initial.get("criteria_met") or [])
    return criteria_assess(indicator=indicator, met=ticked, criterion_numbers=numbers)


@login_required
@require_http_methods(["GET", "POST"])
def result_create_view(request, label: str, code: str):
    """Record a result under the indicator for a place in the officer's scope, with its evidence."""
    biennium, indicator = indicator_or_404(label, code)
    if refusal := indicator_record_refusal(scope=user_scope(user=request.user), indicator=indicator):
        return refused(request, NotAllowed(refusal))
    if biennium.is_closed and request.method == "GET":
        messages.error(request, BIENNIUM_CLOSED % {"biennium": biennium.label})
        return redirect("indicators:indicator-detail", biennium.label, indicator.code)

    places = list(place_list_recordable(user=request.user, indicator=indicator))
    form = ResultForm(
        request.POST or None,
        request.FILES or None,
        indicator=indicator,
        place_choices=place_choices_grouped(places=places),
        programme_outcome_choices=programme_outcome_choices(places=places),
    )
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            data = form.cleaned_data
            try:
                result = result_record(
                    user=request.user,
                    indicator=indicator,
                    biennium=biennium,
                    place=data["place"],
                    programme_outcome=programme_outcome_resolve(
                        place=data["place"], code=data.get("programme_outcome", "")
                    ),
                    entity_name=data.get("entity_name", ""),
                    description=data["description"],
                    evidence=data["evidence"],
                    criteria_met=data.get("criteria_met", []),
                    links=data["links"],
                    files=data["files"],
                )
            except ValidationError as invalid:
                add_service_errors(form, invalid)
            except ApplicationError as error:
                form.add_error(None, error.message)
                status = error.status_code if isinstance(error, NotAllowed) else 400
            else:
                if "and_submit" in request.POST:
                    return _submit_after_save(request, result)
                messages.success(request, RESULT_RECORDED % {"place": result.display_name})
                return redirect(result)
    return _form_page(request, form, indicator=indicator, biennium=biennium, status=status)


def _submit_after_save(request, result):
    """ "Save and submit": the result is saved; submit it too, or say why it stays a draft (or returned)."""
    try:
        submitted = result_submit(user=request.user, result=result, version=result.version)
    except ApplicationError as error:
        messages.warning(request, SAVED_NOT_SUBMITTED % {"reason": error.message})
        return redirect(result)
    messages.success(request, SUBMITTED % {"place": submitted.display_name})
    return redirect(submitted)


@login_required
@require_http_methods(["GET", "POST"])
def result_update_view(request, pk: int):
    """Change a draft or returned result; a change made meanwhile by someone else is shown, not overwritten."""
    result = get_object_or_404(result_list_detailed(user=request.user), pk=pk)
    actions = result_actions(user=request.user, result=result)
    if not actions.edit and request.method == "GET":
        if actions.refusal_forbidden:
            return refused(request, NotAllowed(actions.refusal))
        messages.error(request, actions.refusal)
        return redirect(result)

    places = list(place_list_recordable(user=request.user, indicator=result.indicator))
    if result.place not in places:
        places.append(result.place)
    initial = {
        "place": result.place_id,
        "entity_name": result.entity_name,
        "description": result.description,
        "evidence": result.evidence,
        "criteria_met": result.criteria_met,
        "programme_outcome": result.programme_outcome.code if result.programme_outcome else "",
        "version": result.version,
    }
    form_options = {
        "indicator": result.indicator,
        "place_choices": place_choices_grouped(places=places),
        "programme_outcome_choices": programme_outcome_choices(places=places),
        "initial": initial,
    }
    form = ResultEditForm(request.POST or None, request.FILES or None, **form_options)
    if result.entity_unnamed and "entity_name" in form.fields:
        form.fields["entity_name"].help_text = ENTITY_UNNAMED_HELP % {
            "place": result.place.name,
            "unit": result.indicator.unit_singular,
        }
    page = {"indicator": result.indicator, "biennium": result.biennium, "result": result}
    if request.method == "GET" or not form.is_valid():
        return _form_page(request, form, status=200 if request.method == "GET" else 400, **page)

    data = form.cleaned_data
    changes = {"place": data["place"], "description": data["description"], "evidence": data["evidence"]}
    if "entity_name" in form.fields:
        changes["entity_name"] = data["entity_name"]
    if "criteria_met" in form.fields:
        changes["criteria_met"] = data["criteria_met"]
    try:
        if "programme_outcome" in form.fields:
            changes["programme_outcome"] = programme_outcome_resolve(
                place=data["place"], code=data["programme_outcome"]
            )
        updated = result_update(
            user=request.user,
            result=result,
            version=data["version"],
            reason=data["reason"],
            links=data["links"],
            files=data["files"],
            **changes,
        )
    except ConflictError as conflict:
        # Keep what the user typed; carry the version they have now seen, so saving again applies it.
        fresh = request.POST.copy()
        fresh["version"] = str(conflict.extra.get("version", ""))
        form = ResultEditForm(fresh, request.FILES, **form_options)
        form.is_valid()
        page["result"] = get_object_or_404(result_list_detailed(user=request.user), pk=pk)
        return _form_page(
            request,
            form,
            status=409,
            conflict=conflict.message,
            conflict_changes=conflict.extra.get("changes", []),
            **page,
        )
    except ValidationError as invalid:
        add_service_errors(form, invalid)
        return _form_page(request, form, status=400, **page)
    except ApplicationError as error:
        form.add_error(None, error.message)
        return _form_page(request, form, status=error.status_code if isinstance(error, NotAllowed) else 400, **page)
    if "and_submit" in request.POST:
        return _submit_after_save(request, updated)
    if updated.version == data["version"]:
        messages.info(request, NOTHING_CHANGED)
    else:
        messages.success(request, RESULT_SAVED % {"place": updated.display_name})
    return redirect(updated)


@login_required
@require_POST
def result_submit_view(request, pk: int):
    result = get_object_or_404(result_list_detailed(user=request.user), pk=pk)
    try:
        result = result_submit(user=request.user, result=result, version=posted_version(request))
    except ApplicationError as error:
        return action_refusal(request, pk, error)
    messages.success(request, SUBMITTED % {"place": result.display_name})
    return redirect(result)


@login_required
@require_POST
def result_withdraw_view(request, pk: int):
    """Take a submitted result back from the validators, to change it before they review it."""
    result = get_object_or_404(result_list_detailed(user=request.user), pk=pk)
    try:
        result = result_withdraw(user=request.user, result=result, version=posted_version(request))
    except ApplicationError as error:
        return action_refusal(request, pk, error)
    messages.success(request, WITHDRAWN % {"place": result.display_name})
    return redirect(result)


@login_required
@require_POST
def result_delete_view(request, pk: int):
    result = get_object_or_404(result_list_detailed(user=request.user), pk=pk)
    try:
        result_delete(user=request.user, result=result)
    except ApplicationError as error:
        return action_refusal(request, pk, error)
    messages.success(request, DELETED % {"place": result.display_name})
    return redirect("indicators:indicator-detail", result.biennium.label, result.indicator.code)


@login_required
@require_GET
def result_list_mine_view(request):
    """The results the user recorded or last edited, returned ones first with the validator's message; filtered
    and sorted as asked."""
    filterset = MyResultsFilter(request.GET or None, queryset=result_list_mine(user=request.user))
    valid = filterset.is_valid() if filterset.is_bound else True
    results = filterset.qs if valid else filterset.queryset
    page = result_page(results=results, number=request.GET.get("page"), per_page=PAGE_SIZE)
    context = {"page": page, "filter_form": filterset.form, "filtered": filterset.is_bound and valid}
    return render(request, "indicators/result_list_mine.html", context, status=200 if valid else 400)
