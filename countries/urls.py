from django.urls import path

from countries import views

app_name = "countries"

urlpatterns = [
    path("", views.country_list_view, name="country-list"),
    path("<str:key>/", views.country_detail_view, name="country-detail"),
    path("<str:key>/programmes/new/", views.programme_create_view, name="programme-create"),
    path("<str:key>/programme-outcomes/new/", views.programme_outcome_edit_view, name="programme-outcome-create"),
    path(
        "<str:key>/programme-outcomes/<str:code>/edit/",
        views.programme_outcome_edit_view,
        name="programme-outcome-update",
    ),
]
