from django.urls import path

from countries.apis import PlaceProfileApi

urlpatterns = [
    path("places/<str:iso3>/profile/", PlaceProfileApi.as_view(), name="api-place-profile"),
]
