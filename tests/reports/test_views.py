import pytest
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.timezone import localtime
from pytest_django.asserts import assertContains, assertNotContains

from accounts.models import Role
from reports.models import ReportJob
from reports.services import report_job_request
from tests.factories import ResultFactory, place, user_with_role
from tests.html import html_element, html_text
from tests.reports.celery_helpers import UNREACHABLE_BROKER, celery_publishing_to


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def manager(db):
    return user_with_role(Role.MANAGER, username="maria")


def post_request(client, capture, data, biennium="2014-15"):
    """Post the form, run what it queued on commit (the test's transaction defers it), then follow the redirect."""
    with capture(execute=True):
        response = client.post(f"{reverse('reports:report-request')}?biennium={biennium}", data)
    if response.status_code != 302:
        return response
    return client.get(response.url)


def test_a_manager_requests_a_report_and_lands_on_its_page_with_the_downloads(
    seed_000_report, annex, manager, client, django_capture_on_commit_callbacks
):
    client.force_login(manager)

    response = post_request(client, django_capture_on_commit_callbacks, {"formats": ["html", "xlsx"]})

    job = ReportJob.objects.get()
    html = response.content.decode()
    assert response.request["PATH_INFO"] == reverse("reports:report-detail", kwargs={"pk": job.pk})
    assert job.state == "succeeded"
    assert 'data-state="succeeded"' in html
    assert f'href="/reports/{job.pk}/files/html/"' in html
    assert f'href="/reports/{job.pk}/files/xlsx/"' in html
    assert f'hx-get="/reports/{job.pk}/status/"' not in html
    assert f'hx-get="/reports/{job.pk}/freshness/" hx-trigger="load"' in html
    assert job.content_hash in html


def test_the_request_form_lists_the_biennium_outcomes_and_refuses_no_format(seed_000_report, manager, client):
    client.force_login(manager)

    form = client.get(reverse("reports:report-request"), {"biennium": "2014-15"})
    refused = client.post(f"{reverse('reports:report-request')}?biennium=2014-15", {})

    assert "Outcome 4: More people have access to better managed" in form.content.decode()
    assert refused.status_code == 400
    assert "Choose at least one format." in refused.content.decode()
    assert ReportJob.objects.count() == 0


def test_the_request_form_offers_an_officer_the_outcomes_of_their_scope_only(seed_000_report, manager, client):
    from tests.factories import OutcomeFactory

    outcome_4 = seed_000_report.framework.outcomes.get(number="4")
    OutcomeFactory(framework=seed_000_report.framework, number="9", statement="Other", position=outcome_4.position + 1)
    officer = user_with_role(Role.OFFICER, username="olu", outcomes=[outcome_4])

    client.force_login(officer)
    offered_to_the_officer = client.get(reverse("reports:report-request"), {"biennium": "2014-15"}).context["form"]
    client.force_login(manager)
    offered_to_the_manager = client.get(reverse("reports:report-request"), {"biennium": "2014-15"}).context["form"]

    assert [outcome.number for outcome in offered_to_the_officer.fields["outcomes"].queryset] == ["4"]
    assert [outcome.number for outcome in offered_to_the_manager.fields["outcomes"].queryset] == ["4", "9"]


def test_the_request_form_groups_each_field_with_its_help_and_says_when_there_are_no_outcomes(db, manager, client):
    client.force_login(manager)

    response = client.get(reverse("reports:report-request"), {"biennium": "2018-19"})

    assertContains(
        response,
        '<span class="helptext" id="id_outcomes_helptext">'
        "Leave all unticked for every outcome you may report on.</span>",
        html=True,
    )
    assertContains(response, '<p class="empty">This biennium has no outcomes yet.</p>', html=True)
    assert [label.text_content().strip() for label in html_element(response, "id_formats").iter("label")] == [
        "web page",
        "Word",
        "Excel",
        "PDF",
    ]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_request_while_the_broker_is_down_says_so_and_keeps_the_request(client):
    # No test transaction around the request: the job is handed to the broker as in production, on commit.
    from outcomes.selectors import biennium_get
    from tests.factories import OutcomeFactory

    OutcomeFactory(framework=biennium_get(label="2014-15").framework, number="4")
    client.force_login(user_with_role(Role.MANAGER, username="maria"))

    with celery_publishing_to(UNREACHABLE_BROKER):
        response = client.post(
            f"{reverse('reports:report-request')}?biennium=2014-15", {"formats": ["pdf"]}, follow=True
        )

    html = response.content.decode()
    job = ReportJob.objects.get()
    assert response.status_code == 200
    assert (job.state, job.formats, job.enqueued_at) == ("queued", ["pdf"], None)
    assert html.count("The task queue cannot be reached right now.") == 2  # the message and the job's note
    assert 'hx-trigger="every 2s"' in html
    assert '<noscript><meta http-equiv="refresh" content="3"></noscript>' in html


def test_the_status_block_polls_while_the_job_runs_and_stops_when_it_is_done(seed_000_report, manager, client):
    client.force_login(manager)
    job = report_job_request(user=manager, biennium=seed_000_report, outcome_ids=None, formats=["html"])
    ReportJob.objects.filter(pk=job.pk).update(state="running", progress=40, step="Building the web page")

    running = client.get(reverse("reports:report-status", kwargs={"pk": job.pk})).content.decode()
    ReportJob.objects.filter(pk=job.pk).update(state="failed", error="Building the web page failed: boom")
    failed = client.get(reverse("reports:report-status", kwargs={"pk": job.pk})).content.decode()

    assert f'hx-get="/reports/{job.pk}/status/"' in running
    assert '<progress max="100" value="40"' in running
    assert "Building the web page" in running
    assert "hx-get" not in failed
    assert "Building the web page failed: boom" in failed


def test_the_page_says_when_the_data_changed_after_the_report_was_built(
    seed_000_report, annex, manager, client, django_capture_on_commit_callbacks
):
    client.force_login(manager)
    post_request(client, django_capture_on_commit_callbacks, {"formats": ["html"]})
    job = ReportJob.objects.get()
    ResultFactory(
        indicator=seed_000_report.framework.indicators.get(code="4.1"), biennium=seed_000_report, place=place("Kenya")
    )

    fragment = client.get(reverse("reports:report-freshness", kwargs={"pk": job.pk}))
    without_javascript = client.get(reverse("reports:report-detail", kwargs={"pk": job.pk}), {"check": "1"})

    when = date_format(localtime(job.data_read_at), "DATETIME_FORMAT")
    changed = f"The data changed after this report read it ({when}); request it again for the current figures."
    assert html_text(fragment, "job-freshness") == changed
    assert html_text(without_javascript, "job-freshness") == changed


def test_the_freshness_check_says_when_nothing_changed(
    seed_000_report, annex, manager, client, django_capture_on_commit_callbacks
):
    client.force_login(manager)
    post_request(client, django_capture_on_commit_callbacks, {"formats": ["html"]})
    job = ReportJob.objects.get()

    fragment = client.get(reverse("reports:report-freshness", kwargs={"pk": job.pk}))

    assert html_text(fragment, "job-freshness") == "The data has not changed since this report was built."


def test_the_web_page_opens_in_the_browser_and_other_formats_download(
    seed_000_report, annex, manager, client, django_capture_on_commit_callbacks
):
    client.force_login(manager)
    post_request(client, django_capture_on_commit_callbacks, {"formats": ["html", "docx"]})
    job = ReportJob.objects.get()

    page = client.get(reverse("reports:report-download", kwargs={"pk": job.pk, "format": "html"}))
    word = client.get(reverse("reports:report-download", kwargs={"pk": job.pk, "format": "docx"}))
    missing = client.get(reverse("reports:report-download", kwargs={"pk": job.pk, "format": "pdf"}))

    assert page["Content-Type"] == "text/html; charset=utf-8"
    assert page["Content-Disposition"] == 'inline; filename="implementation-report-2014-15-outcome-4.html"'
    assert page["Content-Security-Policy"] == "default-src 'none'; style-src 'unsafe-inline'; img-src data:"
    assert b"Programme implementation report 2014-15" in b"".join(page.streaming_content)
    assert word["Content-Disposition"] == 'attachment; filename="implementation-report-2014-15-outcome-4.docx"'
    assert missing.status_code == 404


def test_viewers_see_finished_reports_but_not_others_unfinished_ones_and_cannot_request(
    seed_000_report, annex, manager, client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        done = report_job_request(user=manager, biennium=seed_000_report, outcome_ids=None, formats=["html"])
    waiting = report_job_request(user=manager, biennium=seed_000_report, outcome_ids=None, formats=["html"])
    client.force_login(user_with_role(Role.VIEWER, username="vera"))

    listing = client.get(reverse("reports:report-list"))
    hidden = client.get(reverse("reports:report-detail", kwargs={"pk": waiting.pk}))
    shown = client.get(reverse("reports:report-download", kwargs={"pk": done.pk, "format": "html"}))
    form = client.get(reverse("reports:report-request"))

    assert [row.get("id") for row in html_element(listing, "main").xpath(".//table/tbody/tr")] == [f"job-{done.pk}"]
    assertNotContains(listing, "Request a report")
    assert hidden.status_code == 404
    assert shown.status_code == 200
    assert form.status_code == 403


def test_anonymous_visitors_are_asked_to_sign_in(db, client):
    response = client.get(reverse("reports:report-list"))

    assert (response.status_code, response.url) == (302, f"{reverse('accounts:login')}?next=/reports/")


def test_the_job_list_takes_a_fixed_number_of_queries(seed_000_report, manager, client, django_assert_num_queries):
    for _ in range(3):
        report_job_request(user=manager, biennium=seed_000_report, outcome_ids=None, formats=["html"])
    client.force_login(manager)
    client.get(reverse("reports:report-list"))

    with django_assert_num_queries(10):
        response = client.get(reverse("reports:report-list"))

    assert html_element(response, "main").xpath("count(.//table/tbody/tr)") == 3
