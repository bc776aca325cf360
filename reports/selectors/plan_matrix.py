"""The content of a revised activity matrix document: read once, in one snapshot, with its hash."""

from django.db import connection, transaction
from django.utils import timezone

from outcomes.models import Biennium
from plans.models import Plan
from plans.selectors.matrix_document import plan_matrix_data
from reports.selectors.content import ReportContent, report_content_hash


def plan_matrix_content(*, plan: Plan, biennium: Biennium) -> ReportContent:
    outermost = not connection.in_atomic_block
    with transaction.atomic():
        if connection.vendor == "postgresql" and outermost:
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
        data_read_at = timezone.now()
        data = plan_matrix_data(plan=plan, start_year=biennium.start_year)
    return ReportContent(data=data, data_read_at=data_read_at, content_hash=report_content_hash(data))  # type: ignore[arg-type]
