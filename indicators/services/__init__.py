"""Writes for the results framework and country results, one module per entity."""

from indicators.services.results import (
    result_delete,
    result_evidence_add,
    result_evidence_remove,
    result_record,
    result_submit,
    result_update,
    result_withdraw,
)
from indicators.services.reviews import (
    BulkReview,
    result_reopen,
    result_return,
    result_review_bulk,
    result_validate,
)
from indicators.services.tables import results_table_import, results_table_import_file

__all__ = [
    "BulkReview",
    "result_delete",
    "result_evidence_add",
    "result_evidence_remove",
    "result_record",
    "result_reopen",
    "result_return",
    "result_review_bulk",
    "result_submit",
    "result_update",
    "result_validate",
    "result_withdraw",
    "results_table_import",
    "results_table_import_file",
]
