"""Building a report's documents from the database: shared by the Celery task and the command."""

import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from celery.exceptions import SoftTimeLimitExceeded
from django.core.exceptions import ValidationError
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from outcomes.models import Biennium
from plans.models import Plan
from reports.builders import BUILDERS, EXTENSIONS, MATRIX_BUILDERS, ReportDocument
from reports.models import ReportFormat
from reports.rules import REPORT_NO_FORMAT
from reports.selectors import ReportContent, report_content
from reports.selectors.plan_matrix import plan_matrix_content

REPORT_UNKNOWN_FORMAT = _("“%(format)s” is not a report format; choose among: %(formats)s.")
BUILD_FAILED = _("Building the %(document)s failed: %(error)s")
STEP_READING = _("Reading the data")
STEP_BUILDING = _("Building the %(document)s")
DOCUMENT_NAMES: dict[str, Promise] = {
    ReportFormat.HTML: _("web page"),
    ReportFormat.DOCX: _("Word document"),
    ReportFormat.XLSX: _("Excel workbook"),
    ReportFormat.PDF: _("PDF document"),
}

Progress = Callable[[int, str], None]


class BuildFailed(Exception):
    """A builder raised; `message` says which format and why, for the user."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass
class BuiltReport:
    content: ReportContent
    files: dict[str, bytes] = field(default_factory=dict)
    seconds: dict[str, float] = field(default_factory=dict)


def report_formats_clean(*, formats: list[str]) -> list[str]:
    """The formats asked for, known and without duplicates, in the canonical order (web, Word, Excel, PDF)."""
    wanted = [item.strip().lower() for item in formats if item and item.strip()]
    if not wanted:
        raise ValidationError({"formats": REPORT_NO_FORMAT})
    unknown = [item for item in wanted if item not in ReportFormat.values]
    if unknown:
        raise ValidationError(
            {"formats": REPORT_UNKNOWN_FORMAT % {"format": unknown[0], "formats": ", ".join(ReportFormat.values)}}
        )
    return [value for value in ReportFormat.values if value in wanted]


def report_file_name(*, content: ReportContent, format: str) -> str:
    if "plan" in content.data:
        data: dict = content.data  # type: ignore[assignment]
        symbol = re.sub(r"[^A-Za-z0-9]+", "-", data["plan"]["symbol"]).strip("-").lower()
        return f"revised-activity-matrix-{symbol}-{data['biennium']}.{EXTENSIONS[format]}"
    numbers = [outcome["number"] for outcome in content.data["outcomes"]]
    scope = f"-outcome-{numbers[0]}" if len(numbers) == 1 else ""
    return f"implementation-report-{content.data['biennium']}{scope}.{EXTENSIONS[format]}"


def report_build(
    *,
    biennium: Biennium,
    outcome_ids: list[int] | None,
    formats: list[str],
    progress: Progress | None = None,
    plan: Plan | None = None,
) -> BuiltReport:
    """Read the report's data once and build each format from it.

    `progress(percent, step)` is called as the work advances. A builder's error is raised as
    `BuildFailed` naming the format, so the job can show a readable message. With `plan`, the document
    is the plan's revised activity matrix, its status column for `biennium`.
    """
    formats = report_formats_clean(formats=formats)
    report = progress or (lambda percent, step: None)
    report(2, str(STEP_READING))
    if plan is not None:
        content = plan_matrix_content(plan=plan, biennium=biennium)
    else:
        content = report_content(biennium=biennium, outcome_ids=outcome_ids)
    builders = MATRIX_BUILDERS if plan is not None else BUILDERS
    built = BuiltReport(content=content)
    document = ReportDocument(data=content.data, data_read_at=content.data_read_at, content_hash=content.content_hash)
    share = 85 / len(formats)
    for index, format in enumerate(formats):
        name = DOCUMENT_NAMES[format]
        report(10 + round(index * share), str(STEP_BUILDING % {"document": name}))
        started = time.perf_counter()
        try:
            built.files[format] = builders[format](document)
        except SoftTimeLimitExceeded:
            raise
        except Exception as error:
            detail = str(error) or type(error).__name__
            raise BuildFailed(str(BUILD_FAILED % {"document": name, "error": detail})) from error
        built.seconds[format] = time.perf_counter() - started
    report(95, "")
    return built
