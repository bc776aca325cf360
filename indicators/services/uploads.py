"""Excel bulk entry, the writing side: keep an upload for its preview, then commit it all or nothing.

The rows are checked by `indicators.selectors.uploads.result_upload_plan` with the rules and messages of
`result_record` and `result_update`; the commit checks them again under lock, against the results as
they are then, and writes with a fixed number of queries (bulk inserts and updates, with their history).
"""

import logging

from django.contrib.auth.models import User
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.selectors import user_scope
from indicators.counts_cache import counts_cache_invalidate
from indicators.models import Indicator, Result, ResultEvidence, ResultUpload
from indicators.rules import ROLE_CANNOT_RECORD
from indicators.selectors.uploads import UploadPlan, UploadRow, result_upload_plan, result_upload_rows_plan
from indicators.services.bulk import result_links_bulk_add, results_bulk_create, results_bulk_update
from outcomes.models import Biennium
from outcomes.rules import biennium_ensure_open
from rbm.bulk import collector_paused
from rbm.exceptions import ApplicationError, ConflictError, NotAllowed

logger = logging.getLogger(__name__)

UPLOAD_DONE = _("This upload is %(status)s already; upload the workbook again to make other changes.")
UPLOAD_HAS_ERRORS = _("Nothing was saved: %(count)d rows have errors. Fix them in the workbook and upload it again.")
UPLOAD_FILE_ERRORS = _("Nothing was saved: the workbook cannot be used as it is (see the problems listed).")
UPLOAD_STALE = _(
    "Nothing was saved: results of this indicator changed since the preview (rows %(rows)s). "
    "The preview now shows them as they are; review it and confirm again."
)

RECORDED_REASON = "Recorded from an Excel upload"
EDITED_REASON = "Edited from an Excel upload"


class _Refused(Exception):
    def __init__(self, plan: UploadPlan, error: ApplicationError):
        super().__init__(error.message)
        self.plan = plan
        self.error = error


def _ensure_can_record(user: User) -> None:
    if not user_scope(user=user).can_record:
        raise NotAllowed(ROLE_CANNOT_RECORD)


@transaction.atomic
@collector_paused()
def result_upload_create(
    *, user: User, indicator: Indicator, biennium: Biennium, filename: str, content: bytes
) -> ResultUpload:
    """Keep an uploaded workbook with its preview; nothing in it is applied yet."""
    _ensure_can_record(user)
    plan = result_upload_plan(user=user, indicator=indicator, biennium=biennium, content=content)
    upload = ResultUpload(
        indicator=indicator,
        biennium=biennium,
        uploaded_by=user,
        filename=filename[:255],
        content=content,
        plan=plan.as_json(),
    )
    upload.full_clean()
    upload.save()
    return upload


def result_upload_commit(*, user: User, upload: ResultUpload) -> UploadPlan:
    """Apply every row of a previewed upload, or none: refused if any row is wrong or changed since the preview.

    On refusal the upload keeps the fresh preview, so the page shows the rows as they are now.
    """
    try:
        with collector_paused():
            return _commit(user=user, upload=upload)
    except _Refused as refused:
        ResultUpload.objects.filter(pk=upload.pk).update(plan=refused.plan.as_json())
        upload.plan = refused.plan.as_json()
        logger.info("Excel upload %s refused for %s: %s", upload.pk, user.get_username(), refused.error.message)
        raise refused.error from None


@transaction.atomic
def _commit(*, user: User, upload: ResultUpload) -> UploadPlan:
    _ensure_can_record(user)
    # Not the workbook itself: its rows are in the plan.
    upload = (
        ResultUpload.objects.select_for_update()
        .select_related("indicator", "biennium")
        .defer("content")
        .get(pk=upload.pk)
    )
    if upload.status != ResultUpload.Status.PREVIEWED:
        raise ApplicationError(UPLOAD_DONE % {"status": upload.get_status_display()})
    # Serialise with closing the biennium, as the single-result services do.
    biennium = Biennium.objects.select_for_update().get(pk=upload.biennium_id)
    biennium_ensure_open(biennium=biennium)
    indicator = upload.indicator
    previewed = UploadPlan.from_json(upload.plan)
    plan = result_upload_rows_plan(
        user=user,
        indicator=indicator,
        biennium=biennium,
        cells=previewed.cells,
        read_errors=previewed.read_errors,
        lock=True,
        previewed=previewed,
    )
    if plan.file_errors:
        raise _Refused(plan, ApplicationError(UPLOAD_FILE_ERRORS))
    if plan.error_rows:
        raise _Refused(plan, ApplicationError(UPLOAD_HAS_ERRORS % {"count": len(plan.error_rows)}))
    seen = {row.row: row.key for row in previewed.rows}
    changed = [str(row.row) for row in plan.rows if seen.get(row.row) != row.key]
    if changed or len(seen) != len(plan.rows):
        raise _Refused(plan, ConflictError(UPLOAD_STALE % {"rows": ", ".join(changed) or "—"}))

    counts_cache_invalidate()
    try:
        _apply(user=user, indicator=indicator, biennium=biennium, plan=plan)
    except IntegrityError:
        # Another user recorded one of the places between the check and the insert.
        raise ConflictError(UPLOAD_STALE % {"rows": "—"}) from None
    upload.status = ResultUpload.Status.COMMITTED
    upload.committed_at = timezone.now()
    # The plan applied is the one previewed (checked above), so the stored preview stays as it is.
    upload.save(update_fields=["status", "committed_at"])
    logger.info(
        "Excel upload %s (%s) committed by %s for indicator %s, %s: %d created, %d updated, %d unchanged",
        upload.pk,
        upload.filename,
        user.get_username(),
        indicator.code,
        biennium.label,
        plan.to_create,
        plan.to_update,
        plan.unchanged,
    )
    return plan


def _apply(*, user: User, indicator: Indicator, biennium: Biennium, plan: UploadPlan) -> None:
    now = timezone.now()
    creates = [row for row in plan.rows if row.action == UploadRow.CREATE]
    updates = [row for row in plan.rows if row.action == UploadRow.UPDATE]

    # The rows were checked with the rules of `result_record` (an entity or none, its length, the scope);
    # the model's own rule on indicator and biennium is checked once, and the results are built from ids
    # (setting a related object asks the database router, once per object).
    Result(indicator=indicator, biennium=biennium, entity_unnamed=not indicator.counts_places).clean()
    new_results = []
    for row in creates:
        result = Result(
            indicator_id=indicator.pk,
            biennium_id=biennium.pk,
            place_id=row.values["place_id"],
            entity_name=row.values["entity_name"].strip(),
            description=row.values["description"].strip(),
            evidence=row.values["evidence"].strip(),
            criteria_met=row.values["criteria_met"],
            programme_outcome_id=row.values.get("programme_outcome_id"),
            status=Result.Status.DRAFT,
            source=Result.Source.ENTRY,
            created_by_id=user.pk,
            last_edited_by_id=user.pk,
        )
        new_results.append(result)
    with transaction.atomic():
        created = results_bulk_create(results=new_results, user=user, change_reason=RECORDED_REASON, validate=False)

    changed = {row.result_id: row for row in updates}
    current = Result.objects.filter(pk__in=list(changed)).select_for_update()
    edited = []
    for result in current:
        row = changed[result.pk]
        if entity := row.values["entity_name"].strip():
            # Naming an entity a published table left unnamed (a no-op for a result already named so).
            result.entity_name, result.entity_unnamed = entity, False
        result.description = row.values["description"].strip()
        result.evidence = row.values["evidence"].strip()
        result.criteria_met = row.values["criteria_met"]
        if "programme_outcome_id" in row.values:
            result.programme_outcome_id = row.values["programme_outcome_id"]
        result.version += 1
        result.last_edited_by = user
        result.updated_at = now
        edited.append(result)
    results_bulk_update(
        results=edited,
        fields=[
            "entity_name",
            "entity_unnamed",
            "description",
            "evidence",
            "criteria_met",
            "programme_outcome_id",
            "version",
            "last_edited_by",
            "updated_at",
        ],
        user=user,
        change_reason=EDITED_REASON,
    )

    links = [
        ResultEvidence(result_id=result.pk, url=link, added_by=user)
        for result, row in zip(created, creates, strict=True)
        for link in row.links
    ]
    links += [
        ResultEvidence(result_id=row.result_id, url=link, added_by=user)
        for row in updates
        if row.result_id is not None
        for link in row.links
    ]
    result_links_bulk_add(links=links, user=user)


@transaction.atomic
def result_upload_discard(*, user: User, upload: ResultUpload) -> ResultUpload:
    """Drop a previewed upload without applying it."""
    upload = ResultUpload.objects.select_for_update().get(pk=upload.pk, uploaded_by=user)
    if upload.status != ResultUpload.Status.PREVIEWED:
        raise ApplicationError(UPLOAD_DONE % {"status": upload.get_status_display()})
    upload.status = ResultUpload.Status.DISCARDED
    upload.content = b""
    upload.save(update_fields=["status", "content"])
    return upload
