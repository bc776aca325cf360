"""Reads for the results framework and country results, one module per entity."""

from indicators.selectors.counts import (
    indicator_counts,
    indicator_counts_list,
    results_validated,
    validated_tallies,
)
from indicators.selectors.indicators import indicator_get, indicator_list, indicator_list_with_targets
from indicators.selectors.restatements import (
    EditionRestatements,
    Restatement,
    restatement_list,
    restatements_by_edition,
)
from indicators.selectors.results import (
    result_changes_since,
    result_criteria,
    result_get,
    result_history,
    result_list,
    result_tally_list,
)
from indicators.selectors.reviews import result_review_queue
from indicators.selectors.tables import (
    IndicatorTableRow,
    OutcomeTable,
    PlaceEntry,
    indicator_places_table,
    indicator_table,
)

__all__ = [
    "EditionRestatements",
    "IndicatorTableRow",
    "OutcomeTable",
    "PlaceEntry",
    "Restatement",
    "indicator_counts",
    "indicator_counts_list",
    "indicator_get",
    "indicator_list",
    "indicator_list_with_targets",
    "indicator_places_table",
    "indicator_table",
    "restatement_list",
    "restatements_by_edition",
    "result_changes_since",
    "result_criteria",
    "result_get",
    "result_history",
    "result_list",
    "result_review_queue",
    "result_tally_list",
    "results_validated",
    "validated_tallies",
]
