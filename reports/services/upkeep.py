"""The periodic upkeep of report jobs: hand over what the broker never got, take back what a dead
worker left running, and delete files past their retention period."""

import logging
from datetime import datetime, timedelta
from typing import TypedDict

from django.conf import settings
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from reports.models import ReportJob
from reports.rules import MAX_RESTARTS, REPORT_WORKER_LOST, report_job_heartbeat_timeout
from reports.services.jobs import report_job_enqueue
from reports.services.runs import report_job_fail

logger = logging.getLogger(__name__)

# A job not handed to the broker within this delay after its request is handed over by the sweep.
HANDOVER_GRACE = timedelta(seconds=30)


class JobsResumed(TypedDict):
    """What a sweep did: jobs handed to the queue, jobs restarted, jobs ended failed after too many attempts."""

    queued: int
    restarted: int
    failed: int


def report_jobs_resume(*, now: datetime | None = None) -> JobsResumed:
    """Hand over jobs the broker never got, and take back jobs whose worker fell silent; a periodic task.

    A job whose worker stopped answering is restarted once (`MAX_RESTARTS`), then ended failed with a
    message, so a report that kills its worker does not do so forever.
    """
    now = now or timezone.now()
    counts = JobsResumed(queued=0, restarted=0, failed=0)
    waiting = ReportJob.objects.filter(state=ReportJob.State.QUEUED).filter(
        enqueued_at__isnull=True, requested_at__lt=now - HANDOVER_GRACE
    ) | ReportJob.objects.filter(
        state=ReportJob.State.QUEUED,
        enqueued_at__lt=now - timedelta(seconds=settings.CELERY_BROKER_TRANSPORT_OPTIONS["visibility_timeout"]),
    )
    for job_id in waiting.values_list("pk", flat=True):
        counts["queued"] += report_job_enqueue(job_id=job_id)
    silent_since = now - report_job_heartbeat_timeout()
    stale = ReportJob.objects.filter(state=ReportJob.State.RUNNING).filter(
        Q(heartbeat_at__lt=silent_since)
        | Q(heartbeat_at__isnull=True, started_at__lt=silent_since)
        | Q(heartbeat_at__isnull=True, started_at__isnull=True)
    )
    for job in stale.only("pk", "restarts", "task_id"):
        if job.restarts >= MAX_RESTARTS:
            logger.warning(
                "Report job %s: its worker stopped answering again (task %s); ended failed", job.pk, job.task_id
            )
            report_job_fail(job_id=job.pk, message=str(REPORT_WORKER_LOST))
            counts["failed"] += 1
            continue
        moved = (
            ReportJob.objects.filter(pk=job.pk, state=ReportJob.State.RUNNING)
            .filter(Q(heartbeat_at__lt=silent_since) | Q(heartbeat_at__isnull=True))
            .update(
                state=ReportJob.State.QUEUED,
                enqueued_at=None,
                step="",
                restarts=job.restarts + 1,
            )
        )
        if moved:
            logger.warning("Report job %s: its worker stopped answering (task %s); restarted", job.pk, job.task_id)
            counts["restarted"] += 1
            report_job_enqueue(job_id=job.pk)
    if any(counts.values()):
        logger.info(
            "Report jobs resumed: %d handed to the queue, %d restarted, %d failed after their worker stopped again",
            counts["queued"],
            counts["restarted"],
            counts["failed"],
        )
    return counts


def report_files_purge(*, now: datetime | None = None, older_than: timedelta | None = None) -> int:
    """Delete the files of reports finished before the retention period; the jobs stay, marked purged."""
    now = now or timezone.now()
    older_than = older_than if older_than is not None else timedelta(days=settings.REPORTS_RETENTION_DAYS)
    jobs = ReportJob.objects.filter(finished_at__lt=now - older_than, files__isnull=False).distinct()
    purged = 0
    for job in jobs.prefetch_related("files"):
        for item in job.files.all():
            if not item.file.name:  # a file row always names its file; nothing to delete otherwise
                continue
            try:
                default_storage.delete(item.file.name)
            except OSError:
                logger.warning("Could not delete %s", item.file.name, exc_info=True)
                continue
        with transaction.atomic():
            job.files.all().delete()
            ReportJob.objects.filter(pk=job.pk).update(files_purged_at=now)
        purged += 1
        logger.info("Report job %s: files purged after the retention period", job.pk)
    return purged
