from django.urls import path

from plans import apis

urlpatterns = [
    path("plans/", apis.PlanListApi.as_view(), name="api-plan-list"),
    path("plans/<int:pk>/progress/", apis.PlanProgressApi.as_view(), name="api-plan-progress"),
]
