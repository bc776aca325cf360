"""Liveness of the app and the services it depends on, for load balancers and docker compose."""

from django.conf import settings
from django.db import connection
from django.http import JsonResponse

from rbm.celery import app as celery_app


def database_ok() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone() == (1,)
    except Exception:  # noqa: BLE001 - any failure means "not healthy"
        return False


def broker_ok() -> bool | None:
    """True when the broker answers, False when it does not, None when tasks run eagerly."""
    if settings.CELERY_TASK_ALWAYS_EAGER:
        return None
    try:
        with celery_app.connection_for_write() as broker:
            broker.ensure_connection(max_retries=1, timeout=3)
        return True
    except Exception:  # noqa: BLE001
        return False


def health_view(request):
    checks = {"database": database_ok(), "broker": broker_ok()}
    healthy = all(value is not False for value in checks.values())
    return JsonResponse({"status": "ok" if healthy else "unavailable", **checks}, status=200 if healthy else 503)
