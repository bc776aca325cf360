from django.urls import path

from outcomes.views import narrative_detail, narrative_edit

urlpatterns = [
    path("outcomes/<int:pk>/narrative/<str:biennium>/", narrative_detail, name="narrative-detail"),
    path("outcomes/<int:pk>/narrative/<str:biennium>/edit/", narrative_edit, name="narrative-edit"),
]
