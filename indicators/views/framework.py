"""The framework editor: a biennium's outcomes and indicators, with criteria, targets and published figures."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _

from accounts.selectors import user_scope
from indicators.framework_forms import IndicatorFrameworkForm, OutcomeFrameworkForm, form_errors_from
from indicators.models import Indicator
from indicators.rules import framework_edit_refusal, outcome_create_refusal
from indicators.selectors.framework import (
    framework_has_results,
    framework_outcome_list,
    indicator_framework_get,
    indicator_framework_history,
    outcome_framework_history,
    predecessor_choices,
)
from indicators.services.framework import indicator_create, indicator_update, outcome_create, outcome_update
from indicators.views.common import biennium_or_404, indicator_or_404
from outcomes.models import Biennium, Outcome
from outcomes.rules import biennium_refusal
from outcomes.selectors import biennium_chosen, outcome_get
from rbm.exceptions import ApplicationError, NotAllowed, refused_response
from rbm.translation import in_source_language

SAVED = _("The changes are saved.")
UNCHANGED = _("Nothing changed; nothing was saved.")
OUTCOME_ADDED = _("Outcome %(number)s is added.")
INDICATOR_ADDED = _("Indicator %(code)s is added.")
NOT_SAVED = _("Nothing was saved. Correct the fields marked below.")


def _outcome_or_404(biennium: Biennium, pk: int) -> Outcome:
    try:
        return outcome_get(biennium=biennium, pk=pk)
    except Outcome.DoesNotExist:
        raise Http404 from None


def _refuse_unless_allowed(request, *, outcome: Outcome | None = None, create_outcome: bool = False):
    scope = user_scope(user=request.user)
    refusal = (
        outcome_create_refusal(scope=scope) if create_outcome else framework_edit_refusal(scope=scope, outcome=outcome)
    )
    return refused_response(request, NotAllowed(refusal)) if refusal else None


@login_required
def framework_current_view(request):
    """The framework editor of the biennium a visitor would see first (or the one `?biennium=` names)."""
    biennium, _error = biennium_chosen(label=request.GET.get("biennium"))
    if biennium is None:
        raise Http404
    return redirect("indicators:framework-detail", label=biennium.label)


@login_required
def framework_detail_view(request, label: str):
    """The outcomes and indicators of a biennium's framework, with what each lacks, and links to edit them."""
    biennium = biennium_or_404(label)
    if refused := _refuse_unless_allowed(request):
        return refused
    scope = user_scope(user=request.user)
    outcomes = list(framework_outcome_list(biennium=biennium))
    context = {
        "biennium": biennium,
        "outcomes": [{"outcome": outcome, "can_edit": scope.covers_outcome(outcome.pk)} for outcome in outcomes],
        "can_add_outcome": not outcome_create_refusal(scope=scope),
        "closed": biennium_refusal(biennium=biennium),
    }
    return render(request, "indicators/framework.html", context)


def _closed_or(request, biennium: Biennium):
    refusal = biennium_refusal(biennium=biennium)
    return refused_response(request, ApplicationError(refusal)) if refusal else None


@login_required
def framework_outcome_create_view(request, label: str):
    biennium = biennium_or_404(label)
    if refused := _refuse_unless_allowed(request, create_outcome=True) or _closed_or(request, biennium):
        return refused
    form = OutcomeFrameworkForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            outcome = outcome_create(
                user=request.user,
                biennium=biennium,
                number=form.cleaned_data["number"],
                statement=form.cleaned_data["statement"],
                position=form.cleaned_data["position"],
            )
        except ValidationError as error:
            form_errors_from(form, error)
        except ApplicationError as error:
            return refused_response(request, error)
        else:
            messages.success(request, OUTCOME_ADDED % {"number": outcome.number})
            return redirect("indicators:framework-detail", label=biennium.label)
    status = 400 if form.errors else 200
    context = {"biennium": biennium, "form": form, "outcome": None, "history": []}
    return render(request, "indicators/framework_outcome_form.html", context, status=status)


@login_required
def framework_outcome_update_view(request, label: str, pk: int):
    biennium = biennium_or_404(label)
    outcome = _outcome_or_404(biennium, pk)
    if refused := _refuse_unless_allowed(request, outcome=outcome) or _closed_or(request, biennium):
        return refused
    form = OutcomeFrameworkForm(request.POST or None, initial=OutcomeFrameworkForm.initial_for(outcome))
    if request.method == "POST" and form.is_valid():
        try:
            changes = outcome_update(
                user=request.user,
                outcome=outcome,
                biennium=biennium,
                data={name: form.cleaned_data[name] for name in ("number", "statement", "position")},
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            form_errors_from(form, error)
        except ApplicationError as error:
            return refused_response(request, error)
        else:
            messages.success(request, SAVED if changes.changed else UNCHANGED)
            return redirect("indicators:framework-detail", label=biennium.label)
    status = 400 if form.errors else 200
    context = {
        "biennium": biennium,
        "form": form,
        "outcome": outcome,
        "has_results": framework_has_results(outcome=outcome),
        "history": outcome_framework_history(outcome=outcome),
    }
    return render(request, "indicators/framework_outcome_form.html", context, status=status)


@in_source_language
def _indicator_form(request, *, biennium: Biennium, indicator: Indicator | None) -> tuple[IndicatorFrameworkForm, dict]:
    current = (
        indicator_framework_get(indicator=indicator, biennium=biennium)
        if indicator is not None
        else {"criteria": [], "target": None, "published": None}
    )
    initial = (
        IndicatorFrameworkForm.initial_for(indicator, target=current["target"], published=current["published"])
        if indicator is not None
        else {}
    )
    form = IndicatorFrameworkForm(
        request.POST or None,
        initial=initial,
        criteria=current["criteria"],
        predecessors=predecessor_choices(biennium=biennium),
    )
    return form, current


@login_required
def framework_indicator_create_view(request, label: str, pk: int):
    biennium = biennium_or_404(label)
    outcome = _outcome_or_404(biennium, pk)
    if refused := _refuse_unless_allowed(request, outcome=outcome) or _closed_or(request, biennium):
        return refused
    form, _current = _indicator_form(request, biennium=biennium, indicator=None)
    if request.method == "POST" and form.is_valid():
        try:
            indicator = indicator_create(
                user=request.user,
                biennium=biennium,
                outcome=outcome,
                data=form.definition(),
                criteria=form.criteria(),
                target=form.target(),
                published=form.published(),
            )
        except ValidationError as error:
            form_errors_from(form, error)
        except ApplicationError as error:
            return refused_response(request, error)
        else:
            messages.success(request, INDICATOR_ADDED % {"code": indicator.code})
            return redirect("indicators:framework-indicator-update", label=biennium.label, code=indicator.code)
    status = 400 if form.errors else 200
    context = {"biennium": biennium, "outcome": outcome, "indicator": None, "form": form, "history": []}
    return render(request, "indicators/framework_indicator_form.html", context, status=status)


@login_required
def framework_indicator_update_view(request, label: str, code: str):
    biennium, indicator = indicator_or_404(label, code)
    if refused := _refuse_unless_allowed(request, outcome=indicator.outcome) or _closed_or(request, biennium):
        return refused
    form, _current = _indicator_form(request, biennium=biennium, indicator=indicator)
    if request.method == "POST" and form.is_valid():
        try:
            changes = indicator_update(
                user=request.user,
                indicator=indicator,
                biennium=biennium,
                data=form.definition(),
                criteria=form.criteria(),
                target=form.target(),
                published=form.published(),
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            form_errors_from(form, error)
        except ApplicationError as error:
            return refused_response(request, error)
        else:
            messages.success(request, SAVED if changes.changed else UNCHANGED)
            indicator.refresh_from_db(fields=["code"])
            return redirect("indicators:framework-indicator-update", label=biennium.label, code=indicator.code)
    status = 400 if form.errors else 200
    context = {
        "biennium": biennium,
        "outcome": indicator.outcome,
        "indicator": indicator,
        "form": form,
        "has_results": framework_has_results(indicator=indicator),
        "history": indicator_framework_history(indicator=indicator, biennium=biennium),
    }
    return render(request, "indicators/framework_indicator_form.html", context, status=status)
