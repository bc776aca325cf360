"""Several server processes, one truth: with CACHE_URL on Redis, a write through one process is what the next read
through another returns; with a process-local cache, the other process serves its own cached figure meanwhile.

Two gunicorn servers (one worker each) on free ports, on the test's own database (the tests commit their data,
`transaction=True`, and the reference data is restored after each, `serialized_rollback`; on SQLite the test
database is a file) and, for the shared cache, the tests' Redis. Without Redis the first test skips, or fails
under REQUIRE_SERVICES=1 (the `redis_url` fixture).
"""

import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
import redis
from django.db import connection

from accounts.models import ApiToken
from accounts.services import api_token_create
from indicators.models import Result
from tests.factories import ResultFactory, TargetFactory, place, user_with_role

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

GUNICORN = Path(sys.executable).with_name("gunicorn")
START_WITHIN = 40  # seconds


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def database_url() -> str:
    """The URL of the test database itself, as a server process must open it."""
    database = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{database['NAME']}"
    credentials = database["USER"] + (f":{database['PASSWORD']}" if database["PASSWORD"] else "")
    return f"postgres://{credentials}@{database['HOST'] or '127.0.0.1'}:{database['PORT'] or 5432}/{database['NAME']}"


@pytest.fixture
def start_server(tmp_path, settings):
    """Start a gunicorn server (one worker) on the test database and the given cache; stop it afterwards."""
    started = []

    def start(*, cache_url: str) -> str:
        port = free_port()
        log = (tmp_path / f"server-{port}.log").open("w")  # closed with the process
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "rbm.settings",
            "DJANGO_DEBUG": "1",
            "DATABASE_URL": database_url(),
            "DATABASE_CONN_MAX_AGE": "0",
            "DATABASE_REPLICA_URL": "",
            "CACHE_URL": cache_url,
            "CELERY_BROKER_URL": "",
            "REDIS_URL": "",
            "MEDIA_ROOT": str(tmp_path / "media"),
        }
        command = [str(GUNICORN), "rbm.wsgi:application", "--bind", f"127.0.0.1:{port}", "--workers", "1"]
        process = subprocess.Popen(  # noqa: S603 - our own virtualenv's gunicorn, fixed arguments
            command, cwd=settings.BASE_DIR, env=env, stdout=log, stderr=subprocess.STDOUT
        )
        started.append((process, log))
        url = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + START_WITHIN
        while time.monotonic() < deadline:
            if process.poll() is not None:
                pytest.fail(f"gunicorn on port {port} stopped: {(tmp_path / f'server-{port}.log').read_text()}")
            try:
                urllib.request.urlopen(f"{url}/health/", timeout=2).read()  # noqa: S310 - our own local server
            except OSError:
                time.sleep(0.2)
            else:
                return url
        pytest.fail(f"gunicorn on port {port} did not answer within {START_WITHIN} s")

    yield start

    for process, log in started:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)
        log.close()


def request_json(url: str, *, token: str = "", body: dict | None = None) -> dict:
    headers = {"Accept": "application/json"}
    if token:
        headers["Authorization"] = f"Token {token}"
    data = None
    if body is not None:
        headers["Content-Type"] = "application/json"
        data = json.dumps(body).encode()
    request = urllib.request.Request(url, data=data, headers=headers, method="POST" if data else "GET")  # noqa: S310
    with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310 - our own local server
        return json.load(response)


@pytest.fixture
def one_result_awaiting_validation():
    """An indicator of 2014-15 with one validated result (Ghana) and one submitted (Kenya), and a manager's
    write token to validate the second."""
    target = TargetFactory(value=2)
    officer = user_with_role("officer")
    ResultFactory(indicator=target.indicator, created_by=officer)
    submitted = ResultFactory(indicator=target.indicator, place=place("Kenya"), created_by=officer)
    Result.objects.filter(pk=submitted.pk).update(status=Result.Status.SUBMITTED)
    manager = user_with_role("manager")
    token = api_token_create(user=manager, name="two processes", access=ApiToken.Access.WRITE).secret
    counts = f"/api/v1/indicators/{target.indicator.code}/counts/?biennium=2014-15"
    return counts, f"/api/v1/results/{submitted.pk}/validate/", token


def test_a_write_through_one_process_is_read_at_once_through_another_on_a_shared_cache(
    redis_url, start_server, one_result_awaiting_validation
):
    # given two processes on the same Redis, the second holding the counts in the cache
    redis.Redis.from_url(redis_url).flushdb()
    counts, validate, token = one_result_awaiting_validation
    writer = start_server(cache_url=redis_url)
    reader = start_server(cache_url=redis_url)
    before = request_json(reader + counts)["result"]

    # when the first validates the submitted result
    validated = request_json(writer + validate, token=token, body={"message": "Fine."})

    # then the second's very next read counts it
    assert (before, validated["status"], request_json(reader + counts)["result"]) == (1, "validated", 2)


def test_without_a_shared_cache_another_process_serves_its_own_cached_figure(
    start_server, one_result_awaiting_validation
):
    # given two processes, each with its own in-process cache, the second holding the counts
    counts, validate, token = one_result_awaiting_validation
    writer = start_server(cache_url="")
    reader = start_server(cache_url="")
    before = request_json(reader + counts)["result"]

    # when the first validates the submitted result
    request_json(writer + validate, token=token, body={"message": "Fine."})

    # then the second answers from its cache until the entry expires (LOCAL_TIMEOUT, 10 s): what the shared
    # cache prevents
    assert (before, request_json(reader + counts)["result"], request_json(writer + counts)["result"]) == (1, 1, 2)
