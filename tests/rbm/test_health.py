from django.test import override_settings

from rbm.health import broker_ok


def test_health_reports_the_database_and_eager_celery(db, client):
    response = client.get("/health/")

    assert (response.status_code, response.json()) == (
        200,
        {"status": "ok", "database": True, "broker": None, "workers": None, "cache": None},
    )


def test_health_reaches_a_real_redis_broker(db, redis_url):
    from rbm.celery import app

    with override_settings(CELERY_TASK_ALWAYS_EAGER=False):
        app.conf.broker_url = redis_url
        try:
            assert broker_ok() is True
        finally:
            app.conf.broker_url = None


def test_health_answers_503_when_the_broker_is_down(db, client):
    from rbm.celery import app

    with override_settings(CELERY_TASK_ALWAYS_EAGER=False):
        app.conf.broker_url = "redis://127.0.0.1:1/0"
        try:
            response = client.get("/health/")
        finally:
            app.conf.broker_url = None

    assert (response.status_code, response.json()) == (
        503,
        {"status": "unavailable", "database": True, "broker": False, "workers": 0, "cache": None},
    )


def test_health_reports_an_unreachable_cache_as_degraded(db, client, settings):
    from rbm.cache import caches_from_url

    settings.CACHES = caches_from_url("redis://127.0.0.1:9/0")

    response = client.get("/health/")

    assert (response.status_code, response.json()) == (
        200,
        {"status": "degraded", "database": True, "broker": None, "workers": None, "cache": False},
    )


def test_health_reaches_a_real_redis_cache(db, client, settings, redis_url):
    from rbm.cache import caches_from_url

    settings.CACHES = caches_from_url(redis_url)

    assert client.get("/health/").json()["cache"] is True
