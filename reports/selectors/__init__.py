"""Reads for reports: the content a report shows, and the jobs that build it."""

from reports.selectors.content import ReportContent, report_annex, report_content, report_content_hash
from reports.selectors.jobs import (
    report_job_data_changed,
    report_job_get,
    report_job_list,
    report_job_outcome_ids,
    report_outcome_list,
)

__all__ = [
    "ReportContent",
    "report_annex",
    "report_content",
    "report_content_hash",
    "report_job_data_changed",
    "report_job_get",
    "report_job_list",
    "report_job_outcome_ids",
    "report_outcome_list",
]
