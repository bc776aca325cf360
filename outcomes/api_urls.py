from django.urls import path

from outcomes.apis import BienniumListApi, OutcomeListApi

urlpatterns = [
    path("biennia/", BienniumListApi.as_view(), name="api-biennium-list"),
    path("outcomes/", OutcomeListApi.as_view(), name="api-outcome-list"),
]
