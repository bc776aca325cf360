"""Writes for reports: building documents, and the jobs that build them in a worker."""

from reports.services.build import (
    BuildFailed,
    BuiltReport,
    report_build,
    report_file_name,
    report_formats_clean,
)
from reports.services.jobs import plan_matrix_job_request, report_job_enqueue, report_job_request
from reports.services.runs import report_job_fail, report_job_run
from reports.services.upkeep import JobsResumed, report_files_purge, report_jobs_resume

__all__ = [
    "BuildFailed",
    "BuiltReport",
    "JobsResumed",
    "plan_matrix_job_request",
    "report_build",
    "report_file_name",
    "report_files_purge",
    "report_formats_clean",
    "report_job_enqueue",
    "report_job_fail",
    "report_job_request",
    "report_job_run",
    "report_jobs_resume",
]
