from django.urls import path

from countries import views

app_name = "countries"

urlpatterns = [
    path("", views.country_list_view, name="country-list"),
    path("<str:key>/", views.country_detail_view, name="country-detail"),
]
