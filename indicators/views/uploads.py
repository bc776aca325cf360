"""Excel bulk entry pages: download the template, upload, preview every row, confirm all or nothing."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.selectors import user_scope
from indicators.forms import WorkbookForm
from indicators.models import ResultUpload
from indicators.rules import indicator_record_refusal
from indicators.selectors.uploads import UploadPlan, result_upload_list, result_upload_template
from indicators.services.uploads import result_upload_commit, result_upload_create, result_upload_discard
from indicators.views.common import indicator_or_404, refused
from rbm.exceptions import ApplicationError, NotAllowed

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
UPLOAD_DISCARDED = _("The upload is discarded; nothing from it was saved.")


def _ensure_can_record(request, indicator):
    if refusal := indicator_record_refusal(scope=user_scope(user=request.user), indicator=indicator):
        return refused(request, NotAllowed(refusal))
    return None


@login_required
@require_GET
def upload_template_view(request, label: str, code: str):
    """The Excel template of the indicator and biennium, with the results the user may still change."""
    biennium, indicator = indicator_or_404(label, code)
    if refusal := _ensure_can_record(request, indicator):
        return refusal
    content = result_upload_template(user=request.user, indicator=indicator, biennium=biennium)
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="results-{indicator.code}-{biennium.label}.xlsx"'
    return response


@login_required
@require_http_methods(["GET", "POST"])
def upload_create_view(request, label: str, code: str):
    biennium, indicator = indicator_or_404(label, code)
    if refusal := _ensure_can_record(request, indicator):
        return refusal
    form = WorkbookForm(request.POST or None, request.FILES or None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            workbook = form.cleaned_data["workbook"]
            try:
                upload = result_upload_create(
                    user=request.user,
                    indicator=indicator,
                    biennium=biennium,
                    filename=workbook.name,
                    content=workbook.read(),
                )
            except ValidationError as invalid:
                for messages_ in invalid.message_dict.values():
                    form.add_error("workbook", messages_)
            except ApplicationError as error:
                return refused(request, error)
            else:
                return redirect("indicators:upload-detail", upload.pk)
    context = {"form": form, "indicator": indicator, "biennium": biennium}
    return render(request, "indicators/upload_form.html", context, status=status)


def _preview(request, upload: ResultUpload, *, status: int = 200, error: str = ""):
    plan = UploadPlan.from_json(upload.plan)
    context = {
        "upload": upload,
        "indicator": upload.indicator,
        "biennium": upload.biennium,
        "plan": plan,
        "creates": [row for row in plan.rows if row.action == "create"],
        "updates": [row for row in plan.rows if row.action == "update"],
        "can_commit": upload.status == ResultUpload.Status.PREVIEWED
        and not plan.has_errors
        and user_scope(user=request.user).can_record,
        "error": error,
    }
    return render(request, "indicators/upload_preview.html", context, status=status)


@login_required
@require_GET
def upload_detail_view(request, pk: int):
    """The preview: rows to create, rows to update with their changes, and every row's errors."""
    return _preview(request, get_object_or_404(result_upload_list(user=request.user), pk=pk))


@login_required
@require_POST
def upload_commit_view(request, pk: int):
    upload = get_object_or_404(result_upload_list(user=request.user), pk=pk)
    try:
        plan = result_upload_commit(user=request.user, upload=upload)
    except NotAllowed as error:
        return refused(request, error)
    except ApplicationError as error:
        upload.refresh_from_db()
        return _preview(request, upload, status=error.status_code, error=error.message)
    created = ngettext(
        "%(count)d result recorded as a draft", "%(count)d results recorded as drafts", plan.to_create
    ) % {"count": plan.to_create}
    updated = ngettext("%(count)d result updated", "%(count)d results updated", plan.to_update) % {
        "count": plan.to_update
    }
    messages.success(request, f"{created}; {updated}.")
    return redirect("indicators:indicator-detail", upload.biennium.label, upload.indicator.code)


@login_required
@require_POST
def upload_discard_view(request, pk: int):
    upload = get_object_or_404(result_upload_list(user=request.user), pk=pk)
    try:
        result_upload_discard(user=request.user, upload=upload)
    except ApplicationError as error:
        return _preview(request, upload, status=400, error=error.message)
    messages.info(request, UPLOAD_DISCARDED)
    return redirect("indicators:indicator-detail", upload.biennium.label, upload.indicator.code)
