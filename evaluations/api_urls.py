from django.urls import path

from evaluations import apis

urlpatterns = [
    path("evaluations/", apis.EvaluationListApi.as_view(), name="api-evaluation-list"),
    path("evaluations/create/", apis.EvaluationCreateApi.as_view(), name="api-evaluation-create"),
    path("evaluations/<int:pk>/", apis.EvaluationDetailApi.as_view(), name="api-evaluation-detail"),
    path("evaluations/<int:pk>/update/", apis.EvaluationUpdateApi.as_view(), name="api-evaluation-update"),
    path(
        "evaluations/<int:pk>/recommendations/create/",
        apis.RecommendationCreateApi.as_view(),
        name="api-recommendation-create",
    ),
    path("evaluations/<int:pk>/responses/create/", apis.OfficeResponseCreateApi.as_view(), name="api-response-create"),
    path("recommendations/", apis.RecommendationListApi.as_view(), name="api-recommendation-list"),
    path("recommendations/annex/", apis.RecommendationAnnexApi.as_view(), name="api-recommendation-annex"),
    path("recommendations/<int:pk>/", apis.RecommendationDetailApi.as_view(), name="api-recommendation-detail"),
    path("recommendations/<int:pk>/update/", apis.RecommendationUpdateApi.as_view(), name="api-recommendation-update"),
    path(
        "recommendations/<int:pk>/actions/create/",
        apis.FollowUpActionCreateApi.as_view(),
        name="api-follow-up-action-create",
    ),
    path("responses/<int:pk>/update/", apis.OfficeResponseUpdateApi.as_view(), name="api-response-update"),
    path("follow-up/actions/", apis.FollowUpActionListApi.as_view(), name="api-follow-up-action-list"),
    path("follow-up/actions/<int:pk>/", apis.FollowUpActionDetailApi.as_view(), name="api-follow-up-action-detail"),
    path(
        "follow-up/actions/<int:pk>/update/",
        apis.FollowUpActionUpdateApi.as_view(),
        name="api-follow-up-action-update",
    ),
    path(
        "follow-up/actions/<int:pk>/progress/create/",
        apis.ProgressUpdateCreateApi.as_view(),
        name="api-follow-up-progress-create",
    ),
    path("follow-up/summary/", apis.FollowUpSummaryApi.as_view(), name="api-follow-up-summary"),
]
