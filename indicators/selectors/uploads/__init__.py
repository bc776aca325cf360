"""Excel bulk entry, the reading side: the template an officer fills in, and what an uploaded workbook would do.

`indicators.parsers.workbook` reads sheets and cells, `plan` checks every row against the rules of
`indicators.rules`, `template` writes the workbook to fill in.
"""

from django.db.models import QuerySet

from accounts.selectors import AnyUser
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
from rbm.replica import replica_read


def result_upload_list(*, user: AnyUser) -> QuerySet[ResultUpload]:
    """The user's own uploads (nobody sees another's), with their indicator and biennium."""
    if user is None or not user.is_authenticated:
        return ResultUpload.objects.none()
    return ResultUpload.objects.filter(uploaded_by_id=user.pk).select_related("indicator__outcome", "biennium")


@replica_read
def result_upload_list_recent(*, user: AnyUser, indicator: Indicator, biennium: Biennium) -> QuerySet[ResultUpload]:
    """The user's ten latest uploads for the indicator and biennium, without their content."""
    if user is None or not user.is_authenticated:
        return ResultUpload.objects.none()
    return ResultUpload.objects.filter(uploaded_by_id=user.pk, indicator=indicator, biennium=biennium).defer(
        "content", "plan"
    )[:10]


__all__ = [
    "LINK_INVALID",
    "PLACE_REQUIRED",
    "UploadPlan",
    "UploadRow",
    "result_upload_list",
    "result_upload_list_recent",
    "result_upload_plan",
    "result_upload_rows_plan",
    "result_upload_template",
    "workbook_columns",
]
