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


def report_job_running_limit() -> timedelta:
    """How long a run may last: the task's hard time limit and a minute for the worker to record its end."""
    return timedelta(seconds=settings.CELERY_TASK_TIME_LIMIT + 60)


def report_job_is_stale(*, job: ReportJob, now: datetime | None = None) -> bool:
    """Running for longer than any task may: its worker is gone."""
    now = now or timezone.now()
    return job.started_at is None or job.started_at < now - report_job_running_limit()
