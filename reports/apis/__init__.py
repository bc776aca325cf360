"""The reports app over REST, one module per subject: report jobs and their files, the IATI export."""

from reports.apis.iati import IatiExportApi
from reports.apis.jobs import ReportDownloadApi, ReportJobDetailApi, ReportJobListApi, ReportJobRequestApi

__all__ = ["IatiExportApi", "ReportDownloadApi", "ReportJobDetailApi", "ReportJobListApi", "ReportJobRequestApi"]
