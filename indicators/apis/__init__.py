"""The indicators app over REST, one module per entity: indicators, counts, results and their review."""

from indicators.apis.counts import CountsListApi, CountsSerializer, IndicatorCountsApi
from indicators.apis.indicators import IndicatorDetailApi, IndicatorListApi
from indicators.apis.results import (
    ResultCreateApi,
    ResultDeleteApi,
    ResultDetailApi,
    ResultListApi,
    ResultSubmitApi,
    ResultUpdateApi,
    ResultWithdrawApi,
)
from indicators.apis.reviews import ResultReopenApi, ResultReturnApi, ResultValidateApi

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
    "ResultWithdrawApi",
]
