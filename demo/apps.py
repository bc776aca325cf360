from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DemoConfig(AppConfig):
    """Demo data and accounts, and synthetic data for benchmarks: the top layer, never needed in production."""

    name = "demo"
    verbose_name = _("Demo data")
