"""The indicators app over REST, one module per sub-domain: the framework and counts, and country results."""

from indicators.apis.framework import (
    CountsListApi,
    CountsSerializer,
    IndicatorCountsApi,
    IndicatorDetailApi,
    IndicatorListApi,
)
from indicators.apis.results import (
    ResultCreateApi,
    ResultDeleteApi,
    ResultDetailApi,
    ResultListApi,
    ResultReopenApi,
    ResultReturnApi,
    ResultSubmitApi,
    ResultUpdateApi,
    ResultValidateApi,
)

__all__ = [
    "CountsListApi",
    "CountsSerializer",
    "IndicatorCountsApi",
    "IndicatorDetailApi",
    "IndicatorListApi",
    "ResultCreateApi",
    "ResultDeleteApi",
    "ResultDetailApi",
    "ResultListApi",
    "ResultReopenApi",
    "ResultReturnApi",
    "ResultSubmitApi",
    "ResultUpdateApi",
    "ResultValidateApi",
]
