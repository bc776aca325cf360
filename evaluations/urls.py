from django.urls import path

from evaluations.views import evaluations, follow_up, recommendations, responses

app_name = "evaluations"

urlpatterns = [
    path("", evaluations.evaluation_list_view, name="evaluation-list"),
    path("new/", evaluations.evaluation_create_view, name="evaluation-create"),
    path("<int:pk>/", evaluations.evaluation_detail_view, name="evaluation-detail"),
    path("<int:pk>/edit/", evaluations.evaluation_edit_view, name="evaluation-edit"),
    path("<int:pk>/history/", evaluations.evaluation_history_view, name="evaluation-history"),
    path("<int:pk>/document/", evaluations.evaluation_document_view, name="evaluation-document"),
    path("<int:pk>/recommendations/new/", recommendations.recommendation_create_view, name="recommendation-create"),
    path("<int:pk>/responses/new/", responses.response_create_view, name="response-create"),
    path("recommendations/<int:pk>/", recommendations.recommendation_detail_view, name="recommendation-detail"),
    path("recommendations/<int:pk>/edit/", recommendations.recommendation_edit_view, name="recommendation-edit"),
    path("recommendations/<int:pk>/actions/new/", follow_up.action_create_view, name="action-create"),
    path("responses/<int:pk>/edit/", responses.response_edit_view, name="response-edit"),
    path("actions/<int:pk>/", follow_up.action_detail_view, name="action-detail"),
    path("actions/<int:pk>/edit/", follow_up.action_edit_view, name="action-edit"),
    path("actions/<int:pk>/progress/", follow_up.progress_create_view, name="progress-create"),
    path("follow-up/", follow_up.follow_up_tracker_view, name="follow-up-tracker"),
]
