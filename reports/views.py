from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.storage import default_storage
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from accounts.selectors import user_scope
from indicators.selectors import restatements_by_edition
from outcomes.models import Edition
from outcomes.rules import EDITION_NOT_ALLOWED, edition_can_publish
from outcomes.selectors import biennium_chosen, biennium_get, biennium_list, edition_get, edition_list
from plans.selectors.plans import plan_get
from reports.builders import CONTENT_TYPES
from reports.forms import EditionPublishForm, PlanMatrixRequestForm, ReportRequestForm
from reports.models import ReportFormat
from reports.rules import REPORT_NOT_ALLOWED, REPORT_QUEUE_DOWN, report_job_notice
from reports.selectors import report_job_data_changed, report_job_list, report_outcome_list
from reports.services import edition_publish_request, plan_matrix_job_request, report_job_request
from reports.services.editions import EDITION_QUEUE_DOWN

REPORT_REQUESTED = _("Your report is queued; this page follows its progress.")
FILE_PURGED = _("This report's files were removed after the retention period; request it again.")


@login_required
@require_GET
def report_list_view(request):
    """Reports the user may see, newest first: their own requests and every finished report."""
    page = Paginator(report_job_list(user=request.user), 25).get_page(request.GET.get("page"))
    return render(
        request,
        "reports/job_list.html",
        {"page": page, "jobs": page.object_list, "can_request": user_scope(user=request.user).can_record},
    )


@login_required
def report_request_view(request):
    """Ask for the biennial report: outcomes and formats, for the biennium chosen in `?biennium=`."""
    scope = user_scope(user=request.user)
    if not scope.can_record:
        raise PermissionDenied(REPORT_NOT_ALLOWED)
    biennium, error = biennium_chosen(label=request.GET.get("biennium"))
    outcomes = report_outcome_list(user=request.user, biennium=biennium)
    form = ReportRequestForm(request.POST if request.method == "POST" else None, biennium=biennium, outcomes=outcomes)
    status = 400 if error else 200
    if request.method == "POST" and biennium is not None:
        if form.is_valid():
            try:
                job = report_job_request(
                    user=request.user,
                    biennium=biennium,
                    outcome_ids=[outcome.pk for outcome in form.cleaned_data["outcomes"]],
                    formats=form.cleaned_data["formats"],
                    language=form.cleaned_data["language"] or (get_language() or "en").split("-")[0],
                )
            except ValidationError as invalid:
                for field, errors in invalid.message_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                job.refresh_from_db()
                if job.queue_note:
                    messages.warning(request, REPORT_QUEUE_DOWN)
                elif not job.is_finished:
                    messages.success(request, REPORT_REQUESTED)
                return redirect("reports:report-detail", pk=job.pk)
        status = 400
    context = {"form": form, "biennium": biennium, "biennia": biennium_list(), "error": error}
    return render(request, "reports/request.html", context, status=status)


@login_required
def plan_matrix_request_view(request, pk: int):
    """Ask for a plan's revised activity matrix: the biennium of its status column, and the formats."""
    if not user_scope(user=request.user).can_record:
        raise PermissionDenied(REPORT_NOT_ALLOWED)
    plan = plan_get(pk=pk)
    form = PlanMatrixRequestForm(request.POST if request.method == "POST" else None, plan=plan)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                job = plan_matrix_job_request(
                    user=request.user,
                    plan=plan,
                    biennium=form.cleaned_data["biennium"],
                    formats=form.cleaned_data["formats"],
                    language=get_language() or "en",
                )
            except ValidationError as invalid:
                for field, errors in invalid.message_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                job.refresh_from_db()
                if job.queue_note:
                    messages.warning(request, REPORT_QUEUE_DOWN)
                elif not job.is_finished:
                    messages.success(request, REPORT_REQUESTED)
                return redirect("reports:report-detail", pk=job.pk)
        status = 400
    return render(request, "reports/plan_matrix_request.html", {"form": form, "plan": plan}, status=status)


@login_required
@require_GET
def report_detail_view(request, pk: int):
    """A report job: its progress while it runs, then its downloads and whether the data changed since."""
    job = get_object_or_404(report_job_list(user=request.user), pk=pk)
    context = {
        "job": job,
        "polling": not job.is_finished,
        "notice": report_job_notice(job=job),
        # Reading the data again takes a while on a large framework: the page asks for it separately
        # (htmx), or here when a browser without JavaScript follows the "check" link.
        "data_changed": report_job_data_changed(job=job) if request.GET.get("check") else None,
        "checked": bool(request.GET.get("check")),
    }
    return render(request, "reports/job_detail.html", context)


@login_required
@require_GET
def report_freshness_view(request, pk: int):
    """Whether the data a finished report shows changed since it was read: its fresh hash against the stored one."""
    job = get_object_or_404(report_job_list(user=request.user), pk=pk)
    context = {"job": job, "data_changed": report_job_data_changed(job=job), "checked": True}
    return render(request, "reports/_job_freshness.html", context)


@login_required
@require_GET
def report_status_view(request, pk: int):
    """The job's status block alone, polled by htmx while the job runs."""
    job = get_object_or_404(report_job_list(user=request.user), pk=pk)
    context = {"job": job, "polling": not job.is_finished, "notice": report_job_notice(job=job)}
    return render(request, "reports/_job_status.html", context)


@login_required
@require_GET
def report_download_view(request, pk: int, format: str):
    """A built document: the web page opens in the browser, the others download."""
    job = get_object_or_404(report_job_list(user=request.user), pk=pk)
    if format not in ReportFormat.values:
        raise Http404
    item = next((item for item in job.files.all() if item.format == format), None)
    if item is None:
        if job.files_purged_at:
            messages.warning(request, FILE_PURGED)
            return redirect("reports:report-detail", pk=job.pk)
        raise Http404
    try:
        handle = default_storage.open(item.file.name, "rb")
    except FileNotFoundError:
        raise Http404 from None
    name = item.file.name.rsplit("/", 1)[-1]
    inline = format == ReportFormat.HTML
    response = FileResponse(handle, as_attachment=not inline, filename=name, content_type=CONTENT_TYPES[format])
    if inline:
        # The page is ours but stands alone: no scripts, and it may not be framed elsewhere.
        response["Content-Security-Policy"] = "default-src 'none'; style-src 'unsafe-inline'; img-src data:"
    return response


EDITION_QUEUED = _("The edition is being published: it is listed here as soon as its files are built.")


@login_required
def edition_list_view(request):
    """A biennium's editions, in the order published; managers and administrators publish the next one here."""
    biennium, error = biennium_chosen(label=request.GET.get("biennium"))
    can_publish = edition_can_publish(user=request.user)
    form = EditionPublishForm(request.POST if request.method == "POST" else None)
    status = 400 if error else 200
    if request.method == "POST":
        if not can_publish:
            raise PermissionDenied(EDITION_NOT_ALLOWED)
        if biennium is not None and form.is_valid():
            try:
                queued = edition_publish_request(
                    user=request.user, biennium=biennium, title=form.cleaned_data["title"], at=form.cleaned_data["at"]
                )
            except ValidationError as invalid:
                for field, errors in invalid.message_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                if queued:
                    messages.success(request, EDITION_QUEUED)
                else:
                    messages.warning(request, EDITION_QUEUE_DOWN)
                return redirect(f"{reverse('reports:edition-list')}?biennium={biennium.label}")
        status = 400
    editions = list(edition_list(biennium=biennium)) if biennium is not None else []
    context = {
        "biennium": biennium,
        "biennia": biennium_list(),
        "error": error,
        "editions": editions,
        "form": form,
        "can_publish": can_publish,
    }
    return render(request, "reports/edition_list.html", context, status=status)


def _edition(request, label: str, number: int):
    try:
        return edition_get(biennium=biennium_get(label=label), number=number)
    except (ValidationError, Edition.DoesNotExist):
        raise Http404 from None


@login_required
@require_GET
def edition_detail_view(request, label: str, number: int):
    """An edition as published: its files, figures and hashes."""
    edition = _edition(request, label, number)
    return render(request, "reports/edition_detail.html", {"edition": edition, "files": list(edition.files.all())})


@login_required
@require_GET
def edition_download_view(request, label: str, number: int, language: str, format: str):
    """One document of an edition, as published."""
    edition = _edition(request, label, number)
    item = next((item for item in edition.files.all() if (item.language, item.format) == (language, format)), None)
    if item is None or format not in ReportFormat.values:
        raise Http404
    try:
        handle = default_storage.open(item.file.name, "rb")
    except FileNotFoundError:
        raise Http404 from None
    name = item.file.name.rsplit("/", 1)[-1]
    inline = format == ReportFormat.HTML
    response = FileResponse(handle, as_attachment=not inline, filename=name, content_type=CONTENT_TYPES[format])
    if inline:
        response["Content-Security-Policy"] = "default-src 'none'; style-src 'unsafe-inline'; img-src data:"
    return response


@login_required
@require_GET
def restatement_list_view(request, label: str):
    """The restatements of a biennium's figures: every change after each edition, who, when, why, what moved."""
    try:
        biennium = biennium_get(label=label)
    except ValidationError:
        raise Http404 from None
    groups = restatements_by_edition(biennium=biennium)
    return render(request, "reports/restatement_list.html", {"biennium": biennium, "groups": groups})
