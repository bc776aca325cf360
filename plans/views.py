"""Plan pages: the list, a plan with its targets and its matrix as the governing body saw it with where
each line stands, a target's places, and a key output's statuses with the form to say where it stands."""

import datetime

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.selectors import user_scope
from plans.forms import KeyOutputLinkForm, KeyOutputStatusForm
from plans.models import KeyOutputStatus
from plans.rules import STATUS_REFUSED, may_report_status
from plans.selectors.plans import (
    key_output_get,
    key_output_links,
    key_output_statuses,
    latest_statuses,
    matrix_categories,
    plan_get,
    plan_list,
    revision_changes,
    revision_current,
    revision_list,
)
from plans.selectors.progress import target_get, targets_progress
from plans.services.links import key_output_link_add
from plans.services.statuses import key_output_status_record
from rbm.exceptions import ApplicationError, NotAllowed, refused_response

STATUS_RECORDED = _("The status is recorded: %(status)s in %(biennium)s.")
LINK_RECORDED = _("The link is recorded.")
LINK_ALREADY = _("This link is recorded already.")


def _as_of(request: HttpRequest) -> tuple[datetime.date, bool]:
    value = request.GET.get("as_of", "")
    if not value:
        return timezone.localdate(), True
    try:
        return datetime.date.fromisoformat(value[:10]), True
    except ValueError:
        return timezone.localdate(), False


def plan_list_view(request: HttpRequest) -> HttpResponse:
    return render(request, "plans/plan_list.html", {"plans": plan_list()})


def _matrix_rows(categories, statuses) -> list[dict]:
    """One row per means of action, with the category and activity cells spanning their rows."""
    rows = []
    for category in categories:
        activities = list(category.activities.all())
        span = sum(max(len(activity.means.all()), 1) for activity in activities)
        first_in_category = True
        for activity in activities:
            means_list = list(activity.means.all()) or [None]
            for index, means in enumerate(means_list):
                outputs = []
                if means is not None:
                    outputs = [(output, statuses.get((means.ref, output.text))) for output in means.key_outputs.all()]
                rows.append(
                    {
                        "category": category if first_in_category else None,
                        "category_span": span,
                        "activity": activity if index == 0 else None,
                        "activity_span": len(means_list),
                        "means": means,
                        "outputs": outputs,
                    }
                )
                first_in_category = False
    return rows


def plan_detail_view(request: HttpRequest, pk: int) -> HttpResponse:
    plan = plan_get(pk=pk)
    as_of, valid = _as_of(request)
    number = request.GET.get("revision", "")
    revision = revision_current(plan=plan, number=int(number) if number.isdigit() and len(number) < 5 else None)
    if revision is None and number:
        raise Http404
    categories = matrix_categories(revision=revision) if revision else []
    statuses = latest_statuses(plan=plan)
    return render(
        request,
        "plans/plan_detail.html",
        {
            "plan": plan,
            "revision": revision,
            "revisions": revision_list(plan=plan),
            "rows": _matrix_rows(categories, statuses),
            "targets": targets_progress(plan=plan, as_of=as_of),
            "as_of": as_of,
            "changes": revision_changes(revision=revision) if revision else [],
            "status_counts": _status_counts(categories, statuses),
        },
        status=200 if valid else 400,
    )


def _status_counts(categories, statuses) -> list[tuple[str, int]]:
    counts = {value: 0 for value, _label in KeyOutputStatus.Status.choices}
    unreported = 0
    for category in categories:
        for activity in category.activities.all():
            for means in activity.means.all():
                for output in means.key_outputs.all():
                    latest = statuses.get((means.ref, output.text))
                    if latest is None:
                        unreported += 1
                    else:
                        counts[latest.status] += 1
    labels = dict(KeyOutputStatus.Status.choices)
    return [(str(labels[value]), count) for value, count in counts.items()] + [(str(_("not reported")), unreported)]


def target_detail_view(request: HttpRequest, pk: int, ref: str) -> HttpResponse:
    plan = plan_get(pk=pk)
    target = target_get(plan=plan, ref=ref)
    if target is None:
        raise Http404
    as_of, valid = _as_of(request)
    progress = next(item for item in targets_progress(plan=plan, as_of=as_of) if item["ref"] == target.ref)
    return render(
        request,
        "plans/target_detail.html",
        {"plan": plan, "target": target, "progress": progress, "as_of": as_of},
        status=200 if valid else 400,
    )


def key_output_detail_view(request: HttpRequest, pk: int) -> HttpResponse:
    key_output = key_output_get(pk=pk)
    plan = key_output.means.activity.category.revision.plan
    may_report = may_report_status(scope=user_scope(user=request.user), outcome_id=plan.outcome_id)
    posted_link = request.method == "POST" and request.POST.get("action") == "link"
    form = KeyOutputStatusForm(request.POST if request.method == "POST" and not posted_link else None, plan=plan)
    link_form = KeyOutputLinkForm(request.POST if posted_link else None, plan=plan)
    if not may_report:
        form = link_form = None
    status = 200
    if posted_link:
        if link_form is None:
            return refused_response(request, NotAllowed(STATUS_REFUSED), title=key_output.text)
        if link_form.is_valid():
            try:
                link = key_output_link_add(user=request.user, key_output=key_output, **link_form.cleaned_data)
            except ValidationError as error:
                link_form.add_error(None, error.messages)
            except ApplicationError as error:
                return refused_response(request, error, title=key_output.text, back_url=plan.get_absolute_url())
            else:
                messages.success(request, LINK_RECORDED if link else LINK_ALREADY)
                return redirect("plans:key-output", pk=key_output.pk)
        status = 400
    elif request.method == "POST":
        if form is None:
            return refused_response(
                request,
                NotAllowed(STATUS_REFUSED),
                title=key_output.text,
                back_url=plan.get_absolute_url(),
                back_label=plan.symbol,
            )
        if form.is_valid():
            try:
                recorded = key_output_status_record(user=request.user, key_output=key_output, **form.cleaned_data)
            except ValidationError as error:
                for field, errors in error.message_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            except ApplicationError as error:
                return refused_response(request, error, title=key_output.text, back_url=plan.get_absolute_url())
            else:
                messages.success(
                    request,
                    STATUS_RECORDED % {"status": recorded.get_status_display(), "biennium": recorded.biennium.label},
                )
                return redirect("plans:key-output", pk=key_output.pk)
        status = 400
    return render(
        request,
        "plans/key_output_detail.html",
        {
            "plan": plan,
            "key_output": key_output,
            "means": key_output.means,
            "statuses": key_output_statuses(key_output=key_output) if request.user.is_authenticated else None,
            "form": form,
            "link_form": link_form,
            "links": key_output_links(key_output=key_output),
        },
        status=status,
    )
