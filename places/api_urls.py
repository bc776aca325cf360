from django.urls import path

from places.apis import PlaceDetailApi, PlaceListApi, RegionListApi

urlpatterns = [
    path("regions/", RegionListApi.as_view(), name="api-region-list"),
    path("places/", PlaceListApi.as_view(), name="api-place-list"),
    path("places/<str:iso3>/", PlaceDetailApi.as_view(), name="api-place-detail"),
]
