"""Writes for the results framework and country results, one module per entity."""

from indicators.services.results import (
    result_delete,
    result_evidence_add,
    result_evidence_remove,
    result_record,
    result_submit,
    result_update,
)
from indicators.services.reviews import result_reopen, result_return, result_validate
from indicators.services.tables import results_table_import, results_table_import_file

__all__ = [
    "result_delete",
    "result_evidence_add",
    "result_evidence_remove",
    "result_record",
    "result_reopen",
    "result_return",
    "result_submit",
    "result_update",
    "result_validate",
    "results_table_import",
    "results_table_import_file",
]
