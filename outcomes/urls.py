from django.urls import path

from outcomes.views import home

urlpatterns = [
    path("", home, name="home"),
]
