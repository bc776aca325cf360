"""The revised matrix through the pages: requested from the plan page, built, shown and downloaded."""

from django.urls import reverse

from accounts.models import Role
from reports.models import ReportJob
from tests.factories import user_with_role
from tests.html import html_text


def test_an_officer_requests_the_revised_matrix_and_downloads_it(
    plan_revised, client, django_capture_on_commit_callbacks, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    officer = user_with_role(Role.OFFICER, username="matrix-officer")
    client.force_login(officer)
    plan_page = client.get(reverse("plans:plan", args=[plan_revised.pk]))
    assert reverse("reports:plan-matrix-request", args=[plan_revised.pk]) in plan_page.content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("reports:plan-matrix-request", args=[plan_revised.pk]),
            {"biennium": "2016", "formats": ["html", "xlsx"]},
        )
    job = ReportJob.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("reports:report-detail", args=[job.pk])
    job.refresh_from_db()
    assert (job.state, job.plan, job.biennium.label) == ("succeeded", plan_revised, "2016-17"), job.error
    page = client.get(reverse("reports:report-detail", args=[job.pk]))
    assert "Revised activity matrix of GB.312/POL/2, status in 2016-17" in html_text(page)
    download = client.get(reverse("reports:report-download", args=[job.pk, "html"]))
    assert download.status_code == 200
    assert b"Status in 2016-17" in b"".join(download.streaming_content)
    listing = client.get(reverse("reports:report-list"))
    assert listing.status_code == 200


def test_the_reports_api_names_the_plan_of_a_revised_matrix_job(plan_revised, client):
    officer = user_with_role(Role.OFFICER, username="api-officer")
    from reports.services import plan_matrix_job_request
    from tests.factories import biennium

    job = plan_matrix_job_request(user=officer, plan=plan_revised, biennium=biennium(2014), formats=["html"])
    client.force_login(officer)
    data = client.get(f"/api/v1/reports/{job.pk}/").json()
    assert (data["plan"], data["biennium"]) == ("GB.312/POL/2", "2014-15")
