from django.urls import path

from evaluations.views import follow_up, recommendations, register

app_name = "evaluations"

urlpatterns = [
    path("", register.register, name="register"),
    path("new/", register.create, name="create"),
    path("<int:pk>/", register.detail, name="detail"),
    path("<int:pk>/edit/", register.edit, name="edit"),
    path("<int:pk>/history/", register.history, name="history"),
    path("<int:pk>/document/", register.document, name="document"),
    path("<int:pk>/recommendations/new/", recommendations.recommendation_create_view, name="recommendation-create"),
    path("<int:pk>/responses/new/", recommendations.response_create, name="response-create"),
    path("recommendations/<int:pk>/", recommendations.recommendation_detail, name="recommendation"),
    path("recommendations/<int:pk>/edit/", recommendations.recommendation_edit, name="recommendation-edit"),
    path("recommendations/<int:pk>/actions/new/", follow_up.action_create, name="action-create"),
    path("responses/<int:pk>/edit/", recommendations.response_edit, name="response-edit"),
    path("actions/<int:pk>/", follow_up.action_detail, name="action"),
    path("actions/<int:pk>/edit/", follow_up.action_edit, name="action-edit"),
    path("actions/<int:pk>/progress/", follow_up.progress_create, name="progress-create"),
    path("follow-up/", follow_up.tracker, name="tracker"),
]
