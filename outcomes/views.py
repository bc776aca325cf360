from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_POST

from accounts.selectors import user_scope
from outcomes.forms import BienniumReasonForm, NarrativeForm
from outcomes.models import Biennium, Outcome
from outcomes.parsers.narrative import paragraphs
from outcomes.rules import NARRATIVE_NOT_ALLOWED, outcome_narrative_can_edit
from outcomes.selectors import (
    OUTPUTS_HEADING,
    biennium_get,
    biennium_status_list,
    outcome_get,
    outcome_narrative_get,
    outcome_narrative_history,
    outcome_narrative_sections,
    significant_output_table,
)
from outcomes.services import biennium_reopen, outcome_narrative_update
from rbm.exceptions import ApplicationError, ConflictError, NotAllowed, refused_response

NARRATIVE_SAVED = _("The narrative was saved.")
NARRATIVE_UNCHANGED = _("Nothing changed; the narrative was not saved again.")
REOPENED = _("The biennium %(biennium)s is open again.")


def _biennium_or_404(label: str) -> Biennium:
    try:
        return biennium_get(label=label)
    except ValidationError:
        raise Http404 from None


def _outcome_and_biennium(pk: int, label: str) -> tuple[Outcome, Biennium]:
    try:
        biennium = biennium_get(label=label)
        return outcome_get(biennium=biennium, pk=pk), biennium
    except (ValidationError, Outcome.DoesNotExist):
        raise Http404 from None


def outcome_narrative_detail_view(request, pk: int, biennium: str):
    """An outcome's narrative for a biennium, as the implementation report prints it, with its history."""
    outcome, biennium = _outcome_and_biennium(pk, biennium)
    narrative = outcome_narrative_get(outcome=outcome, biennium=biennium)
    context = {
        "outcome": outcome,
        "biennium": biennium,
        "narrative": narrative,
        "sections": outcome_narrative_sections(narrative=narrative, biennium=biennium),
        "outputs_heading": OUTPUTS_HEADING,
        "outputs_introduction": paragraphs(narrative.outputs_introduction if narrative else ""),
        "outputs": significant_output_table(narrative=narrative),
        "history": outcome_narrative_history(narrative=narrative) if narrative else [],
        "can_edit": outcome_narrative_can_edit(user=request.user, outcome=outcome),
    }
    return render(request, "outcomes/narrative_detail.html", context)


@login_required
def outcome_narrative_edit_view(request, pk: int, biennium: str):
    outcome, biennium = _outcome_and_biennium(pk, biennium)
    if not outcome_narrative_can_edit(user=request.user, outcome=outcome):
        raise PermissionDenied(NARRATIVE_NOT_ALLOWED)
    narrative = outcome_narrative_get(outcome=outcome, biennium=biennium)
    form = NarrativeForm(request.POST or None, initial=NarrativeForm.initial_for(narrative))
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                changes = outcome_narrative_update(
                    user=request.user,
                    outcome=outcome,
                    biennium=biennium,
                    sections=form.sections(),
                    outputs=form.outputs(),
                    expected_updated_at=form.cleaned_data["loaded_at"],
                )
            except ValidationError as error:
                form.add_error(None, error)
            except ConflictError as conflict:
                # Keep what was typed, with the save now seen, so saving again applies it.
                fresh = request.POST.copy()
                fresh["loaded_at"] = conflict.extra["updated_at"]
                form = NarrativeForm(fresh)
                form.is_valid()
                context = {
                    "outcome": outcome,
                    "biennium": biennium,
                    "narrative": narrative,
                    "form": form,
                    "conflict": conflict.message,
                    "conflict_changes": conflict.extra["changes"],
                }
                return render(request, "outcomes/narrative_edit.html", context, status=409)
            except ApplicationError as error:
                form.add_error(None, error.message)
            else:
                messages.success(request, NARRATIVE_SAVED if changes.changed else NARRATIVE_UNCHANGED)
                return redirect("outcomes:narrative-detail", pk=outcome.pk, biennium=biennium.label)
        status = 400
    context = {"outcome": outcome, "biennium": biennium, "narrative": narrative, "form": form}
    return render(request, "outcomes/narrative_edit.html", context, status=status)


# --- Biennia: an administrator reopens one with a reason; a manager closes one (indicators.views.biennia) ---


def _biennium_page(request, *, status: int = 200, forms: dict | None = None, error: str = ""):
    scope = user_scope(user=request.user)
    forms = forms or {}
    context = {
        "rows": [
            {"biennium": biennium, "form": forms.get(biennium.pk) or BienniumReasonForm(prefix=str(biennium.pk))}
            for biennium in biennium_status_list()
        ],
        "can_close": scope.can_validate,
        "can_reopen": scope.is_administrator,
        "error": error,
    }
    return render(request, "outcomes/biennia.html", context, status=status)


@login_required
@require_GET
def biennium_list_view(request):
    return _biennium_page(request)


@login_required
@require_POST
def biennium_reopen_view(request, label: str):
    biennium = _biennium_or_404(label)
    form = BienniumReasonForm(request.POST, prefix=str(biennium.pk))
    form.is_valid()
    try:
        biennium_reopen(user=request.user, biennium=biennium, reason=form.cleaned_data.get("reason", ""))
    except ValidationError as invalid:
        form.add_error("reason", invalid.message_dict.get("reason"))
        return _biennium_page(request, status=400, forms={biennium.pk: form})
    except NotAllowed as error:
        return refused_response(request, error)
    except ApplicationError as error:
        return _biennium_page(request, status=400, error=error.message)
    messages.success(request, REOPENED % {"biennium": biennium.label})
    return redirect("outcomes:biennium-list")
