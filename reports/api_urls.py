from django.urls import path

from reports.apis import IatiExportApi, ReportDownloadApi, ReportJobDetailApi, ReportJobListApi, ReportJobRequestApi

urlpatterns = [
    path("reports/", ReportJobListApi.as_view(), name="api-report-list"),
    path("reports/create/", ReportJobRequestApi.as_view(), name="api-report-request"),
    path("reports/<int:pk>/", ReportJobDetailApi.as_view(), name="api-report-detail"),
    path("reports/<int:pk>/files/<str:kind>/", ReportDownloadApi.as_view(), name="api-report-download"),
    path("iati/", IatiExportApi.as_view(), name="api-iati-export"),
]
