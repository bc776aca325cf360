"""A result's page, and the forms recording and editing a result."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_http_methods

from accounts.selectors import user_scope
from indicators.criteria import criteria_assess
from indicators.forms import EvidenceForm, ReopenForm, ResultEditForm, ResultForm, ReviewMessageForm
from indicators.selectors import result_criteria, result_history
from indicators.selectors.entry import (
    OUTCOME_OUT_OF_SCOPE,
    places_grouped,
    places_in_scope,
    result_actions,
    user_can_record_under,
)
from indicators.services import result_evidence_add, result_record, result_update
from indicators.services.results import ROLE_CANNOT_RECORD
from indicators.views.common import add_service_errors, indicator_or_404, refused, result_or_404
from outcomes.rules import BIENNIUM_CLOSED
from rbm.exceptions import ApplicationError, ConflictError, NotAllowed

RESULT_RECORDED = _("The result for %(place)s is saved as a draft. Submit it when it is ready for validation.")
RESULT_SAVED = _("Your changes to the result for %(place)s are saved.")
NOTHING_CHANGED = _("Nothing changed, so nothing was saved.")


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
        "validate_form": ReviewMessageForm(initial={"version": result.version}, prefix="validate"),
        "reopen_form": extra.pop("reopen_form", None) or ReopenForm(initial={"version": result.version}),
        "evidence_form": extra.pop("evidence_form", None) or EvidenceForm(),
        **extra,
    }
    return render(request, "indicators/result_detail.html", context, status=status)


@login_required
@require_GET
def result_detail(request, pk: int):
    return render_result(request, result_or_404(request, pk))


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
def result_create(request, label: str, code: str):
    """Record a result under the indicator for a place in the officer's scope, with its evidence."""
    biennium, indicator = indicator_or_404(label, code)
    if not user_can_record_under(user=request.user, indicator=indicator):
        scope = user_scope(user=request.user)
        message = ROLE_CANNOT_RECORD if not scope.can_record else OUTCOME_OUT_OF_SCOPE % {"code": indicator.code}
        return refused(request, NotAllowed(message))
    if biennium.is_closed and request.method == "GET":
        messages.error(request, BIENNIUM_CLOSED % {"biennium": biennium.label})
        return redirect("indicators:indicator-detail", biennium.label, indicator.code)

    choices = places_grouped(places_in_scope(user=request.user, indicator=indicator))
    form = ResultForm(request.POST or None, request.FILES or None, indicator=indicator, place_choices=choices)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            data = form.cleaned_data
            try:
                with transaction.atomic():
                    result = result_record(
                        user=request.user,
                        indicator=indicator,
                        biennium=biennium,
                        place=data["place"],
                        entity_name=data.get("entity_name", ""),
                        description=data["description"],
                        evidence=data["evidence"],
                        criteria_met=data.get("criteria_met", []),
                        links=data["links"],
                    )
                    for upload in data["files"]:
                        result_evidence_add(user=request.user, result=result, file=upload, title=upload.name)
            except ValidationError as invalid:
                add_service_errors(form, invalid)
            except ApplicationError as error:
                form.add_error(None, error.message)
                status = error.status_code if isinstance(error, NotAllowed) else 400
            else:
                messages.success(request, RESULT_RECORDED % {"place": result.display_name})
                return redirect(result)
    return _form_page(request, form, indicator=indicator, biennium=biennium, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def result_edit(request, pk: int):
    """Change a draft or returned result; a change made meanwhile by someone else is shown, not overwritten."""
    result = result_or_404(request, pk)
    actions = result_actions(user=request.user, result=result)
    if not actions.edit and request.method == "GET":
        if actions.refusal_forbidden:
            return refused(request, NotAllowed(actions.refusal))
        messages.error(request, actions.refusal)
        return redirect(result)

    places = list(places_in_scope(user=request.user, indicator=result.indicator))
    if result.place not in places:
        places.append(result.place)
    initial = {
        "place": result.place_id,
        "entity_name": result.entity_name,
        "description": result.description,
        "evidence": result.evidence,
        "criteria_met": result.criteria_met,
        "version": result.version,
    }
    form_options = {"indicator": result.indicator, "place_choices": places_grouped(places), "initial": initial}
    form = ResultEditForm(request.POST or None, request.FILES or None, **form_options)
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
        with transaction.atomic():
            updated = result_update(
                user=request.user, result=result, version=data["version"], reason=data["reason"], **changes
            )
            for link in data["links"]:
                updated = result_evidence_add(user=request.user, result=updated, url=link).result
            for upload in data["files"]:
                updated = result_evidence_add(user=request.user, result=updated, file=upload, title=upload.name).result
    except ConflictError as conflict:
        # Keep what the user typed; carry the version they have now seen, so saving again applies it.
        fresh = request.POST.copy()
        fresh["version"] = str(conflict.extra.get("version", ""))
        form = ResultEditForm(fresh, request.FILES, **form_options)
        form.is_valid()
        page["result"] = result_or_404(request, pk)
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
    if updated.version == data["version"]:
        messages.info(request, NOTHING_CHANGED)
    else:
        messages.success(request, RESULT_SAVED % {"place": updated.display_name})
    return redirect(updated)
