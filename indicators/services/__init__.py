"""Writes for the results framework and country results, one module per sub-domain."""

from indicators.services.imports import ImportRejected, ImportSummary, results_table_import, results_table_import_file
from indicators.services.results import (
    result_delete,
    result_evidence_add,
    result_evidence_remove,
    result_record,
    result_reopen,
    result_return,
    result_submit,
    result_update,
    result_validate,
)

__all__ = [
    "ImportRejected",
    "ImportSummary",
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
