from django.urls import path

from reports.views import (
    plan_matrix_request_view,
    report_detail_view,
    report_download_view,
    report_freshness_view,
    report_list_view,
    report_request_view,
    report_status_view,
)

app_name = "reports"

urlpatterns = [
    path("", report_list_view, name="report-list"),
    path("new/", report_request_view, name="report-request"),
    path("plans/<int:pk>/matrix/", plan_matrix_request_view, name="plan-matrix-request"),
    path("<int:pk>/", report_detail_view, name="report-detail"),
    path("<int:pk>/status/", report_status_view, name="report-status"),
    path("<int:pk>/freshness/", report_freshness_view, name="report-freshness"),
    path("<int:pk>/files/<str:format>/", report_download_view, name="report-download"),
]
