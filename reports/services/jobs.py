"""Report jobs: requested in a page, the API or a script, and handed to the task queue; never lost.

A job is written before anything is queued, and the task is handed to the broker only once the
request's transaction has committed. When the broker cannot be reached the job stays queued with a
note, and `report_jobs_resume` (reports/services/upkeep.py, a periodic task) hands it over later.
"""

import logging
import uuid
from functools import partial

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from kombu.exceptions import OperationalError as BrokerError

from accounts.selectors import user_scope
from outcomes.models import Biennium
from outcomes.selectors import outcome_list
from plans.models import Plan
from rbm.exceptions import NotAllowed
from reports.models import ReportJob
from reports.rules import REPORT_NOT_ALLOWED, REPORT_QUEUE_DOWN
from reports.services.build import report_formats_clean

logger = logging.getLogger(__name__)

PUBLISH_RETRY = {"max_retries": 2, "interval_start": 0, "interval_step": 0.5, "interval_max": 1}

REPORT_OUTCOME_OUT_OF_SCOPE = _("Outcome %(number)s is outside your scope; you may not report on it.")
REPORT_OUTCOME_UNKNOWN = _("These outcomes are not in the framework of %(biennium)s: %(ids)s.")
REPORT_NO_OUTCOMES = _("There are no outcomes in %(biennium)s that you may report on.")


@transaction.atomic
def report_job_request(
    *, user: User, biennium: Biennium, outcome_ids: list[int] | None, formats: list[str], language: str = "en"
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
    logger.info(
        "Report job %s requested by user %s: biennium %s, outcomes %s, formats %s, language %s",
        job.pk,
        user.pk,
        biennium.label,
        ",".join(known[pk].number for pk in chosen) or "all",
        ",".join(formats),
        job.language,
    )
    transaction.on_commit(partial(report_job_enqueue, job_id=job.pk), robust=True)
    return job


PLAN_MATRIX_BIENNIUM_OUTSIDE = _("The biennium %(biennium)s lies outside the plan's period %(period)s.")


@transaction.atomic
def plan_matrix_job_request(
    *, user: User, plan: Plan, biennium: Biennium, formats: list[str], language: str = "en"
) -> ReportJob:
    """Record a request for a plan's revised activity matrix (status column for `biennium`) and queue it.

    Programme officers, managers and administrators ask for it, as for the implementation report.
    """
    if not user_scope(user=user).can_record:
        raise NotAllowed(REPORT_NOT_ALLOWED)
    formats = report_formats_clean(formats=formats)
    if biennium.end_year < plan.period_start or biennium.start_year > plan.period_end:
        raise ValidationError(
            {"biennium": PLAN_MATRIX_BIENNIUM_OUTSIDE % {"biennium": biennium.label, "period": plan.period}}
        )
    job = ReportJob(biennium=biennium, plan=plan, formats=formats, language=language or "en", requested_by=user)
    job.full_clean()
    job.save()
    logger.info(
        "Revised matrix job %s requested by user %s: plan %s, biennium %s, formats %s",
        job.pk,
        user.pk,
        plan.symbol,
        biennium.label,
        ",".join(formats),
    )
    transaction.on_commit(partial(report_job_enqueue, job_id=job.pk), robust=True)
    return job


def report_job_enqueue(*, job_id: int) -> bool:
    """Hand a queued job to the broker; when it cannot be reached, note it on the job and return False."""
    # The task calls the services: imported here, the one circle the layers allow.
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
    logger.info("Report job %s handed to the queue as task %s", job_id, task_id)
    return True
