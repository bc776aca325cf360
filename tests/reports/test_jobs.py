import logging
import time
from datetime import timedelta

import pytest
from celery.exceptions import SoftTimeLimitExceeded
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.db import OperationalError
from django.utils import timezone

from accounts.models import Role
from rbm.exceptions import NotAllowed
from reports.builders import BUILDERS
from reports.models import ReportFile, ReportJob
from reports.selectors import report_job_data_changed
from reports.services import (
    report_files_purge,
    report_job_request,
    report_job_run,
    report_jobs_resume,
)
from reports.tasks import report_job_build
from tests.factories import OutcomeFactory, ResultFactory, place, user_with_role
from tests.reports.celery_helpers import UNREACHABLE_BROKER, celery_publishing_to
from tests.reports.readers import word_indicator_rows

ALL_FORMATS = ["html", "docx", "xlsx", "pdf"]


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def manager(db):
    return user_with_role(Role.MANAGER, username="maria", first_name="Maria", last_name="Lopez")


def request_report(user, biennium, capture, *, formats=None, outcome_ids=None) -> ReportJob:
    with capture(execute=True):
        job = report_job_request(user=user, biennium=biennium, outcome_ids=outcome_ids, formats=formats or ALL_FORMATS)
    job.refresh_from_db()
    return job


def test_a_requested_report_is_built_in_every_format_with_its_provenance(
    seed_000_report, annex, manager, django_capture_on_commit_callbacks
):
    job = request_report(manager, seed_000_report, django_capture_on_commit_callbacks)

    assert (job.state, job.progress, job.error, job.attempts) == ("succeeded", 100, "", 1)
    assert job.requested_by == manager
    assert job.started_at <= job.data_read_at <= job.finished_at
    assert len(job.content_hash) == 64
    assert job.enqueued_at is not None and job.task_id
    files = {item.format: item for item in job.files.all()}
    assert sorted(files) == ["docx", "html", "pdf", "xlsx"]
    assert files["docx"].file.name == f"reports/{job.pk}/implementation-report-2014-15-outcome-4.docx"
    with default_storage.open(files["docx"].file.name, "rb") as handle:
        word = handle.read()
    assert len(word) == files["docx"].size
    assert word_indicator_rows(word)["4.2"][2].startswith("24 member States and 1 territory")


def test_building_unchanged_data_again_gives_the_same_content_hash(
    seed_000_report, annex, manager, django_capture_on_commit_callbacks
):
    first = request_report(manager, seed_000_report, django_capture_on_commit_callbacks, formats=["html"])
    second = request_report(manager, seed_000_report, django_capture_on_commit_callbacks, formats=["xlsx"])

    assert first.content_hash == second.content_hash
    assert report_job_data_changed(job=first) is False


def test_the_job_says_when_the_data_changed_after_it_was_built(
    seed_000_report, annex, manager, django_capture_on_commit_callbacks
):
    job = request_report(manager, seed_000_report, django_capture_on_commit_callbacks, formats=["html"])

    ResultFactory(
        indicator=seed_000_report.framework.indicators.get(code="4.1"), biennium=seed_000_report, place=place("Kenya")
    )

    assert report_job_data_changed(job=job) is True


def test_a_failing_builder_ends_the_job_failed_with_its_message_and_no_files(
    seed_000_report, annex, manager, django_capture_on_commit_callbacks, monkeypatch
):
    def broken(document):
        raise RuntimeError("the template is missing a table")

    monkeypatch.setitem(BUILDERS, "docx", broken)

    job = request_report(manager, seed_000_report, django_capture_on_commit_callbacks)

    assert (job.state, job.error) == ("failed", "Building the Word document failed: the template is missing a table")
    assert job.finished_at is not None
    assert ReportFile.objects.count() == 0
    assert list(default_storage.listdir("")[1]) == []


def test_a_request_and_its_build_are_logged_with_the_job_id_and_the_build_time(
    seed_000_report, annex, manager, django_capture_on_commit_callbacks, caplog
):
    caplog.set_level(logging.INFO, logger="reports")

    job = request_report(manager, seed_000_report, django_capture_on_commit_callbacks, formats=["html"])

    built = job.files.get()
    seconds = (job.finished_at - job.started_at).total_seconds()
    assert [record.getMessage() for record in caplog.records if record.name.startswith("reports.")] == [
        f"Report job {job.pk} requested by user {manager.pk}: biennium 2014-15, outcomes all, formats html, "
        "language en",
        f"Report job {job.pk} build started (attempt 1, task {job.task_id}): biennium 2014-15, formats html",
        f"Report job {job.pk} built in {seconds:.2f} s: html {built.size} bytes, content hash {job.content_hash}",
        f"Report job {job.pk} handed to the queue as task {job.task_id}",
    ]


def test_a_failed_build_is_logged_with_the_job_id_the_message_and_the_builders_traceback(
    seed_000_report, annex, manager, django_capture_on_commit_callbacks, monkeypatch, caplog
):
    def broken(document):
        raise RuntimeError("the template is missing a table")

    monkeypatch.setitem(BUILDERS, "docx", broken)
    caplog.set_level(logging.INFO, logger="reports")

    job = request_report(manager, seed_000_report, django_capture_on_commit_callbacks, formats=["docx"])

    [failure] = [record for record in caplog.records if record.levelno == logging.WARNING]
    seconds = (job.finished_at - job.started_at).total_seconds()
    assert (failure.name, failure.getMessage()) == (
        "reports.services.runs",
        f"Report job {job.pk} failed after {seconds:.2f} s: "
        "Building the Word document failed: the template is missing a table",
    )
    assert str(failure.exc_info[1]) == "the template is missing a table"


def test_a_build_past_its_time_limit_ends_failed_and_says_so(
    seed_000_report, annex, manager, django_capture_on_commit_callbacks, monkeypatch, settings
):
    def slow(document):
        raise SoftTimeLimitExceeded()

    monkeypatch.setitem(BUILDERS, "pdf", slow)
    settings.CELERY_TASK_SOFT_TIME_LIMIT = 840

    job = request_report(manager, seed_000_report, django_capture_on_commit_callbacks)

    assert (job.state, job.error) == ("failed", "The build took longer than the 840 seconds allowed and was stopped.")


def test_a_request_while_the_broker_is_down_is_kept_queued_and_handed_over_later(
    seed_000_report, annex, manager, django_capture_on_commit_callbacks
):
    started = time.monotonic()
    with celery_publishing_to(UNREACHABLE_BROKER):
        job = request_report(manager, seed_000_report, django_capture_on_commit_callbacks, formats=["html"])
    waited = time.monotonic() - started

    assert (job.state, job.enqueued_at) == ("queued", None)
    assert job.queue_note == (
        "The task queue cannot be reached right now. Your request is saved and will start by itself when the "
        "queue is back; there is nothing more to do."
    )
    assert waited < 10

    # the broker is back (tasks run eagerly again); the periodic task hands the job over
    counts = report_jobs_resume(now=timezone.now() + timedelta(minutes=1))
    job.refresh_from_db()
    assert counts == {"queued": 1, "restarted": 0, "failed": 0}
    assert (job.state, job.queue_note) == ("succeeded", "")


def test_running_a_finished_job_again_changes_nothing(
    seed_000_report, annex, manager, django_capture_on_commit_callbacks
):
    job = request_report(manager, seed_000_report, django_capture_on_commit_callbacks, formats=["html"])

    again = report_job_run(job_id=job.pk, task_id="another-delivery")

    assert again is None
    job.refresh_from_db()
    assert (job.state, job.attempts, job.files.count()) == ("succeeded", 1, 1)


def test_a_job_gone_from_the_database_is_ignored(db):
    assert report_job_run(job_id=987654) is None


def _running(job: ReportJob, *, task_id: str, started_minutes_ago: float, attempts: int = 1, restarts: int = 0) -> None:
    """The job as a worker left it: running since then, its last heartbeat when it started."""
    started_at = timezone.now() - timedelta(minutes=started_minutes_ago)
    ReportJob.objects.filter(pk=job.pk).update(
        state=ReportJob.State.RUNNING,
        task_id=task_id,
        attempts=attempts,
        restarts=restarts,
        started_at=started_at,
        heartbeat_at=started_at,
    )


def _queued_job(user, biennium) -> ReportJob:
    # requested without running the on-commit hand-over
    return report_job_request(user=user, biennium=biennium, outcome_ids=None, formats=["html"])


def test_a_redelivered_task_takes_over_the_job_its_dead_worker_left_running(seed_000_report, annex, manager):
    job = _queued_job(manager, seed_000_report)
    _running(job, task_id="task-1", started_minutes_ago=0.25)

    skipped = report_job_run(job_id=job.pk, task_id="task-2")
    taken_over = report_job_run(job_id=job.pk, task_id="task-1")

    assert skipped is None
    assert (taken_over.state, taken_over.attempts) == ("succeeded", 2)


def test_a_job_whose_worker_fell_silent_is_restarted_once_then_failed(seed_000_report, annex, manager):
    first, second = _queued_job(manager, seed_000_report), _queued_job(manager, seed_000_report)
    alive = _queued_job(manager, seed_000_report)
    _running(first, task_id="lost-1", started_minutes_ago=2, attempts=1)
    _running(second, task_id="lost-2", started_minutes_ago=2, attempts=2, restarts=1)
    _running(alive, task_id="busy", started_minutes_ago=0.5)

    counts = report_jobs_resume()

    first.refresh_from_db()
    second.refresh_from_db()
    alive.refresh_from_db()
    assert counts == {"queued": 0, "restarted": 1, "failed": 1}
    assert (first.state, first.attempts, first.restarts) == ("succeeded", 2, 1)
    assert (second.state, second.error) == (
        "failed",
        "The worker building this report stopped answering, and again after the build was restarted; it was not "
        "tried again. Request the report again, and tell an administrator if this happens again.",
    )
    assert (alive.state, alive.task_id) == ("running", "busy")


def test_a_lost_database_connection_is_retried_and_then_fails_the_job_readably(
    seed_000_report, annex, manager, monkeypatch
):
    job = _queued_job(manager, seed_000_report)
    calls = []

    def unreachable(**kwargs):
        calls.append(1)
        raise OperationalError("server closed the connection unexpectedly")

    monkeypatch.setattr("reports.services.build.report_content", unreachable)
    monkeypatch.setitem(report_job_build.app.conf, "task_eager_propagates", False)

    result = report_job_build.apply(args=[job.pk])

    job.refresh_from_db()
    assert result.failed()
    assert len(calls) == 4
    assert (job.state, job.error) == (
        "failed",
        "The database could not be reached while building the report: server closed the connection unexpectedly",
    )


def test_viewers_may_not_request_reports(seed_000_report):
    viewer = user_with_role(Role.VIEWER, username="vera")

    with pytest.raises(NotAllowed) as refused:
        report_job_request(user=viewer, biennium=seed_000_report, outcome_ids=None, formats=["pdf"])

    assert str(refused.value) == "Only programme officers, managers and administrators may request reports."
    assert ReportJob.objects.count() == 0


def test_an_officer_reports_on_the_outcomes_in_scope_only(seed_000_report, annex):
    outcome_4 = seed_000_report.framework.outcomes.get(number="4")
    other = OutcomeFactory(framework=seed_000_report.framework, number="19", statement="Other")
    officer = user_with_role(Role.OFFICER, username="olu", outcomes=[outcome_4])

    job = report_job_request(user=officer, biennium=seed_000_report, outcome_ids=None, formats=["html"])
    with pytest.raises(NotAllowed) as refused:
        report_job_request(user=officer, biennium=seed_000_report, outcome_ids=[other.pk], formats=["html"])

    assert list(job.outcomes.values_list("number", flat=True)) == ["4"]
    assert str(refused.value) == "Outcome 19 is outside your scope; you may not report on it."


@pytest.mark.parametrize(
    ("formats", "message"),
    [
        ([], "Choose at least one format."),
        (["html", "odt"], "“odt” is not a report format; choose among: html, docx, xlsx, pdf."),
    ],
)
def test_bad_formats_are_refused_with_a_clear_message(seed_000_report, manager, formats, message):
    with pytest.raises(ValidationError) as refused:
        report_job_request(user=manager, biennium=seed_000_report, outcome_ids=None, formats=formats)

    assert refused.value.message_dict == {"formats": [message]}


def test_an_outcome_of_another_framework_is_refused(seed_000_report, manager):
    from outcomes.selectors import biennium_get

    elsewhere = OutcomeFactory(framework=biennium_get(label="2018-19").framework, number="1")

    with pytest.raises(ValidationError) as refused:
        report_job_request(user=manager, biennium=seed_000_report, outcome_ids=[elsewhere.pk], formats=["html"])

    assert refused.value.message_dict == {
        "outcomes": [f"These outcomes are not in the framework of 2014-15: {elsewhere.pk}."]
    }


def test_files_older_than_the_retention_period_are_purged_and_the_job_kept(
    seed_000_report, annex, manager, django_capture_on_commit_callbacks, settings
):
    settings.REPORTS_RETENTION_DAYS = 30
    old = request_report(manager, seed_000_report, django_capture_on_commit_callbacks, formats=["html", "xlsx"])
    recent = request_report(manager, seed_000_report, django_capture_on_commit_callbacks, formats=["html"])
    ReportJob.objects.filter(pk=old.pk).update(finished_at=timezone.now() - timedelta(days=31))
    old_names = [item.file.name for item in old.files.all()]

    purged = report_files_purge()

    old.refresh_from_db()
    assert purged == 1
    assert old.state == "succeeded" and old.files_purged_at is not None
    assert old.files.count() == 0
    assert not any(default_storage.exists(name) for name in old_names)
    assert recent.files.count() == 1
    assert default_storage.exists(recent.files.get().file.name)
