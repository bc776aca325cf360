"""Reads for the managers' dashboard, one module per figure set; `dashboard_get` reads (and caches) them all."""

from dashboard.selectors.dashboard import Dashboard, DashboardSection, dashboard_get, dashboard_section
from dashboard.selectors.follow_up import dashboard_follow_up
from dashboard.selectors.indicators import dashboard_indicators, dashboard_trends
from dashboard.selectors.places import dashboard_map, dashboard_places_reached
from dashboard.selectors.results import PIPELINE_STATUSES, dashboard_pipeline

__all__ = [
    "PIPELINE_STATUSES",
    "Dashboard",
    "DashboardSection",
    "dashboard_follow_up",
    "dashboard_get",
    "dashboard_indicators",
    "dashboard_map",
    "dashboard_pipeline",
    "dashboard_places_reached",
    "dashboard_section",
    "dashboard_trends",
]
