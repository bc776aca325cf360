"""Report jobs: requested in a page, the API or a script; built by a Celery worker; never lost.

A job is written before anything is queued, and the task is handed to the broker only once the
request's transaction has committed. When the broker cannot be reached the job stays queued with a
note, and `report_jobs_resume` (a periodic task) hands it over later. A job whose worker died is
taken over by the redelivered message, or by `report_jobs_resume` once it has run longer than any
task may; after `MAX_ATTEMPTS` it ends failed rather than running forever.
"""

import hashlib
import logging
import uuid
from datetime import timedelta
from functools import partial

from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import InterfaceError, OperationalError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from kombu.exceptions import OperationalError as BrokerError

from accounts.selectors import user_scope
from outcomes.models import Biennium
from outcomes.selectors import outcome_list
from rbm.exceptions import NotAllowed
from reports.models import ReportFile, ReportJob
from reports.rules import (
    MAX_ATTEMPTS,
    REPORT_GAVE_UP,
    REPORT_NOT_ALLOWED,
    REPORT_QUEUE_DOWN,
    report_job_is_stale,
    report_job_running_limit,
)
from reports.selectors import report_job_outcome_ids
from reports.services.build import BuildFailed, report_build, report_file_name, report_formats_clean

logger = logging.getLogger(__name__)

# A job not handed to the broker within this delay after its request is handed over by the sweep.
HANDOVER_GRACE = timedelta(seconds=30)
PUBLISH_RETRY = {"max_retries": 2, "interval_start": 0, "interval_step": 0.5, "interval_max": 1}

REPORT_OUTCOME_OUT_OF_SCOPE = _("Outcome %(number)s is outside your scope; you may not report on it.")
REPORT_OUTCOME_UNKNOWN = _("These outcomes are not in the framework of %(biennium)s: %(ids)s.")
REPORT_NO_OUTCOMES = _("There are no outcomes in %(biennium)s that you may report on.")
REPORT_TIMED_OUT = _("The build took longer than the %(seconds)d seconds allowed and was stopped.")
REPORT_UNEXPECTED = _("The report could not be built: %(error)s")


@transaction.atomic
def report_job_request(
    *, user, biennium: Biennium, outcome_ids: list[int] | None, formats: list[str], language: str = "en"
) -> ReportJob:
    """Record a request for the biennial report and queue its build once the request is committed.

    Programme officers, managers and administrators may ask, for the outcomes in their scope; no
    outcome chosen means all of those. Viewers read finished reports but do not start builds.
    """
    scope = user_scope(user=user)
    if not scope.can_record:
        raise NotAllowed(REPORT_NOT_ALLOWED)
    formats = report_formats_clean(formats=formats)
    outcomes = list(outcome_list(biennium=biennium))
    known = {outcome.pk: outcome for outcome in outcomes}
    if outcome_ids:
        unknown = sorted(set(outcome_ids) - set(known))
        if unknown:
            raise ValidationError(
                {"outcomes": REPORT_OUTCOME_UNKNOWN % {"biennium": biennium, "ids": ", ".join(map(str, unknown))}}
            )
        for outcome_id in outcome_ids:
            if not scope.covers_outcome(outcome_id):
                raise NotAllowed(REPORT_OUTCOME_OUT_OF_SCOPE % {"number": known[outcome_id].number})
        chosen = sorted(set(outcome_ids))
    elif scope.restricts_outcomes:
        chosen = sorted(scope.outcomes_within(known))
        if not chosen:
            raise ValidationError({"outcomes": REPORT_NO_OUTCOMES % {"biennium": biennium}})
    else:
        chosen = []
    if not known:
        raise ValidationError({"outcomes": REPORT_NO_OUTCOMES % {"biennium": biennium}})

    job = ReportJob(biennium=biennium, formats=formats, language=language or "en", requested_by=user)
    job.full_clean()
    job.save()
    job.outcomes.set(chosen)
    transaction.on_commit(partial(report_job_enqueue, job_id=job.pk), robust=True)
    return job


def report_job_enqueue(*, job_id: int) -> bool:
    """Hand a queued job to the broker; when it cannot be reached, note it on the job and return False."""
    from reports.tasks import report_job_build

    task_id = str(uuid.uuid4())
    try:
        report_job_build.apply_async(args=[job_id], task_id=task_id, retry=True, retry_policy=PUBLISH_RETRY)
    except (BrokerError, OSError) as error:
        logger.warning("Report job %s not queued, the broker is unreachable: %s", job_id, error)
        ReportJob.objects.filter(pk=job_id, state=ReportJob.State.QUEUED).update(
            queue_note=str(REPORT_QUEUE_DOWN), enqueued_at=None
        )
        return False
    ReportJob.objects.filter(pk=job_id, state=ReportJob.State.QUEUED).update(task_id=task_id, queue_note="")
    ReportJob.objects.filter(pk=job_id, enqueued_at__isnull=True).update(enqueued_at=timezone.now())
    return True


def report_job_run(*, job_id: int, task_id: str = "") -> ReportJob | None:
    """Build a job's documents and store them; the body of the Celery task.

    Safe to run twice: a finished job is left alone, and a job another live worker is building is
    skipped. Builder errors and time-outs end the job failed with a readable message; lost database
    connections propagate, so the task retries.
    """
    job = _claim(job_id=job_id, task_id=task_id)
    if job is None:
        return None
    if job.attempts > MAX_ATTEMPTS:
        return report_job_fail(job_id=job.pk, message=str(REPORT_GAVE_UP % {"count": job.attempts - 1}))
    try:
        with translation.override(job.language):
            built = report_build(
                biennium=job.biennium,
                outcome_ids=report_job_outcome_ids(job=job),
                formats=job.formats,
                progress=partial(_progress, job.pk),
            )
            _store(job=job, built=built)
    except (OperationalError, InterfaceError):
        raise
    except SoftTimeLimitExceeded:
        return report_job_fail(job_id=job.pk, message=str(REPORT_TIMED_OUT % {"seconds": _soft_limit()}))
    except BuildFailed as failed:
        logger.warning("Report job %s failed: %s", job.pk, failed.message, exc_info=failed.__cause__)
        return report_job_fail(job_id=job.pk, message=failed.message)
    except Exception as error:
        logger.exception("Report job %s failed", job.pk)
        return report_job_fail(job_id=job.pk, message=str(REPORT_UNEXPECTED % {"error": str(error) or repr(error)}))
    job.refresh_from_db()
    return job


def report_job_fail(*, job_id: int, message: str) -> ReportJob | None:
    """End a job as failed with the message the user will read (also called when retries run out)."""
    ReportJob.objects.filter(pk=job_id).exclude(state=ReportJob.State.SUCCEEDED).update(
        state=ReportJob.State.FAILED, error=message[:5000], finished_at=timezone.now(), step=""
    )
    return ReportJob.objects.filter(pk=job_id).first()


@transaction.atomic
def _claim(*, job_id: int, task_id: str) -> ReportJob | None:
    job = (
        ReportJob.objects.select_for_update(of=("self",))
        .select_related("biennium__framework")
        .filter(pk=job_id)
        .first()
    )
    if job is None or job.is_finished:
        return None
    if job.state == ReportJob.State.RUNNING:
        redelivered = bool(task_id) and task_id == job.task_id
        if not redelivered and not report_job_is_stale(job=job):
            logger.info("Report job %s is being built by task %s; skipped.", job.pk, job.task_id)
            return None
    job.state = ReportJob.State.RUNNING
    job.attempts += 1
    job.started_at = timezone.now()
    job.finished_at = None
    job.progress = 0
    job.step = ""
    job.error = ""
    job.queue_note = ""
    job.task_id = task_id or job.task_id
    job.save(
        update_fields=[
            "state",
            "attempts",
            "started_at",
            "finished_at",
            "progress",
            "step",
            "error",
            "queue_note",
            "task_id",
        ]
    )
    return job


def _soft_limit() -> int:
    return settings.CELERY_TASK_SOFT_TIME_LIMIT


def _progress(job_id: int, percent: int, step: str) -> None:
    ReportJob.objects.filter(pk=job_id, state=ReportJob.State.RUNNING).update(progress=min(percent, 100), step=step)


def _store(*, job: ReportJob, built) -> None:
    """Replace the job's files with the new ones and mark it succeeded, all or nothing."""
    written: list[str] = []
    try:
        rows = []
        for format, data in built.files.items():
            name = report_file_name(content=built.content, format=format)
            path = f"reports/{job.pk}/{name}"
            if default_storage.exists(path):
                default_storage.delete(path)
            saved = default_storage.save(path, ContentFile(data))
            written.append(saved)
            rows.append(
                ReportFile(
                    job=job,
                    format=format,
                    file=saved,
                    size=len(data),
                    sha256=hashlib.sha256(data).hexdigest(),
                    build_seconds=round(built.seconds.get(format, 0.0), 3),
                )
            )
        with transaction.atomic():
            stale = [item.file.name for item in job.files.exclude(file__in=written)]
            job.files.all().delete()
            ReportFile.objects.bulk_create(rows)
            ReportJob.objects.filter(pk=job.pk).update(
                state=ReportJob.State.SUCCEEDED,
                progress=100,
                step="",
                finished_at=timezone.now(),
                data_read_at=built.content.data_read_at,
                content_hash=built.content.content_hash,
                files_purged_at=None,
            )
        for name in stale:
            default_storage.delete(name)
    except BaseException:
        for name in written:
            default_storage.delete(name)
        raise


def report_jobs_resume(*, now=None) -> dict[str, int]:
    """Hand over jobs the broker never got, and take back jobs whose worker died; a periodic task."""
    now = now or timezone.now()
    counts = {"queued": 0, "restarted": 0, "failed": 0}
    waiting = ReportJob.objects.filter(state=ReportJob.State.QUEUED).filter(
        enqueued_at__isnull=True, requested_at__lt=now - HANDOVER_GRACE
    ) | ReportJob.objects.filter(
        state=ReportJob.State.QUEUED,
        enqueued_at__lt=now - timedelta(seconds=settings.CELERY_BROKER_TRANSPORT_OPTIONS["visibility_timeout"]),
    )
    for job_id in waiting.values_list("pk", flat=True):
        counts["queued"] += report_job_enqueue(job_id=job_id)
    stale = ReportJob.objects.filter(state=ReportJob.State.RUNNING, started_at__lt=now - report_job_running_limit())
    for job in stale.only("pk", "attempts"):
        if job.attempts >= MAX_ATTEMPTS:
            report_job_fail(job_id=job.pk, message=str(REPORT_GAVE_UP % {"count": job.attempts}))
            counts["failed"] += 1
            continue
        moved = ReportJob.objects.filter(pk=job.pk, state=ReportJob.State.RUNNING).update(
            state=ReportJob.State.QUEUED, enqueued_at=None, step=""
        )
        if moved:
            counts["restarted"] += 1
            report_job_enqueue(job_id=job.pk)
    return counts


def report_files_purge(*, now=None, older_than: timedelta | None = None) -> int:
    """Delete the files of reports finished before the retention period; the jobs stay, marked purged."""
    now = now or timezone.now()
    older_than = older_than if older_than is not None else timedelta(days=settings.REPORTS_RETENTION_DAYS)
    jobs = ReportJob.objects.filter(finished_at__lt=now - older_than, files__isnull=False).distinct()
    purged = 0
    for job in jobs.prefetch_related("files"):
        for item in job.files.all():
            try:
                default_storage.delete(item.file.name)
            except OSError:
                logger.warning("Could not delete %s", item.file.name, exc_info=True)
                continue
        with transaction.atomic():
            job.files.all().delete()
            ReportJob.objects.filter(pk=job.pk).update(files_purged_at=now)
        purged += 1
    return purged
