"""Reads for evaluations, recommendations, the Office's response and follow-up, one module per sub-domain."""

from evaluations.selectors.annex import recommendation_annex
from evaluations.selectors.follow_up import (
    TrackerRow,
    TrackerSummary,
    follow_up_action_get,
    follow_up_action_list,
    follow_up_action_overdue_list,
    follow_up_action_recipients,
    follow_up_summary,
)
from evaluations.selectors.history import evaluation_history, follow_up_action_history, recommendation_history
from evaluations.selectors.register import (
    evaluation_detail,
    evaluation_editable_get,
    evaluation_filterset,
    evaluation_get,
    evaluation_list,
    evaluation_tags_prefetch,
    office_response_get,
    recommendation_get,
    recommendation_list,
    recommendation_next_number,
)

__all__ = [
    "TrackerRow",
    "TrackerSummary",
    "evaluation_detail",
    "evaluation_editable_get",
    "evaluation_filterset",
    "evaluation_get",
    "evaluation_history",
    "evaluation_list",
    "evaluation_tags_prefetch",
    "follow_up_action_get",
    "follow_up_action_history",
    "follow_up_action_list",
    "follow_up_action_overdue_list",
    "follow_up_action_recipients",
    "follow_up_summary",
    "office_response_get",
    "recommendation_annex",
    "recommendation_get",
    "recommendation_history",
    "recommendation_list",
    "recommendation_next_number",
]
