"""Requesting a report and following its progress in a real browser (htmx polling)."""

import re

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone
from playwright.sync_api import expect

from accounts.models import Role
from indicators.services import results_table_import
from outcomes.selectors import biennium_get
from reports.models import ReportFile, ReportJob
from reports.services import report_job_request
from tests.conftest import SEED_000
from tests.factories import PASSWORD, user_with_role
from tests.reports.celery_helpers import UNREACHABLE_BROKER, celery_publishing_to

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def sign_in(page, username: str) -> None:
    page.goto("/accounts/sign-in/")
    page.get_by_label("User name").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.locator(".site-nav .user")).to_contain_text(username)


def test_a_manager_requests_the_report_and_opens_the_web_page(page, screenshot):
    biennium = biennium_get(label="2014-15")
    results_table_import(text=SEED_000.read_text(encoding="utf-8"), biennium=biennium, source=SEED_000.name)
    user_with_role(Role.MANAGER, username="maria")

    sign_in(page, "maria")
    page.get_by_role("link", name="Reports").click()
    page.get_by_role("link", name="Request a report").click()
    page.get_by_label("PDF").uncheck()
    page.get_by_label("Word").uncheck()
    screenshot("reports-01-request-form")
    page.get_by_role("button", name="Build the report").click()

    # Without a broker the build runs as the request commits, so the job is done on arrival.
    expect(page.locator("[data-state]")).to_have_text("succeeded")
    expect(page.locator("#job-freshness")).to_contain_text("The data has not changed since this report was built.")
    screenshot("reports-02-job-done")
    with page.context.expect_page() as opened:
        page.get_by_role("link", name="web page").click(modifiers=["Control"])
    document = opened.value
    expect(document.locator("#indicator-4\\.2 .total .label")).to_have_text("24 member States and 1 territory")


def test_the_progress_bar_follows_a_running_job_until_the_downloads_appear(page):
    biennium = biennium_get(label="2014-15")
    manager = user_with_role(Role.MANAGER, username="maria")
    from tests.factories import OutcomeFactory

    OutcomeFactory(framework=biennium.framework, number="4")
    with celery_publishing_to(UNREACHABLE_BROKER):  # stays queued: the test plays the worker
        job = report_job_request(user=manager, biennium=biennium, outcome_ids=None, formats=["html"])
    ReportJob.objects.filter(pk=job.pk).update(state="running", progress=40, step="Building the web page")

    sign_in(page, "maria")
    page.goto(f"/reports/{job.pk}/")
    expect(page.locator("progress")).to_have_attribute("value", "40")
    expect(page.locator("#job-status")).to_contain_text("Building the web page")

    stored = ReportFile(job=job, format="html", size=4, sha256="0" * 64)
    stored.file.save("implementation-report-2014-15.html", ContentFile(b"<p>"), save=False)
    stored.save()
    ReportJob.objects.filter(pk=job.pk).update(state="succeeded", progress=100, step="", finished_at=timezone.now())

    # No reload: htmx polls the status block every 2 s and swaps in the downloads.
    expect(page.get_by_role("link", name="web page")).to_be_visible(timeout=10_000)
    expect(page.locator("progress")).to_have_attribute("value", "100")
    assert re.search(r"/reports/\d+/$", page.url)
