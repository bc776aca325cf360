from django.urls import path

from dashboard import views

app_name = "dashboard"

urlpatterns = [
    path("", views.dashboard_page, name="dashboard"),
    path("places/", views.places_page, name="places"),
    path("results/", views.results_page, name="results"),
    path("csv/<slug:section>/", views.dashboard_csv, name="csv"),
]
