"""Running a report job in a worker: claim it, build its documents, store them, or end it failed.

Safe to deliver twice: a finished job is left alone, and a job another live worker is building is
skipped. While it builds, the worker writes a sign of life on the job every `REPORTS_HEARTBEAT_SECONDS`
(a thread beside the build, and each progress step); a job whose worker fell silent for longer than
`REPORTS_HEARTBEAT_TIMEOUT` is taken over by the redelivered message, or by `report_jobs_resume`
(reports/services/upkeep.py), which restarts it once and then ends it failed.
"""

import hashlib
import logging
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from functools import partial

from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import DatabaseError, InterfaceError, OperationalError, connections, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from reports.models import ReportFile, ReportJob
from reports.rules import MAX_ATTEMPTS, REPORT_GAVE_UP, report_job_is_stale
from reports.selectors import report_job_outcome_ids
from reports.services.build import BuildFailed, BuiltReport, report_build, report_file_name

logger = logging.getLogger(__name__)

REPORT_TIMED_OUT = _("The build took longer than the %(seconds)d seconds allowed and was stopped.")
REPORT_UNEXPECTED = _("The report could not be built: %(error)s")


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
    logger.info(
        "Report job %s build started (attempt %d, task %s): biennium %s, formats %s",
        job.pk,
        job.attempts,
        job.task_id or "none",
        job.biennium.label,
        ",".join(job.formats),
    )
    try:
        with _heartbeat(job_id=job.pk), translation.override(job.language):
            built = report_build(
                biennium=job.biennium,
                outcome_ids=report_job_outcome_ids(job=job),
                formats=job.formats,
                progress=partial(_progress, job.pk),
                plan=job.plan,
            )
            _store(job=job, built=built)
    except (OperationalError, InterfaceError):
        raise
    except SoftTimeLimitExceeded:
        return report_job_fail(job_id=job.pk, message=str(REPORT_TIMED_OUT % {"seconds": _soft_limit()}))
    except BuildFailed as failed:
        return report_job_fail(job_id=job.pk, message=failed.message, cause=failed.__cause__)
    except Exception as error:
        logger.exception("Report job %s: unexpected error while building", job.pk)
        return report_job_fail(job_id=job.pk, message=str(REPORT_UNEXPECTED % {"error": str(error) or repr(error)}))
    job.refresh_from_db()
    logger.info(
        "Report job %s built in %.2f s: %s, content hash %s",
        job.pk,
        _seconds(job),
        ", ".join(f"{item.format} {item.size} bytes" for item in job.files.order_by("format")),
        job.content_hash,
    )
    return job


def report_job_fail(*, job_id: int, message: str, cause: BaseException | None = None) -> ReportJob | None:
    """End a job as failed with the message the user will read (also called when retries run out).

    `cause`, when given, is the error behind the message: its traceback goes to the log, not to the user.
    """
    ended = (
        ReportJob.objects.filter(pk=job_id)
        .exclude(state=ReportJob.State.SUCCEEDED)
        .update(state=ReportJob.State.FAILED, error=message[:5000], finished_at=timezone.now(), step="")
    )
    job = ReportJob.objects.filter(pk=job_id).first()
    if ended and job is not None:
        logger.warning("Report job %s failed after %.2f s: %s", job.pk, _seconds(job), message, exc_info=cause)
    return job


def _seconds(job: ReportJob) -> float:
    """How long the job's last run took (0 when it never started)."""
    return job.duration.total_seconds() if job.duration is not None else 0.0


@transaction.atomic
def _claim(*, job_id: int, task_id: str) -> ReportJob | None:
    job = (
        ReportJob.objects.select_for_update(of=("self",))
        .select_related("biennium__framework", "plan")
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
    job.heartbeat_at = job.started_at
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
            "heartbeat_at",
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
    ReportJob.objects.filter(pk=job_id, state=ReportJob.State.RUNNING).update(
        progress=min(percent, 100), step=step, heartbeat_at=timezone.now()
    )


def _beat(job_id: int) -> None:
    ReportJob.objects.filter(pk=job_id, state=ReportJob.State.RUNNING).update(heartbeat_at=timezone.now())


@contextmanager
def _heartbeat(*, job_id: int) -> Iterator[None]:
    """Write a sign of life on the job every REPORTS_HEARTBEAT_SECONDS while the block runs, from a thread.

    A step of the build (a long PDF) may take minutes without reporting progress; the thread shows the
    worker is alive meanwhile. Tasks run eagerly in the calling process have no worker to lose: no thread.
    """
    if settings.CELERY_TASK_ALWAYS_EAGER:
        yield
        return
    stop = threading.Event()

    def beat() -> None:
        try:
            while not stop.wait(settings.REPORTS_HEARTBEAT_SECONDS):
                try:
                    _beat(job_id)
                except DatabaseError as error:  # a missed beat is not fatal; the next one may pass
                    logger.warning("Report job %s: heartbeat not written: %s", job_id, error)
        finally:
            connections.close_all()  # this thread's own connections

    thread = threading.Thread(target=beat, name=f"report-job-{job_id}-heartbeat", daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join(timeout=5)


def _store(*, job: ReportJob, built: BuiltReport) -> None:
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
            stale = [item.file.name for item in job.files.exclude(file__in=written) if item.file.name]
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
