from django.urls import path

from indicators.apis import IndicatorCountsApi

urlpatterns = [
    path("indicators/<str:code>/counts/", IndicatorCountsApi.as_view(), name="api-indicator-counts"),
]
