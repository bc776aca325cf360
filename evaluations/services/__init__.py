"""Writes for evaluations, recommendations, the Office's response and follow-up, one module per entity."""

from evaluations.services.evaluations import (
    EvaluationInput,
    FindingInput,
    PlaceCovered,
    evaluation_create,
    evaluation_input_from,
    evaluation_update,
)
from evaluations.services.follow_up import (
    follow_up_action_create,
    follow_up_action_overdue_noted,
    follow_up_action_update,
    progress_update_record,
)
from evaluations.services.imports import ImportResult, evaluation_summary_import, evaluation_summary_import_file
from evaluations.services.recommendations import (
    RecommendationInput,
    recommendation_create,
    recommendation_input_from,
    recommendation_update,
)
from evaluations.services.responses import office_response_create, office_response_update
from evaluations.services.synthesis import synthesis_import, synthesis_import_file

__all__ = [
    "EvaluationInput",
    "FindingInput",
    "ImportResult",
    "PlaceCovered",
    "RecommendationInput",
    "evaluation_create",
    "evaluation_input_from",
    "evaluation_summary_import",
    "evaluation_summary_import_file",
    "evaluation_update",
    "follow_up_action_create",
    "follow_up_action_overdue_noted",
    "follow_up_action_update",
    "office_response_create",
    "office_response_update",
    "progress_update_record",
    "recommendation_create",
    "recommendation_input_from",
    "recommendation_update",
    "synthesis_import",
    "synthesis_import_file",
]
