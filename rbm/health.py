"""Liveness of the app and the services it depends on, for load balancers and docker compose.

`status` is "ok", "degraded" (the site answers, but no Celery worker does, so report jobs wait, or
the shared cache is down, so every count is read from the database) or "unavailable" (503: the
database or the broker cannot be reached). `workers` is how many Celery workers answered a ping, or
null when tasks run eagerly in the web process; `cache` is whether the Redis cache answers, or null
with the process-local cache.
"""

from django.conf import settings
from django.core.cache import caches
from django.db import connection
from django.http import JsonResponse

from rbm.cache import DegradingRedisCache
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


def cache_ok() -> bool | None:
    """True when the Redis cache answers, False when it does not, None with a process-local cache."""
    backend = caches["default"]
    return backend.reachable() if isinstance(backend, DegradingRedisCache) else None


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
    checks["cache"] = cache_ok()
    healthy = checks["database"] is not False and checks["broker"] is not False
    degraded = checks["workers"] == 0 or checks["cache"] is False
    status = "unavailable" if not healthy else ("degraded" if degraded else "ok")
    return JsonResponse({"status": status, **checks}, status=200 if healthy else 503)
