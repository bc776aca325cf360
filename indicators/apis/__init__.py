"""The indicators app over REST, one module per sub-domain: the framework and counts, reading results,
and writing them."""

from indicators.apis.framework import (
    CountsListApi,
    CountsSerializer,
    IndicatorCountsApi,
    IndicatorDetailApi,
    IndicatorListApi,
)
from indicators.apis.result_writes import (
    ResultCreateApi,
    ResultDeleteApi,
    ResultReopenApi,
    ResultReturnApi,
    ResultSubmitApi,
    ResultUpdateApi,
    ResultValidateApi,
)
from indicators.apis.results import ResultDetailApi, ResultListApi

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
