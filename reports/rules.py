"""The rules of report jobs shared by the services, the pages and the API, with their messages.

How many runs a job may start and how long a run may last before its worker counts as gone; who may
ask for a report and what they are told when the task queue is down.
"""

from datetime import datetime, timedelta

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from reports.models import ReportJob

# Runs a job may start, counting retries after lost database connections (the task's max_retries + 1 = 4)
# and redeliveries after a worker died; past this it ends failed rather than running forever.
MAX_ATTEMPTS = 5

REPORT_NOT_ALLOWED = _("Only programme officers, managers and administrators may request reports.")
REPORT_NO_FORMAT = _("Choose at least one format.")
REPORT_QUEUE_DOWN = _(
    "The task queue cannot be reached right now. Your request is saved and will start by itself when the "
    "queue is back; there is nothing more to do."
)
REPORT_GAVE_UP = _("The build was interrupted %(count)d times (its worker stopped); it was not tried again.")
# A job whose worker stopped answering is started again this many times, then ended failed.
MAX_RESTARTS = 1
REPORT_WORKER_LOST = _(
    "The worker building this report stopped answering, and again after the build was restarted; it was not "
    "tried again. Request the report again, and tell an administrator if this happens again."
)
REPORT_RESTARTED = _("The worker building this report stopped answering; the build was restarted.")
REPORT_NO_WORKER = _(
    "No worker has taken this request for %(minutes)d minute(s): the report workers may be stopped. It will start "
    "as soon as one runs; tell an administrator if this lasts."
)
REPORT_WORKER_SILENT = _(
    "The worker building this report has not answered for %(seconds)d seconds; if it has stopped, the build "
    "will be restarted within a couple of minutes."
)
# The IATI export of a biennium as one of its editions froze it.
IATI_EDITION_UNKNOWN = _("There is no edition %(number)d of %(biennium)s.")


def report_job_heartbeat_timeout() -> timedelta:
    """How long a building worker may stay silent before it counts as gone (it beats every few seconds)."""
    return timedelta(seconds=settings.REPORTS_HEARTBEAT_TIMEOUT)


def report_job_last_sign(*, job: ReportJob) -> datetime | None:
    """When the job's worker last showed it was alive: its last heartbeat, or the start of the run."""
    return job.heartbeat_at or job.started_at


def report_job_is_stale(*, job: ReportJob, now: datetime | None = None) -> bool:
    """Running, but its worker has been silent for longer than the heartbeat allows: the worker is gone."""
    now = now or timezone.now()
    last_sign = report_job_last_sign(job=job)
    return last_sign is None or last_sign < now - report_job_heartbeat_timeout()


def report_job_notice(*, job: ReportJob, now: datetime | None = None) -> str:
    """What the user should know about a job no worker is looking after; empty when all is well."""
    now = now or timezone.now()
    if job.state == ReportJob.State.QUEUED and job.enqueued_at is not None:
        waited = now - job.enqueued_at
        if waited >= timedelta(seconds=settings.REPORTS_WORKER_WAIT):
            return str(REPORT_NO_WORKER % {"minutes": max(1, int(waited.total_seconds() // 60))})
    if job.state == ReportJob.State.RUNNING:
        last_sign = report_job_last_sign(job=job)
        if last_sign is not None and report_job_is_stale(job=job, now=now):
            return str(REPORT_WORKER_SILENT % {"seconds": int((now - last_sign).total_seconds())})
    if job.restarts and not job.is_finished:
        return str(REPORT_RESTARTED)
    return ""
