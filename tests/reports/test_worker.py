"""A real Celery worker process, on the local Redis, builds the reports the service queues.

The worker must read the test's database: these tests commit their data (`transaction=True`), and on
SQLite the test database is a file (see `django_db_modify_db_settings` in tests/conftest.py). Without
Redis they skip, or fail under REQUIRE_SERVICES=1 (the `redis_url` fixture).
"""

import os
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.storage import default_storage
from django.db import connection

from accounts.models import Role
from indicators.services import results_table_import
from outcomes.selectors import biennium_get
from reports.models import ReportJob
from reports.services import report_job_request
from tests.conftest import SEED_000
from tests.factories import user_with_role
from tests.outcomes.factories import seed_000_narrative
from tests.reports.celery_helpers import celery_publishing_to
from tests.reports.failing_worker import BROKEN_ON_PURPOSE
from tests.reports.readers import excel_indicator_rows, pdf_pages, word_indicator_rows, workbook

pytestmark = [pytest.mark.redis, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

CELERY = Path(sys.executable).with_name("celery")
FINISH_WITHIN = 120  # seconds, worker start-up included


def database_url_for_worker() -> str:
    """The URL of the test database itself, as the worker must open it."""
    database = connection.settings_dict
    name = database["NAME"]
    if connection.vendor == "sqlite":
        if "memory" in str(name) or not Path(str(name)).is_absolute():
            pytest.fail(f"The SQLite test database is not a file ({name}); a worker process cannot read it.")
        return f"sqlite:///{name}"
    credentials = database["USER"] + (f":{database['PASSWORD']}" if database["PASSWORD"] else "")
    return f"postgres://{credentials}@{database['HOST'] or '127.0.0.1'}:{database['PORT'] or 5432}/{name}"


@pytest.fixture
def start_worker(redis_url, tmp_path, settings):
    """Start `celery worker` (solo pool) on the test's Redis, database and media folder; stop it afterwards."""
    settings.MEDIA_ROOT = tmp_path / "media"
    processes = []

    def start(app_module: str = "rbm") -> subprocess.Popen:
        log = (tmp_path / f"worker-{len(processes)}.log").open("w")  # closed with the process
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "rbm.settings",
            "DATABASE_URL": database_url_for_worker(),
            "DATABASE_CONN_MAX_AGE": "0",
            "CELERY_BROKER_URL": redis_url,
            "CELERY_RESULT_BACKEND": redis_url,
            "CELERY_TASK_ALWAYS_EAGER": "0",
            "MEDIA_ROOT": str(settings.MEDIA_ROOT),
            "LOG_LEVEL": "INFO",
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
            f"--hostname=reports-test-{uuid.uuid4().hex[:8]}@%h",
        ]
        process = subprocess.Popen(  # noqa: S603 - our own virtualenv's celery, fixed arguments
            command, cwd=settings.BASE_DIR, env=env, stdout=log, stderr=subprocess.STDOUT
        )
        processes.append((process, log))
        return process

    yield start

    for process, log in processes:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)
        log.close()


def wait_until_finished(job: ReportJob, worker: subprocess.Popen, tmp_path: Path) -> ReportJob:
    deadline = time.monotonic() + FINISH_WITHIN
    while time.monotonic() < deadline:
        job.refresh_from_db()
        if job.is_finished:
            return job
        if worker.poll() is not None:
            pytest.fail(f"The worker stopped (exit {worker.returncode}):\n{_logs(tmp_path)}")
        time.sleep(0.3)
    pytest.fail(f"Job {job.pk} still {job.state} after {FINISH_WITHIN} s:\n{_logs(tmp_path)}")


def _logs(tmp_path: Path) -> str:
    return "\n".join(path.read_text()[-4000:] for path in sorted(tmp_path.glob("worker-*.log")))


def seed_000_with_narrative():
    biennium = biennium_get(label="2014-15")
    results_table_import(text=SEED_000.read_text(encoding="utf-8"), biennium=biennium, source=SEED_000.name)
    seed_000_narrative(biennium)
    return biennium


def test_a_real_worker_builds_a_requested_report_in_all_four_formats(start_worker, redis_url, tmp_path):
    # given seed 000 committed, and a worker listening on Redis
    biennium = seed_000_with_narrative()
    manager = user_with_role(Role.MANAGER, username="maria")
    worker = start_worker()

    # when a manager requests the report through the service (queued on commit, to Redis)
    with celery_publishing_to(redis_url):
        job = report_job_request(
            user=manager, biennium=biennium, outcome_ids=None, formats=["html", "docx", "xlsx", "pdf"]
        )

    # then the worker builds every file
    job = wait_until_finished(job, worker, tmp_path)
    assert (job.state, job.error, job.progress, job.attempts) == ("succeeded", "", 100, 1), _logs(tmp_path)
    assert job.enqueued_at is not None and len(job.content_hash) == 64
    files = {item.format: item for item in job.files.all()}
    assert sorted(files) == ["docx", "html", "pdf", "xlsx"]
    contents = {kind: default_storage.open(item.file.name, "rb").read() for kind, item in files.items()}
    assert {kind: len(data) for kind, data in contents.items()} == {kind: item.size for kind, item in files.items()}
    assert word_indicator_rows(contents["docx"])["4.2"][1] == "12 member States"
    assert excel_indicator_rows(workbook(contents["xlsx"])["Outcome 4"])["4.3"][2].startswith(
        "16 member States and 1 territory"
    )
    assert "24 member States and 1 territory" in " ".join(" ".join(pdf_pages(contents["pdf"])).split())
    assert b"Occupied Palestinian Territory*" in contents["html"]


def test_a_real_worker_ends_a_job_failed_with_the_builders_message(start_worker, redis_url, tmp_path):
    biennium = seed_000_with_narrative()
    manager = user_with_role(Role.MANAGER, username="maria")
    worker = start_worker("tests.reports.failing_worker")

    with celery_publishing_to(redis_url):
        job = report_job_request(user=manager, biennium=biennium, outcome_ids=None, formats=["html", "docx"])

    job = wait_until_finished(job, worker, tmp_path)
    assert (job.state, job.error) == ("failed", f"Building the Word document failed: {BROKEN_ON_PURPOSE}"), _logs(
        tmp_path
    )
    assert job.finished_at is not None
    assert job.files.count() == 0
    assert not any(Path(settings.MEDIA_ROOT).rglob("*.html"))
