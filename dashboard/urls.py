from django.urls import path

from dashboard import views

app_name = "dashboard"

urlpatterns = [
    path("", views.dashboard_detail_view, name="dashboard-detail"),
    path("places/", views.place_list_view, name="place-list"),
    path("results/", views.result_list_view, name="result-list"),
    path("csv/<slug:section>/", views.dashboard_export_view, name="dashboard-export"),
]
