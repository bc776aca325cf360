"""Liveness of the app and the services it depends on, for load balancers and docker compose.

`status` is "ok", "degraded" (the site answers, but no Celery worker does: report jobs wait) or
"unavailable" (503: the database or the broker cannot be reached). `workers` is how many Celery
workers answered a ping, or null when tasks run eagerly in the web process.
"""

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


def workers_answering() -> int:
    """How many Celery workers answer a ping within HEALTH_WORKER_TIMEOUT seconds (0 when none, or on error).

    A worker of the solo pool busy with a task does not answer until the task ends; the default prefork
    pool answers while its children work.
    """
    try:
        replies = celery_app.control.ping(timeout=settings.HEALTH_WORKER_TIMEOUT)
    except Exception:  # noqa: BLE001 - no answer is no worker
        return 0
    return len(replies or [])


def health_view(request):
    checks: dict[str, bool | int | None] = {"database": database_ok(), "broker": broker_ok()}
    checks["workers"] = workers_answering() if checks["broker"] else (None if checks["broker"] is None else 0)
    healthy = checks["database"] is not False and checks["broker"] is not False
    status = "ok" if healthy and checks["workers"] != 0 else ("degraded" if healthy else "unavailable")
    return JsonResponse({"status": status, **checks}, status=200 if healthy else 503)
