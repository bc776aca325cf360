"""Reading report jobs: which the user may see, what they cover, and whether their data changed since."""

from django.db.models import Prefetch, Q, QuerySet
from django.utils import translation

from accounts.selectors import AnyUser, user_scope
from outcomes.models import Biennium, Outcome
from outcomes.selectors import outcome_list
from reports.models import ReportFile, ReportJob
from reports.selectors.content import report_content
from reports.selectors.plan_matrix import plan_matrix_content


def report_outcome_list(*, user: AnyUser, biennium: Biennium | None) -> QuerySet[Outcome]:
    """The outcomes of the biennium the user may report on: those of their scope, or every one."""
    if biennium is None:
        return Outcome.objects.none()
    scope = user_scope(user=user)
    return outcome_list(biennium=biennium).filter(scope.filter(region_path=None, outcome_path="pk"))


def report_job_list(*, user: AnyUser) -> QuerySet[ReportJob]:
    """Jobs the user may see: administrators every job; others their own jobs and every finished report."""
    jobs = ReportJob.objects.select_related("biennium__framework", "requested_by", "plan").prefetch_related(
        Prefetch("files", queryset=ReportFile.objects.order_by("format")),
        Prefetch("outcomes", queryset=Outcome.objects.order_by("position", "number")),
    )
    scope = user_scope(user=user)
    if scope.is_administrator:
        return jobs
    if not scope.is_authenticated:
        return jobs.none()
    return jobs.filter(Q(requested_by_id=scope.user_id) | Q(state=ReportJob.State.SUCCEEDED))


def report_job_get(*, user: AnyUser, pk: int) -> ReportJob:
    """A job the user may see; raises ReportJob.DoesNotExist otherwise."""
    return report_job_list(user=user).get(pk=pk)


def report_job_outcome_ids(*, job: ReportJob) -> list[int] | None:
    """The outcomes a job covers, None meaning all (uses the prefetched outcomes when there)."""
    ids = sorted(outcome.pk for outcome in job.outcomes.all())
    return ids or None


def report_job_data_changed(*, job: ReportJob) -> bool | None:
    """Whether the data a finished report shows has changed since it was read; None if not built."""
    if job.state != ReportJob.State.SUCCEEDED or not job.content_hash:
        return None
    # Some of what the report shows is worded in its language (the Office's stance, discrepancy sentences).
    with translation.override(job.language):
        if job.plan is not None:
            fresh = plan_matrix_content(plan=job.plan, biennium=job.biennium)
        else:
            fresh = report_content(biennium=job.biennium, outcome_ids=report_job_outcome_ids(job=job))
    return fresh.content_hash != job.content_hash
