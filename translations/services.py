"""Writes of the translators' round trip: an import from a file (a command's or a browser upload's), all
or nothing, each changed record saved once with the import's reason in its history."""

from collections import defaultdict
from pathlib import Path, PurePosixPath

from django.db import models, transaction
from django.utils import timezone, translation

from accounts.selectors import AnyUser, user_scope
from rbm.exceptions import ApplicationError, NotAllowed
from rbm.services import Actor, Changes, model_update
from rbm.translation import SOURCE_LANGUAGE
from translations import rules
from translations.files import FileRow, translation_file_read
from translations.models import TranslationUpload
from translations.selectors import (
    PlannedChange,
    TranslationPlan,
    column,
    translatable_list,
    translation_import_plan,
    translation_language_check,
    translation_record_outcome,
    translation_records,
)

KIND = "translations"


def _refuse(plan: TranslationPlan) -> None:
    if plan.refused:
        problems = plan.all_problems
        raise ApplicationError(rules.IMPORT_REFUSED % {"count": len(problems)}, extra={"problems": problems})


def _apply(*, plan: TranslationPlan, filename: str, user: Actor) -> Changes:
    changes = Changes()
    by_key: dict[str, dict[str, str]] = defaultdict(dict)
    for change in plan.changes:
        by_key[change.key][column(change.field, plan.language)] = change.new
    records = translation_records(changes=plan.changes)
    with translation.override(SOURCE_LANGUAGE):  # history reasons are stored in English, as the rest are
        reason = str(rules.IMPORT_REASON % {"name": PurePosixPath(filename).name})
    for key, data in by_key.items():
        model_update(instance=records[key], data=data, user=user, reason=reason, changes=changes, kind=KIND)
    changes.tally(KIND, "unchanged", plan.unchanged)  # texts the file gives as they are already stored
    return changes


@transaction.atomic
def translation_import(*, language: str, filename: str, content: bytes, user: Actor = None) -> Changes:
    """Import a translation file (.xlsx or .csv) into `language`: every row or none.

    Raises ValidationError when the file cannot be read, ApplicationError (with every problem, each with
    its line, in `extra["problems"]`) when a row is wrong or was translated from English that has changed
    since. A second import of the same file changes nothing.
    """
    translation_language_check(language=language)
    rows = translation_file_read(name=filename, content=content)
    plan = translation_import_plan(language=language, rows=rows)
    _refuse(plan)
    return _apply(plan=plan, filename=filename, user=user)


def translation_import_path(*, language: str, path: str | Path, user: Actor = None) -> Changes:
    path = Path(path)
    return translation_import(language=language, filename=path.name, content=path.read_bytes(), user=user)


def _ensure_translator(user: AnyUser) -> None:
    if not user_scope(user=user).can_validate:
        raise NotAllowed(rules.NOT_ALLOWED)


@transaction.atomic
def translation_upload_create(*, user: AnyUser, language: str, filename: str, content: bytes) -> TranslationUpload:
    """Read an uploaded file and keep its plan for the preview; nothing is imported yet.

    ValidationError when the file cannot be read; a file with problems is kept, its preview lists them.
    """
    _ensure_translator(user)
    translation_language_check(language=language)
    rows = translation_file_read(name=filename, content=content)
    plan = translation_import_plan(language=language, rows=rows, scope=user_scope(user=user))
    return TranslationUpload.objects.create(
        language=language,
        filename=PurePosixPath(filename).name[:255],
        uploaded_by=user,  # type: ignore[misc]  # a translator is signed in: _ensure_translator
        plan=plan.to_json(),
    )


@transaction.atomic
def translation_upload_apply(*, user: AnyUser, upload: TranslationUpload) -> Changes:
    """Apply a previewed upload, checked again against the texts as they are now (a source changed since the
    preview makes it stale): all its changes or none."""
    _ensure_translator(user)
    upload = TranslationUpload.objects.select_for_update().get(pk=upload.pk)
    if upload.status != TranslationUpload.Status.PREVIEWED:
        raise ApplicationError(rules.UPLOAD_NOT_OPEN)
    previewed = TranslationPlan.from_json(upload.plan)
    _refuse(previewed)
    rows = [_row(change) for change in previewed.changes]
    plan = translation_import_plan(language=upload.language, rows=rows, scope=user_scope(user=user))
    _refuse(plan)
    changes = _apply(plan=plan, filename=upload.filename, user=user)  # type: ignore[arg-type]
    upload.status = TranslationUpload.Status.APPLIED
    upload.applied_at = timezone.now()
    upload.save(update_fields=["status", "applied_at"])
    return changes


def _row(change: PlannedChange) -> FileRow:
    return FileRow(line=change.line, key=change.key, field=change.field, source=change.source, translation=change.new)


@transaction.atomic
def translation_upload_discard(*, user: AnyUser, upload: TranslationUpload) -> None:
    _ensure_translator(user)
    if upload.status != TranslationUpload.Status.PREVIEWED:
        raise ApplicationError(rules.UPLOAD_NOT_OPEN)
    upload.status = TranslationUpload.Status.DISCARDED
    upload.save(update_fields=["status"])


@transaction.atomic
def translation_record_update(
    *, user: AnyUser, record: models.Model, fields: tuple[str, ...], values: dict[tuple[str, str], str]
) -> bool:
    """Set a record's translations (`values` by field and language; an empty text clears one), with the
    reason "Translation edited" in its history. Returns whether anything changed."""
    _ensure_translator(user)
    item = next(item for item in translatable_list() if item.label == record._meta.label_lower)
    tied, outcome_id = translation_record_outcome(item=item, record=record)
    if tied and not user_scope(user=user).covers_outcome(outcome_id):
        raise NotAllowed(rules.TEXT_OUTSIDE_SCOPE)
    data = {}
    for (name, language), text in values.items():
        translation_language_check(language=language)
        if name not in fields:
            continue
        data[column(name, language)] = text.strip() or None if _nullable(record, name, language) else text.strip()
    _record, changed = model_update(
        instance=record,
        data=data,
        user=user if getattr(user, "is_authenticated", False) else None,  # type: ignore[arg-type]
        reason=_english(rules.TEXT_EDITED_REASON),
    )
    return changed


def _english(message: object) -> str:
    with translation.override(SOURCE_LANGUAGE):
        return str(message)


def _nullable(record: models.Model, name: str, language: str) -> bool:
    return bool(getattr(record._meta.get_field(column(name, language)), "null", False))
