"""Celery tasks for reports: thin wrappers taking ids and calling the services."""

from celery import Task, shared_task
from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.utils.translation import gettext_lazy as _

from reports.services import JobsResumed, edition_publish_run, report_job_fail, report_job_run
from reports.services import report_files_purge as purge_files
from reports.services import report_jobs_resume as resume_jobs

REPORT_RETRIES_EXHAUSTED = _("The database could not be reached while building the report: %(error)s")


class ReportBuildTask(Task):
    def on_failure(self, exc, task_id, args, kwargs, einfo):
        """Retries ran out (or the task broke outside the service): the job must not stay running."""
        job_id = kwargs.get("job_id", args[0] if args else None)
        if job_id is not None:
            report_job_fail(job_id=job_id, message=str(REPORT_RETRIES_EXHAUSTED % {"error": exc}))


@shared_task(
    bind=True,
    base=ReportBuildTask,
    name="reports.build",
    acks_late=True,
    reject_on_worker_lost=True,
    autoretry_for=(OperationalError, InterfaceError),
    retry_backoff=5,
    retry_backoff_max=120,
    retry_jitter=True,
    max_retries=3,
    # The settings' limits, stated here because the job's messages and the broker's visibility timeout rely on them.
    soft_time_limit=settings.CELERY_TASK_SOFT_TIME_LIMIT,
    time_limit=settings.CELERY_TASK_TIME_LIMIT,
    ignore_result=True,
)
def report_job_build(self, job_id: int) -> None:
    """Build a report job's documents; safe to deliver twice (see `report_job_run`)."""
    report_job_run(job_id=job_id, task_id=self.request.id or "")


@shared_task(name="reports.resume_jobs", ignore_result=True, acks_late=True)
def report_jobs_resume() -> JobsResumed:
    return resume_jobs()


@shared_task(name="reports.purge_files", ignore_result=True, acks_late=True)
def report_files_purge() -> int:
    return purge_files()


@shared_task(
    name="reports.publish_edition",
    autoretry_for=(OperationalError, InterfaceError),
    retry_backoff=5,
    max_retries=3,
    soft_time_limit=settings.CELERY_TASK_SOFT_TIME_LIMIT,
    time_limit=settings.CELERY_TASK_TIME_LIMIT,
    ignore_result=True,
)
def edition_publish_task(*, biennium_id: int, title: str, user_id: int | None, at: str | None) -> None:
    """Publish an edition (see `edition_publish`). Acknowledged on receipt, not late: a worker dying mid-build
    loses the publication (the manager publishes again) rather than a redelivery publishing it twice."""
    edition_publish_run(biennium_id=biennium_id, title=title, user_id=user_id, at=at)
