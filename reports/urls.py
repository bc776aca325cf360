from django.urls import path

from reports.views import (
    report_detail,
    report_download,
    report_freshness,
    report_list,
    report_request,
    report_status,
)

app_name = "reports"

urlpatterns = [
    path("", report_list, name="list"),
    path("new/", report_request, name="request"),
    path("<int:pk>/", report_detail, name="detail"),
    path("<int:pk>/status/", report_status, name="status"),
    path("<int:pk>/freshness/", report_freshness, name="freshness"),
    path("<int:pk>/files/<str:format>/", report_download, name="download"),
]
