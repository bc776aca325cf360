from csp.decorators import csp_update
from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerSplitView

from rbm.health import health_view

urlpatterns = [
    path("admin/", admin.site.urls),
    path("health/", health_view, name="health"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("accounts/", include("accounts.urls")),
    path("api/v1/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    # The Swagger UI's settings come in a script file of their own, so the page needs no inline script.
    path("api/v1/docs/", SpectacularSwaggerSplitView.as_view(url_name="api-schema"), name="api-docs"),
    # Redoc writes its styles into the page as it draws it, and searches in a worker it makes from a blob.
    path(
        "api/v1/redoc/",
        csp_update({"style-src": ["'unsafe-inline'"], "worker-src": ["blob:"]})(
            SpectacularRedocView.as_view(url_name="api-schema")
        ),
        name="api-redoc",
    ),
    path("api/v1/", include("indicators.api_urls")),
    path("api/v1/", include("evaluations.api_urls")),
    path("api/v1/", include("outcomes.api_urls")),
    path("api/v1/", include("places.api_urls")),
    path("api/v1/", include("countries.api_urls")),
    path("api/v1/", include("plans.api_urls")),
    path("api/v1/", include("reports.api_urls")),
    path("reports/", include("reports.urls")),
    path("evaluations/", include("evaluations.urls")),
    path("plans/", include("plans.urls")),
    path("dashboard/", include("dashboard.urls")),
    path("countries/", include("countries.urls")),
    path("notifications/", include("notifications.urls")),
    path("translations/", include("translations.urls")),
    path("", include("indicators.home_urls")),
    path("", include("indicators.urls")),
    path("", include("outcomes.urls")),
]

handler400 = "rbm.exceptions.bad_request"
handler403 = "rbm.exceptions.permission_denied"
handler404 = "rbm.exceptions.not_found"
handler500 = "rbm.exceptions.server_error"
