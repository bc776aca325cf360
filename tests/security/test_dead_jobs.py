"""Point 10: a report job whose worker died is detected within a minute or two, restarted once, then
failed with a message; the requester is told when no worker answers; /health/ counts the workers.

Real Celery worker processes on the local Redis, killed with SIGKILL mid-build as a worker dies in
production. The worker writes a heartbeat every 0.5 s here (10 s by default) and the test process
counts it gone after 3 s of silence (60 s by default); the sweep is the periodic task beat runs every
30 s, called here as beat would.
"""

import os
import signal
import subprocess
import sys
import time
import uuid
from datetime import timedelta
from pathlib import Path

import pytest
import redis
from django.test import Client, override_settings
from django.utils import timezone

from accounts.models import Role
from reports.models import ReportJob
from reports.services import report_job_request, report_jobs_resume
from tests.factories import user_with_role
from tests.reports.celery_helpers import celery_publishing_to
from tests.reports.test_worker import database_url_for_worker, seed_000_with_narrative

CELERY = Path(sys.executable).with_name("celery")
SILENCE_ALLOWED = 3.0  # seconds: REPORTS_HEARTBEAT_TIMEOUT in the test process
WORKER_LOST = (
    "The worker building this report stopped answering, and again after the build was restarted; it was not "
    "tried again. Request the report again, and tell an administrator if this happens again."
)
RESTARTED = "The worker building this report stopped answering; the build was restarted."


@pytest.fixture
def workers(redis_url, tmp_path, settings):
    """Start real `celery worker` processes (solo pool) on the test's Redis and database; stop them after."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.REPORTS_HEARTBEAT_TIMEOUT = SILENCE_ALLOWED
    started: list[tuple[subprocess.Popen, object]] = []

    def start(app_module: str = "rbm") -> subprocess.Popen:
        log = (tmp_path / f"worker-{len(started)}.log").open("w")
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "rbm.settings",
            "DATABASE_URL": database_url_for_worker(),
            "DATABASE_CONN_MAX_AGE": "0",
            "CELERY_BROKER_URL": redis_url,
            "CELERY_RESULT_BACKEND": redis_url,
            "CELERY_TASK_ALWAYS_EAGER": "0",
            "MEDIA_ROOT": str(settings.MEDIA_ROOT),
            "REPORTS_HEARTBEAT_SECONDS": "0.5",
        }
        command = [
            str(CELERY),
            "-A",
            app_module,
            "worker",
            "--pool=solo",
            "--loglevel=INFO",
            "--without-gossip",
            "--without-mingle",
            "--without-heartbeat",
            f"--hostname=dead-jobs-{uuid.uuid4().hex[:8]}@%h",
        ]
        process = subprocess.Popen(  # noqa: S603 - our own virtualenv's celery, fixed arguments
            command, cwd=settings.BASE_DIR, env=env, stdout=log, stderr=subprocess.STDOUT
        )
        started.append((process, log))
        return process

    with celery_publishing_to(redis_url):
        yield start

    for process, log in started:
        if process.poll() is None:
            process.terminate()
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=10)
        log.close()
    # The killed workers' unacknowledged messages would come back in a later test: drop them.
    redis.Redis.from_url(redis_url).delete("unacked", "unacked_index", "unacked_mutex")


def logs(tmp_path: Path) -> str:
    return "\n".join(path.read_text()[-3000:] for path in sorted(tmp_path.glob("worker-*.log")))


def wait_for(condition, *, within: float, what: str, tmp_path: Path):
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.2)
    pytest.fail(f"Not seen within {within} s: {what}\n{logs(tmp_path)}")


def building_with_heartbeat(job: ReportJob, *, attempt: int, tmp_path: Path) -> ReportJob:
    """Wait until a worker builds the job's attempt and has written a heartbeat after starting it."""

    def beating():
        job.refresh_from_db()
        return (
            job.state == "running"
            and job.attempts == attempt
            and job.heartbeat_at is not None
            and job.heartbeat_at > job.started_at
        )

    wait_for(beating, within=60, what=f"job {job.pk} attempt {attempt} running with a heartbeat", tmp_path=tmp_path)
    return job


def kill(worker: subprocess.Popen) -> float:
    worker.send_signal(signal.SIGKILL)
    worker.wait(timeout=10)
    return time.monotonic()


def sweep_until(kind: str, *, tmp_path: Path) -> dict:
    """Run the periodic sweep, as beat does, until it reports a job `kind` (restarted or failed)."""

    def swept():
        counts = report_jobs_resume()
        return counts if counts[kind] else None

    return wait_for(swept, within=30, what=f"a job {kind} by the sweep", tmp_path=tmp_path)


@pytest.mark.redis
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_job_whose_worker_is_killed_is_restarted_once_and_built_by_another_worker(workers, tmp_path):
    # given a manager's report being built by a worker that is then killed mid-build
    biennium = seed_000_with_narrative()
    manager = user_with_role(Role.MANAGER, username="maria")
    doomed = workers("tests.security.stalling_worker")
    job = report_job_request(user=manager, biennium=biennium, outcome_ids=None, formats=["html"])
    building_with_heartbeat(job, attempt=1, tmp_path=tmp_path)
    killed_at = kill(doomed)

    # when its silence outlasts the heartbeat, the requester is told; then the sweep takes the job back
    client = Client()
    client.force_login(manager)
    time.sleep(SILENCE_ALLOWED + 0.5)
    told = client.get(f"/api/v1/reports/{job.pk}/").json()
    counts = sweep_until("restarted", tmp_path=tmp_path)
    detected_after = time.monotonic() - killed_at

    # then it is queued again once, and a healthy worker builds it
    job.refresh_from_db()
    assert counts == {"queued": 0, "restarted": 1, "failed": 0}
    assert (job.state, job.restarts) == ("queued", 1)
    assert detected_after < SILENCE_ALLOWED + 5
    assert told["state"] == "running"
    assert told["notice"].startswith("The worker building this report has not answered for ")
    assert told["notice"].endswith(
        " seconds; if it has stopped, the build will be restarted within a couple of minutes."
    )
    assert client.get(f"/api/v1/reports/{job.pk}/").json()["notice"] == RESTARTED
    workers()
    wait_for(lambda: ReportJob.objects.get(pk=job.pk).is_finished, within=90, what="the job built", tmp_path=tmp_path)
    job.refresh_from_db()
    assert (job.state, job.error, job.restarts, job.attempts, job.files.count()) == ("succeeded", "", 1, 2, 1)


@pytest.mark.redis
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_job_that_kills_its_worker_twice_ends_failed_with_a_message(workers, tmp_path):
    biennium = seed_000_with_narrative()
    manager = user_with_role(Role.MANAGER, username="maria")
    job = report_job_request(user=manager, biennium=biennium, outcome_ids=None, formats=["html"])
    first_worker = workers("tests.security.stalling_worker")
    building_with_heartbeat(job, attempt=1, tmp_path=tmp_path)
    kill(first_worker)
    first = sweep_until("restarted", tmp_path=tmp_path)
    again = workers("tests.security.stalling_worker")
    building_with_heartbeat(job, attempt=2, tmp_path=tmp_path)
    kill(again)
    second = sweep_until("failed", tmp_path=tmp_path)

    job.refresh_from_db()
    client = Client()
    client.force_login(manager)
    page = client.get(f"/reports/{job.pk}/").content.decode()
    assert (first, second) == (
        {"queued": 0, "restarted": 1, "failed": 0},
        {"queued": 0, "restarted": 0, "failed": 1},
    )
    assert (job.state, job.error, job.restarts) == ("failed", WORKER_LOST, 1)
    assert job.finished_at is not None
    assert WORKER_LOST in page


@pytest.mark.redis
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_health_counts_the_workers_that_answer(workers, tmp_path, client):
    with override_settings(CELERY_TASK_ALWAYS_EAGER=False):
        before = client.get("/health/").json()
        worker = workers()
        answering = wait_for(
            lambda: (answer := client.get("/health/")).json()["workers"] == 1 and answer,
            within=60,
            what="the worker answering the health check's ping",
            tmp_path=tmp_path,
        )
        kill(worker)
        after = client.get("/health/")

    assert before == {"status": "degraded", "database": True, "broker": True, "workers": 0, "cache": None}
    assert (answering.status_code, answering.json()) == (
        200,
        {"status": "ok", "database": True, "broker": True, "workers": 1, "cache": None},
    )
    assert (after.status_code, after.json()["status"], after.json()["workers"]) == (200, "degraded", 0)


def test_a_queued_job_no_worker_took_tells_its_requester(seed_000_imported, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    manager = user_with_role(Role.MANAGER, username="maria")
    job = report_job_request(user=manager, biennium=seed_000_imported, outcome_ids=None, formats=["html"])
    ReportJob.objects.filter(pk=job.pk).update(enqueued_at=timezone.now() - timedelta(minutes=3), task_id="waiting")
    fresh = report_job_request(user=manager, biennium=seed_000_imported, outcome_ids=None, formats=["html"])
    ReportJob.objects.filter(pk=fresh.pk).update(enqueued_at=timezone.now() - timedelta(seconds=20))
    client = Client()
    client.force_login(manager)

    page = client.get(f"/reports/{job.pk}/").content.decode()
    status_block = client.get(f"/reports/{job.pk}/status/").content.decode()
    answered = client.get(f"/api/v1/reports/{job.pk}/").json()
    fresh_answer = client.get(f"/api/v1/reports/{fresh.pk}/").json()

    no_worker = (
        "No worker has taken this request for 3 minute(s): the report workers may be stopped. It will start as "
        "soon as one runs; tell an administrator if this lasts."
    )
    assert answered["notice"] == no_worker
    assert no_worker in page
    assert no_worker in status_block
    assert fresh_answer["notice"] == ""
