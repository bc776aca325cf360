"""Excel bulk entry, the reading side: the template an officer fills in, and what an uploaded workbook would do.

`workbook` reads sheets and cells, `plan` checks every row against the result services' rules,
`template` writes the workbook to fill in.
"""

from django.contrib.auth.models import AnonymousUser, User
from django.db.models import QuerySet

from indicators.models import Indicator, ResultUpload
from indicators.selectors.bulk.plan import (
    LINK_INVALID,
    PLACE_REQUIRED,
    UploadPlan,
    UploadRow,
    result_rows_plan,
    result_upload_plan,
)
from indicators.selectors.bulk.template import result_upload_template
from indicators.selectors.bulk.workbook import upload_columns
from outcomes.models import Biennium


def result_upload_get(*, user: User | AnonymousUser, pk: int) -> ResultUpload:
    """One of the user's own uploads; ResultUpload.DoesNotExist for anyone else's."""
    if not isinstance(user, User):  # an anonymous visitor has none
        raise ResultUpload.DoesNotExist
    return ResultUpload.objects.select_related("indicator__outcome", "biennium").get(pk=pk, uploaded_by=user)


def result_upload_list(*, user: User, indicator: Indicator, biennium: Biennium) -> QuerySet[ResultUpload]:
    return ResultUpload.objects.filter(uploaded_by=user, indicator=indicator, biennium=biennium).defer(
        "content", "plan"
    )[:10]


__all__ = [
    "LINK_INVALID",
    "PLACE_REQUIRED",
    "UploadPlan",
    "UploadRow",
    "result_rows_plan",
    "result_upload_get",
    "result_upload_list",
    "result_upload_plan",
    "result_upload_template",
    "upload_columns",
]
