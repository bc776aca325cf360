"""Reads for evaluations, recommendations, the Office's responses and follow-up, one module per entity."""

from evaluations.selectors.evaluations import (
    evaluation_detail,
    evaluation_editable_get,
    evaluation_filterset,
    evaluation_get,
    evaluation_list,
    evaluation_tags_prefetch,
)
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
from evaluations.selectors.recommendations import (
    recommendation_annex,
    recommendation_get,
    recommendation_list,
    recommendation_next_number,
)
from evaluations.selectors.responses import office_response_get

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
