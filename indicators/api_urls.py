from django.urls import path

from indicators import apis
from indicators.apis import programmes

urlpatterns = [
    path("indicators/", apis.IndicatorListApi.as_view(), name="api-indicator-list"),
    path("indicators/<str:code>/", apis.IndicatorDetailApi.as_view(), name="api-indicator-detail"),
    path("indicators/<str:code>/counts/", apis.IndicatorCountsApi.as_view(), name="api-indicator-counts"),
    path("counts/", apis.CountsListApi.as_view(), name="api-counts-list"),
    path("programme-outcomes/", programmes.ProgrammeOutcomeListApi.as_view(), name="api-programme-outcome-list"),
    path(
        "programme-outcomes/create/",
        programmes.ProgrammeOutcomeCreateApi.as_view(),
        name="api-programme-outcome-create",
    ),
    path(
        "programme-outcomes/<str:code>/update/",
        programmes.ProgrammeOutcomeUpdateApi.as_view(),
        name="api-programme-outcome-update",
    ),
    path("results/", apis.ResultListApi.as_view(), name="api-result-list"),
    path("results/create/", apis.ResultCreateApi.as_view(), name="api-result-create"),
    path("results/<int:pk>/", apis.ResultDetailApi.as_view(), name="api-result-detail"),
    path("results/<int:pk>/update/", apis.ResultUpdateApi.as_view(), name="api-result-update"),
    path("results/<int:pk>/delete/", apis.ResultDeleteApi.as_view(), name="api-result-delete"),
    path("results/<int:pk>/submit/", apis.ResultSubmitApi.as_view(), name="api-result-submit"),
    path("results/<int:pk>/withdraw/", apis.ResultWithdrawApi.as_view(), name="api-result-withdraw"),
    path("results/<int:pk>/validate/", apis.ResultValidateApi.as_view(), name="api-result-validate"),
    path("results/<int:pk>/return/", apis.ResultReturnApi.as_view(), name="api-result-return"),
    path("results/<int:pk>/reopen/", apis.ResultReopenApi.as_view(), name="api-result-reopen"),
]
