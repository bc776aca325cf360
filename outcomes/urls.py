from django.urls import path

from outcomes import views

app_name = "outcomes"

urlpatterns = [
    path("biennia/", views.biennium_list_view, name="biennium-list"),
    path("biennia/<str:label>/reopen/", views.biennium_reopen_view, name="biennium-reopen"),
    path("outcomes/<int:pk>/narrative/<str:biennium>/", views.outcome_narrative_detail_view, name="narrative-detail"),
    path("outcomes/<int:pk>/narrative/<str:biennium>/edit/", views.outcome_narrative_edit_view, name="narrative-edit"),
]
