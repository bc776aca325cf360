"""Point 9: outages degrade the service instead of breaking it.

The cache unreachable: the counts and results API, the dashboard and a token client's report request
still answer, from the database, with the throttles letting requests through. The database unreachable:
503 in the API's error shape under /api/, the "temporarily unavailable" page elsewhere.
"""

import time
from contextlib import contextmanager

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client

from accounts.models import Role
from accounts.services import api_token_create
from rbm.cache import caches_from_url
from reports.models import ReportJob
from tests.factories import user_with_role

NOTHING_LISTENS = "redis://127.0.0.1:9/0"  # the discard port: connections are refused at once
DATABASE_UNAVAILABLE = "The service is temporarily unavailable: its database cannot be reached. Try again in a minute."


@pytest.fixture
def cache_unreachable(settings):
    settings.CACHES = caches_from_url(NOTHING_LISTENS)
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"anon": "2/minute", "token": "2/minute"},
    }
    yield
    cache.close()


def test_with_the_cache_unreachable_counts_and_results_are_served_from_the_database(
    seed_000_imported, cache_unreachable
):
    anonymous = Client()

    counts = anonymous.get("/api/v1/indicators/4.2/counts/?biennium=2014-15")
    every_count = anonymous.get("/api/v1/counts/?biennium=2014-15")
    results = anonymous.get("/api/v1/results/?biennium=2014-15&indicator=4.2&page_size=100")

    assert counts.status_code == 200
    assert counts.json()["label"] == "24 member States and 1 territory"
    assert every_count.status_code == 200
    assert [row["label"] for row in every_count.json()] == [
        "11 member States",
        "24 member States and 1 territory",
        "16 member States and 1 territory",
    ]
    assert results.status_code == 200
    assert len(results.json()["results"]) == 25


def test_with_the_cache_unreachable_the_throttles_let_requests_through(db, cache_unreachable):
    anonymous = Client()

    statuses = [anonymous.get("/api/v1/regions/").status_code for _ in range(4)]

    assert statuses == [200, 200, 200, 200]


def test_with_the_cache_unreachable_the_dashboard_answers(seed_000_imported, cache_unreachable, client):
    client.force_login(user_with_role(Role.MANAGER, username="maria"))

    response = client.get("/dashboard/?biennium=2014-15")

    assert response.status_code == 200
    assert "24 member States and 1 territory" in response.content.decode()


def test_with_the_cache_unreachable_a_token_client_requests_a_report(
    seed_000_imported, cache_unreachable, settings, tmp_path, django_capture_on_commit_callbacks
):
    settings.MEDIA_ROOT = tmp_path
    manager = user_with_role(Role.MANAGER, username="maria")
    secret = api_token_create(user=manager, name="reports", access="write").secret
    token_client = Client(headers={"authorization": f"Token {secret}"})

    with django_capture_on_commit_callbacks(execute=True):
        created = token_client.post(
            "/api/v1/reports/create/", {"biennium": "2014-15", "formats": ["html"]}, content_type="application/json"
        )
    polled = token_client.get(created["Location"])

    assert created.status_code == 202
    assert polled.status_code == 200
    assert polled.json()["state"] == "succeeded"
    assert ReportJob.objects.get().requested_by == manager


def test_an_unreachable_cache_costs_one_connection_attempt_until_it_is_asked_again(db, cache_unreachable):
    cache.get("warm-up")  # the failure that marks the cache down

    started = time.monotonic()
    answers = [cache.get(f"key-{number}", "missing") for number in range(200)]

    assert answers == ["missing"] * 200
    assert cache.add("key", 1) is False
    assert time.monotonic() - started < 0.5


@pytest.mark.redis
def test_a_reachable_redis_cache_stores_and_counts(redis_url, settings):
    settings.CACHES = caches_from_url(redis_url)
    cache.delete_many(["rbm:test:value", "rbm:test:counter"])

    cache.set("rbm:test:value", {"a": 1}, timeout=30)
    cache.set("rbm:test:counter", 1, timeout=30)

    assert cache.get("rbm:test:value") == {"a": 1}
    assert cache.incr("rbm:test:counter") == 2
    cache.delete_many(["rbm:test:value", "rbm:test:counter"])
    cache.close()


@contextmanager
def database_unreachable():
    """Point the default connection at a database that cannot be opened, for real: the driver refuses."""
    connection.close()
    saved = dict(connection.settings_dict)
    if connection.vendor == "sqlite":
        connection.settings_dict["NAME"] = "/nonexistent-folder/rbm.sqlite3"
    else:
        connection.settings_dict.update(HOST="127.0.0.1", PORT="9", OPTIONS={**saved["OPTIONS"], "connect_timeout": 2})
    try:
        yield
    finally:
        connection.close()
        connection.settings_dict.clear()
        connection.settings_dict.update(saved)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_with_the_database_unreachable_the_api_answers_json_503():
    viewer = user_with_role(Role.VIEWER, username="vera")
    secret = api_token_create(user=viewer, name="reader").secret
    anonymous, token_client = Client(), Client(headers={"authorization": f"Token {secret}"})

    with database_unreachable():
        listed = anonymous.get("/api/v1/results/?biennium=2014-15")
        counted = token_client.get("/api/v1/indicators/4.2/counts/?biennium=2014-15")
        health = anonymous.get("/health/")

    for response in (listed, counted):
        assert response.status_code == 503
        assert response["Content-Type"] == "application/json"
        assert response.json() == {"detail": DATABASE_UNAVAILABLE}
        assert response["Retry-After"] == "30"
    assert health.status_code == 503
    assert health.json()["database"] is False


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_with_the_database_unreachable_pages_show_the_temporarily_unavailable_page():
    # The session is read by middleware before any view, so the lost database may surface there, where
    # the error handler answers; the test client would re-raise it rather than return that answer.
    signed_in = Client(raise_request_exception=False)
    signed_in.force_login(user_with_role(Role.MANAGER, username="maria"))
    french = Client(headers={"accept-language": "fr"}, raise_request_exception=False)

    with database_unreachable():
        dashboard = signed_in.get("/dashboard/")
        home = french.get("/")

    assert dashboard.status_code == 503
    assert dashboard["Content-Type"] == "text/html; charset=utf-8"
    assert [template.name for template in dashboard.templates][:2] == ["503.html", "base.html"]
    page = dashboard.content.decode()
    assert '<h1 id="error-title">Temporarily unavailable</h1>' in page
    assert DATABASE_UNAVAILABLE in page
    assert home.status_code == 503
    assert '<html lang="fr">' in home.content.decode()
