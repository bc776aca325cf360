"""Excel bulk entry, the reading side: the template an officer fills in, and what an uploaded workbook would do.

`indicators.parsers.workbook` reads sheets and cells, `plan` checks every row against the rules of
`indicators.rules`, `template` writes the workbook to fill in.
"""

from django.db.models import QuerySet

from indicators.models import Indicator, ResultUpload
from indicators.parsers.workbook import workbook_columns
from indicators.selectors.uploads.plan import (
    LINK_INVALID,
    PLACE_REQUIRED,
    UploadPlan,
    UploadRow,
    result_upload_plan,
    result_upload_rows_plan,
)
from indicators.selectors.uploads.template import result_upload_template
from outcomes.models import Biennium


def result_upload_get(*, user, pk: int) -> ResultUpload:
    """One of the user's own uploads; ResultUpload.DoesNotExist for anyone else's."""
    if not user.is_authenticated:
        raise ResultUpload.DoesNotExist
    return ResultUpload.objects.select_related("indicator__outcome", "biennium").get(pk=pk, uploaded_by=user)


def result_upload_list(*, user, indicator: Indicator, biennium: Biennium) -> QuerySet[ResultUpload]:
    return ResultUpload.objects.filter(uploaded_by=user, indicator=indicator, biennium=biennium).defer(
        "content", "plan"
    )[:10]


__all__ = [
    "LINK_INVALID",
    "PLACE_REQUIRED",
    "UploadPlan",
    "UploadRow",
    "result_upload_get",
    "result_upload_list",
    "result_upload_plan",
    "result_upload_rows_plan",
    "result_upload_template",
    "workbook_columns",
]
