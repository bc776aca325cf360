"""Reads for evaluations, recommendations, the Office's responses and follow-up, one module per entity."""

from evaluations.selectors.evaluations import (
    evaluation_detail,
    evaluation_detail_queryset,
    evaluation_edit_queryset,
    evaluation_filterset,
    evaluation_list,
    evaluation_queryset,
    evaluation_tags_prefetch,
)
from evaluations.selectors.follow_up import (
    TrackerRow,
    TrackerSummary,
    follow_up_action_detail_queryset,
    follow_up_action_due_soon_list,
    follow_up_action_for_reminder,
    follow_up_action_list,
    follow_up_action_overdue_list,
    follow_up_action_people,
    follow_up_summary,
)
from evaluations.selectors.history import evaluation_history, follow_up_action_history, recommendation_history
from evaluations.selectors.recommendations import (
    recommendation_annex,
    recommendation_detail_queryset,
    recommendation_follow_up_counts,
    recommendation_list,
    recommendation_next_number,
)
from evaluations.selectors.responses import office_response_queryset

__all__ = [
    "TrackerRow",
    "TrackerSummary",
    "evaluation_detail",
    "evaluation_detail_queryset",
    "evaluation_edit_queryset",
    "evaluation_filterset",
    "evaluation_history",
    "evaluation_list",
    "evaluation_queryset",
    "evaluation_tags_prefetch",
    "follow_up_action_detail_queryset",
    "follow_up_action_due_soon_list",
    "follow_up_action_for_reminder",
    "follow_up_action_history",
    "follow_up_action_list",
    "follow_up_action_overdue_list",
    "follow_up_action_people",
    "follow_up_summary",
    "office_response_queryset",
    "recommendation_annex",
    "recommendation_detail_queryset",
    "recommendation_follow_up_counts",
    "recommendation_history",
    "recommendation_list",
    "recommendation_next_number",
]
