from django.urls import path

from plans import views

app_name = "plans"

urlpatterns = [
    path("", views.plan_list_view, name="plan-list"),
    path("<int:pk>/", views.plan_detail_view, name="plan"),
    path("<int:pk>/targets/<str:ref>/", views.target_detail_view, name="target"),
    path("key-outputs/<int:pk>/", views.key_output_detail_view, name="key-output"),
]
