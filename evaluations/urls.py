from django.urls import path

from evaluations.views import evaluations, follow_up, recommendations, responses

app_name = "evaluations"

urlpatterns = [
    path("", evaluations.register, name="register"),
    path("new/", evaluations.create, name="create"),
    path("<int:pk>/", evaluations.detail, name="detail"),
    path("<int:pk>/edit/", evaluations.edit, name="edit"),
    path("<int:pk>/history/", evaluations.history, name="history"),
    path("<int:pk>/document/", evaluations.document, name="document"),
    path("<int:pk>/recommendations/new/", recommendations.recommendation_create_view, name="recommendation-create"),
    path("<int:pk>/responses/new/", responses.response_create, name="response-create"),
    path("recommendations/<int:pk>/", recommendations.recommendation_detail, name="recommendation"),
    path("recommendations/<int:pk>/edit/", recommendations.recommendation_edit, name="recommendation-edit"),
    path("recommendations/<int:pk>/actions/new/", follow_up.action_create, name="action-create"),
    path("responses/<int:pk>/edit/", responses.response_edit, name="response-edit"),
    path("actions/<int:pk>/", follow_up.action_detail, name="action"),
    path("actions/<int:pk>/edit/", follow_up.action_edit, name="action-edit"),
    path("actions/<int:pk>/progress/", follow_up.progress_create, name="progress-create"),
    path("follow-up/", follow_up.tracker, name="tracker"),
]
