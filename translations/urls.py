from django.urls import path

from translations import views

app_name = "translations"

urlpatterns = [
    path("", views.translation_status_view, name="status"),
    path("<str:language>/download/", views.translation_download_view, name="download"),
    path("<str:language>/upload/", views.translation_upload_create_view, name="upload-create"),
    path("translation-uploads/<int:pk>/", views.translation_upload_detail_view, name="upload-detail"),
    path("translation-uploads/<int:pk>/apply/", views.translation_upload_apply_view, name="upload-apply"),
    path("translation-uploads/<int:pk>/discard/", views.translation_upload_discard_view, name="upload-discard"),
    path("texts/<str:key>/", views.translation_text_edit_view, name="text-edit"),
]
