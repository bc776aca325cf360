"""The translators' pages for managers and administrators: what is missing per language and outcome, the
file of a language to download, and an upload previewed (every problem with its line) before it is applied."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.selectors import user_scope
from rbm.exceptions import ApplicationError, NotAllowed, refused_response
from translations import rules
from translations.files import CSV, XLSX, translation_file_csv, translation_file_xlsx
from translations.forms import TranslationFileForm, TranslationTextsForm
from translations.models import TranslationUpload
from translations.selectors import (
    TranslationPlan,
    translation_languages,
    translation_missing_list,
    translation_record_get,
    translation_rows,
    translation_status,
    translation_text_fields,
    translation_upload_list,
)
from translations.services import (
    KIND,
    translation_record_update,
    translation_upload_apply,
    translation_upload_create,
    translation_upload_discard,
)

UPLOAD_DISCARDED = _("The upload is discarded; nothing from it was saved.")


def _refusal(request):
    if not user_scope(user=request.user).can_validate:
        return refused_response(request, NotAllowed(rules.NOT_ALLOWED))
    return None


def _language_or_404(language: str) -> tuple[str, str]:
    names = dict(translation_languages())
    if language not in names:
        raise Http404
    return language, names[language]


@login_required
@require_GET
def translation_status_view(request):
    """Per outcome, the texts without a French or Spanish translation; the list of one language's and one
    outcome's missing texts, with where to edit each."""
    if refusal := _refusal(request):
        return refusal
    languages = translation_languages()
    lines = translation_status()
    language = request.GET.get("language", "")
    outcome = request.GET.get("outcome", "")
    missing, missing_total, chosen = [], 0, None
    if language in dict(languages) and outcome:
        outcome_id = None if outcome == "none" else (int(outcome) if outcome.isascii() and outcome.isdigit() else -1)
        chosen = next((line for line in lines if line.outcome_id == outcome_id), None)
        if chosen is not None:
            missing, missing_total = translation_missing_list(language=language, outcome_id=outcome_id)
    rows = [
        {
            "line": line,
            "key": "none" if line.outcome_id is None else line.outcome_id,
            "missing": [(code, line.missing.get(code, 0)) for code, _name in languages],
        }
        for line in lines
    ]
    context = {
        "languages": languages,
        "rows": rows,
        "language": language,
        "language_name": dict(languages).get(language, ""),
        "chosen": chosen,
        "missing": missing,
        "missing_total": missing_total,
        "uploads": translation_upload_list(user=request.user)[:10],
    }
    return render(request, "translations/status.html", context)


@login_required
@require_GET
def translation_download_view(request, language: str):
    """The translators' file of one language: .xlsx, or .csv with `?format=csv`; `?missing=1` for the
    texts without a translation only."""
    if refusal := _refusal(request):
        return refusal
    language, _name = _language_or_404(language)
    kind = "csv" if request.GET.get("format") == "csv" else "xlsx"
    missing_only = request.GET.get("missing") == "1"
    rows = [row.cells() for row in translation_rows(language=language, missing_only=missing_only)]
    content = translation_file_csv(rows) if kind == "csv" else translation_file_xlsx(rows)
    response = HttpResponse(content, content_type=f"{CSV}; charset=utf-8" if kind == "csv" else XLSX)
    suffix = "-missing" if missing_only else ""
    response["Content-Disposition"] = f'attachment; filename="translations-{language}{suffix}.{kind}"'
    return response


@login_required
@require_http_methods(["GET", "POST"])
def translation_upload_create_view(request, language: str):
    if refusal := _refusal(request):
        return refusal
    language, language_name = _language_or_404(language)
    form = TranslationFileForm(request.POST or None, request.FILES or None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            upload_file = form.cleaned_data["file"]
            try:
                upload = translation_upload_create(
                    user=request.user, language=language, filename=upload_file.name, content=upload_file.read()
                )
            except ValidationError as invalid:
                for field_messages in invalid.message_dict.values():
                    form.add_error("file", field_messages)
            except ApplicationError as error:
                return refused_response(request, error)
            else:
                return redirect("translations:upload-detail", upload.pk)
    context = {"form": form, "language": language, "language_name": language_name}
    return render(request, "translations/upload_form.html", context, status=status)


def _preview(request, upload: TranslationUpload, *, status: int = 200, error: str = "", problems=()):
    plan = TranslationPlan.from_json(upload.plan)
    context = {
        "upload": upload,
        "plan": plan,
        "language_name": dict(translation_languages()).get(upload.language, upload.language),
        "can_apply": upload.status == TranslationUpload.Status.PREVIEWED and not plan.refused and plan.changes,
        "error": error,
        "problems": list(problems),
    }
    return render(request, "translations/upload_preview.html", context, status=status)


@login_required
@require_GET
def translation_upload_detail_view(request, pk: int):
    """The preview: the problems (each with its line) and stale rows that refuse the file, or its changes."""
    if refusal := _refusal(request):
        return refusal
    return _preview(request, get_object_or_404(translation_upload_list(user=request.user), pk=pk))


@login_required
@require_POST
def translation_upload_apply_view(request, pk: int):
    if refusal := _refusal(request):
        return refusal
    upload = get_object_or_404(translation_upload_list(user=request.user), pk=pk)
    try:
        changes = translation_upload_apply(user=request.user, upload=upload)
    except NotAllowed as error:
        return refused_response(request, error)
    except ApplicationError as error:
        upload.refresh_from_db()
        return _preview(
            request, upload, status=error.status_code, error=error.message, problems=error.extra.get("problems", ())
        )
    updated = changes.updated.get(KIND, 0)
    if updated:
        message = ngettext(
            "%(count)d record's translations updated.", "%(count)d records' translations updated.", updated
        )
        messages.success(request, message % {"count": updated})
    else:
        messages.info(request, rules.NOTHING_TO_CHANGE)
    return redirect("translations:status")


@login_required
@require_POST
def translation_upload_discard_view(request, pk: int):
    if refusal := _refusal(request):
        return refusal
    upload = get_object_or_404(translation_upload_list(user=request.user), pk=pk)
    try:
        translation_upload_discard(user=request.user, upload=upload)
    except ApplicationError as error:
        return _preview(request, upload, status=400, error=error.message)
    messages.info(request, UPLOAD_DISCARDED)
    return redirect("translations:status")


@login_required
@require_http_methods(["GET", "POST"])
def translation_text_edit_view(request, key: str):
    """A record's translatable texts: the English, read-only, beside a field for each language."""
    if refusal := _refusal(request):
        return refusal
    found = translation_record_get(key=key)
    if found is None:
        raise Http404
    item, record = found
    languages = translation_languages()
    form = TranslationTextsForm(
        request.POST or None, text_fields=translation_text_fields(item=item, record=record), languages=languages
    )
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                changed = translation_record_update(
                    user=request.user, record=record, fields=item.fields, values=form.values()
                )
            except ValidationError as invalid:
                add_errors(form, invalid)
            except ApplicationError as error:
                return refused_response(request, error)
            else:
                messages.success(request, rules.TRANSLATIONS_SAVED if changed else rules.NOTHING_CHANGED)
                return redirect("translations:text-edit", key)
    context = {
        "form": form,
        "record": record,
        "model_name": item.model._meta.verbose_name,
        "key": key,
        "languages": languages,
    }
    return render(request, "translations/text_edit.html", context, status=status)


def add_errors(form, invalid: ValidationError) -> None:
    """A service's errors by column ("statement_fr") on the form's field ("statement__fr")."""
    if not hasattr(invalid, "error_dict"):
        form.add_error(None, invalid)
        return
    for name, field_messages in invalid.message_dict.items():
        field_name, _sep, language = name.rpartition("_")
        target = f"{field_name}__{language}"
        for message in field_messages:
            form.add_error(target if target in form.fields else None, message)
