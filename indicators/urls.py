from django.urls import path

from indicators.views import actions, bulk, indicators, lists, results

app_name = "indicators"

indicator = "biennia/<str:label>/indicators/<str:code>/"

urlpatterns = [
    path(indicator, indicators.indicator_detail, name="indicator-detail"),
    path(f"{indicator}results/new/", results.result_create, name="result-create"),
    path(f"{indicator}places/", indicators.place_options, name="place-options"),
    path(f"{indicator}criteria/", indicators.criteria_check, name="criteria-check"),
    path(f"{indicator}template.xlsx", bulk.upload_template, name="upload-template"),
    path(f"{indicator}upload/", bulk.upload_create, name="upload-create"),
    path("uploads/<int:pk>/", bulk.upload_detail, name="upload-detail"),
    path("uploads/<int:pk>/commit/", bulk.upload_commit, name="upload-commit"),
    path("uploads/<int:pk>/discard/", bulk.upload_discard, name="upload-discard"),
    path("results/mine/", lists.my_results_view, name="my-results"),
    path("results/queue/", lists.validation_queue_view, name="validation-queue"),
    path("results/<int:pk>/", results.result_detail, name="result-detail"),
    path("results/<int:pk>/edit/", results.result_edit, name="result-edit"),
    path("results/<int:pk>/submit/", actions.result_submit_view, name="result-submit"),
    path("results/<int:pk>/validate/", actions.result_validate_view, name="result-validate"),
    path("results/<int:pk>/return/", actions.result_return_view, name="result-return"),
    path("results/<int:pk>/reopen/", actions.result_reopen_view, name="result-reopen"),
    path("results/<int:pk>/delete/", actions.result_delete_view, name="result-delete"),
    path("results/<int:pk>/evidence/", actions.evidence_add, name="evidence-add"),
    path("results/<int:pk>/evidence/<int:evidence_pk>/", actions.evidence_download, name="evidence-download"),
    path("results/<int:pk>/evidence/<int:evidence_pk>/remove/", actions.evidence_remove, name="evidence-remove"),
]
