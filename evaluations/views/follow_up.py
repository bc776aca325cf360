"""Follow-up: the tracker across evaluations, an action's page, and planning, editing and progress."""

import csv

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from evaluations.filters import FollowUpActionFilter
from evaluations.forms import FollowUpActionEditForm, FollowUpActionForm, ProgressUpdateForm, apply_errors
from evaluations.models import FollowUpAction
from evaluations.rules import evaluation_editable
from evaluations.selectors import (
    follow_up_action_detail_queryset,
    follow_up_action_history,
    follow_up_action_list,
    follow_up_summary,
    recommendation_detail_queryset,
)
from evaluations.services import (
    follow_up_action_create,
    follow_up_action_update,
    progress_update_record,
)
from evaluations.views.common import UNCHANGED, form_status
from rbm.exceptions import ApplicationError
from rbm.template_library import person

ACTION_CREATED = _("The action is planned for %(unit)s.")
ACTION_UPDATED = _("The action is saved.")
PROGRESS_RECORDED = _("The progress update is recorded; the action is %(status)s.")
PAGE_SIZE = 50


def follow_up_tracker_view(request: HttpRequest) -> HttpResponse:
    """Open, overdue and done actions across evaluations, per unit and per outcome, and the list to act on;
    "my actions" are those the user owns; `?format=csv` downloads the filtered list."""
    query = request.GET.copy()
    wants_csv = query.pop("format", [""])[-1] == "csv"
    filterset = FollowUpActionFilter(query or None)
    valid = filterset.is_valid() if filterset.is_bound else True
    filters = {name: value for name, value in query.items() if name != "page" and value} if valid else {}
    actions = follow_up_action_list(user=request.user, filters=filters)
    if wants_csv and valid:
        return _tracker_csv(actions)
    summary = follow_up_summary(user=request.user, filters=filters)
    page = Paginator(actions, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "evaluations/tracker.html",
        {
            "filter_form": filterset.form,
            "summary": summary,
            "page": page,
            "filtered": bool(filters),
            "mine": request.user.is_authenticated and filters.get("owner") == str(request.user.pk),
            "csv_query": _with(query, format="csv"),
            "mine_query": _with(query, owner=str(request.user.pk), page=None),
        },
        status=200 if valid else 400,
    )


def _with(query, **changes) -> str:
    """The query string with some parameters set (or dropped, for None)."""
    updated = query.copy()
    for name, value in changes.items():
        updated.pop(name, None)
        if value is not None:
            updated[name] = value
    return updated.urlencode()


# A cell starting like a formula is kept as text by spreadsheets when it starts with an apostrophe.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _cell(value) -> str:
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def _tracker_csv(actions) -> HttpResponse:
    """The filtered actions as CSV, every row (not a page), one query."""
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="follow-up-actions.csv"'
    writer = csv.writer(response)
    writer.writerow(
        [_("Due"), _("What"), _("Unit"), _("Owner"), _("Status"), _("Recommendation"), _("Evaluation"), _("Link")]
    )
    for action in actions:
        owner = person(action.owner) if action.owner else ""
        writer.writerow(
            [
                _cell(action.due_date.isoformat() if action.due_date else ""),
                _cell(action.description),
                _cell(action.unit),
                _cell(owner),
                _cell(action.get_status_display()),
                action.recommendation.number,
                _cell(action.recommendation.evaluation.symbol or action.recommendation.evaluation.title),
                settings.SITE_URL.rstrip("/") + action.get_absolute_url(),
            ]
        )
    return response


def _action_page(
    request: HttpRequest,
    action: FollowUpAction,
    *,
    progress_form: ProgressUpdateForm | None = None,
    status: int = 200,
) -> HttpResponse:
    can_edit = evaluation_editable(user=request.user, evaluation=action.recommendation.evaluation)
    return render(
        request,
        "evaluations/action_detail.html",
        {
            "action": action,
            "recommendation": action.recommendation,
            "evaluation": action.recommendation.evaluation,
            "entries": follow_up_action_history(action=action),
            "can_edit": can_edit,
            "progress_form": progress_form
            or (ProgressUpdateForm(initial=ProgressUpdateForm.initial_today()) if can_edit else None),
        },
        status=status,
    )


def action_detail_view(request: HttpRequest, pk: int) -> HttpResponse:
    return _action_page(request, get_object_or_404(follow_up_action_detail_queryset(user=request.user), pk=pk))


@login_required
def action_create_view(request: HttpRequest, pk: int) -> HttpResponse:
    recommendation = get_object_or_404(recommendation_detail_queryset(user=request.user, editable=True), pk=pk)
    form = FollowUpActionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            action = follow_up_action_create(user=request.user, recommendation=recommendation, **form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
        except ApplicationError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, ACTION_CREATED % {"unit": action.unit})
            return redirect(recommendation)
    return render(
        request,
        "evaluations/action_form.html",
        {"form": form, "recommendation": recommendation, "evaluation": recommendation.evaluation},
        status=form_status(form),
    )


@login_required
def action_edit_view(request: HttpRequest, pk: int) -> HttpResponse:
    action = get_object_or_404(follow_up_action_detail_queryset(user=request.user, editable=True), pk=pk)
    form = FollowUpActionEditForm(request.POST or None, initial=FollowUpActionEditForm.initial_from(action))
    if request.method == "POST" and form.is_valid():
        try:
            changed = follow_up_action_update(user=request.user, action=action, **form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
        except ApplicationError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, ACTION_UPDATED if changed else UNCHANGED)
            return redirect(action)
    return render(
        request,
        "evaluations/action_form.html",
        {
            "form": form,
            "action": action,
            "recommendation": action.recommendation,
            "evaluation": action.recommendation.evaluation,
        },
        status=form_status(form),
    )


@login_required
@require_POST
def progress_create_view(request: HttpRequest, pk: int) -> HttpResponse:
    action = get_object_or_404(follow_up_action_detail_queryset(user=request.user, editable=True), pk=pk)
    form = ProgressUpdateForm(request.POST)
    if form.is_valid():
        try:
            update = progress_update_record(user=request.user, action=action, **form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
        except ApplicationError as error:
            form.add_error(None, error.message)
        else:
            action.refresh_from_db()
            messages.success(request, PROGRESS_RECORDED % {"status": action.get_status_display()})
            return redirect(update.action)
    return _action_page(
        request,
        get_object_or_404(follow_up_action_detail_queryset(user=request.user), pk=pk),
        progress_form=form,
        status=400,
    )
