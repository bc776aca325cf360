"""Reads for the results framework and country results, one module per sub-domain."""

from indicators.selectors.framework import (
    IndicatorTableRow,
    OutcomeTable,
    indicator_counts,
    indicator_counts_list,
    indicator_get,
    indicator_list,
    indicator_table,
)
from indicators.selectors.results import (
    result_changes_since,
    result_criteria,
    result_get,
    result_history,
    result_list,
    result_review_queue,
)

__all__ = [
    "IndicatorTableRow",
    "OutcomeTable",
    "indicator_counts",
    "indicator_counts_list",
    "indicator_get",
    "indicator_list",
    "indicator_table",
    "result_changes_since",
    "result_criteria",
    "result_get",
    "result_history",
    "result_list",
    "result_review_queue",
]
