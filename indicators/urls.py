from django.urls import path

from indicators.rules import ResultAction
from indicators.views import biennia, evidence, framework, indicators, results, reviews, uploads

app_name = "indicators"

indicator = "biennia/<str:label>/indicators/<str:code>/"

urlpatterns = [
    path(indicator, indicators.indicator_detail_view, name="indicator-detail"),
    path(f"{indicator}results/new/", results.result_create_view, name="result-create"),
    path(f"{indicator}places/", indicators.place_options_view, name="place-options"),
    path(f"{indicator}criteria/", indicators.criteria_check_view, name="criteria-check"),
    path(f"{indicator}template.xlsx", uploads.upload_template_view, name="upload-template"),
    path(f"{indicator}upload/", uploads.upload_create_view, name="upload-create"),
    path("biennia/<str:label>/close/", biennia.biennium_close_view, name="biennium-close"),
    path("framework/", framework.framework_current_view, name="framework-current"),
    path("biennia/<str:label>/framework/", framework.framework_detail_view, name="framework-detail"),
    path(
        "biennia/<str:label>/framework/outcomes/new/",
        framework.framework_outcome_create_view,
        name="framework-outcome-create",
    ),
    path(
        "biennia/<str:label>/framework/outcomes/<int:pk>/",
        framework.framework_outcome_update_view,
        name="framework-outcome-update",
    ),
    path(
        "biennia/<str:label>/framework/outcomes/<int:pk>/indicators/new/",
        framework.framework_indicator_create_view,
        name="framework-indicator-create",
    ),
    path(
        "biennia/<str:label>/framework/indicators/<str:code>/",
        framework.framework_indicator_update_view,
        name="framework-indicator-update",
    ),
    path("uploads/<int:pk>/", uploads.upload_detail_view, name="upload-detail"),
    path("uploads/<int:pk>/commit/", uploads.upload_commit_view, name="upload-commit"),
    path("uploads/<int:pk>/discard/", uploads.upload_discard_view, name="upload-discard"),
    path("results/mine/", results.result_list_mine_view, name="result-list-mine"),
    path("results/queue/", reviews.result_review_queue_view, name="result-review-queue"),
    path("results/queue/review/", reviews.result_review_bulk_view, name="result-review-bulk"),
    path("results/<int:pk>/", results.result_detail_view, name="result-detail"),
    path("results/<int:pk>/edit/", results.result_update_view, name="result-update"),
    path("results/<int:pk>/submit/", results.result_submit_view, name="result-submit"),
    path(
        "results/<int:pk>/validate/",
        reviews.result_review_view,
        {"action": ResultAction.VALIDATE},
        name="result-validate",
    ),
    path("results/<int:pk>/return/", reviews.result_review_view, {"action": ResultAction.RETURN}, name="result-return"),
    path("results/<int:pk>/reopen/", reviews.result_review_view, {"action": ResultAction.REOPEN}, name="result-reopen"),
    path("results/<int:pk>/withdraw/", results.result_withdraw_view, name="result-withdraw"),
    path("results/<int:pk>/delete/", results.result_delete_view, name="result-delete"),
    path("results/<int:pk>/evidence/", evidence.evidence_add_view, name="evidence-add"),
    path("results/<int:pk>/evidence/<int:evidence_pk>/", evidence.evidence_download_view, name="evidence-download"),
    path("results/<int:pk>/evidence/<int:evidence_pk>/remove/", evidence.evidence_remove_view, name="evidence-remove"),
]
