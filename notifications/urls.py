from django.urls import path

from notifications import views

app_name = "notifications"

urlpatterns = [
    path("", views.notification_list_view, name="notification-list"),
    path("read-all/", views.notification_read_all_view, name="notification-read-all"),
    path("preferences/", views.notification_preference_view, name="notification-preference"),
    path("<int:pk>/open/", views.notification_open_view, name="notification-open"),
]
