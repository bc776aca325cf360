"""The site's home page, outside indicators' namespace: `home` is the root every page's frame links to."""

from django.urls import path

from indicators.views.home import home_view

urlpatterns = [
    path("", home_view, name="home"),
]
