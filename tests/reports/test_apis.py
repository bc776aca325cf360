import pytest
from django.urls import reverse

from accounts.models import Role
from reports.models import ReportJob
from tests.factories import user_with_role
from tests.reports.readers import workbook

CREATE = "/api/v1/reports/create/"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def manager(db):
    return user_with_role(Role.MANAGER, username="maria")


def test_a_client_requests_a_report_polls_it_and_downloads_a_file(
    seed_000_report, annex, manager, client, django_capture_on_commit_callbacks
):
    client.force_login(manager)

    with django_capture_on_commit_callbacks(execute=True):
        created = client.post(
            CREATE,
            {"biennium": "2014-15", "outcomes": ["4"], "formats": ["xlsx", "html"]},
            content_type="application/json",
        )
    job = ReportJob.objects.get()
    polled = client.get(created["Location"])
    download = client.get(polled.json()["files"][1]["url"])

    assert created.status_code == 202
    assert created["Location"] == f"http://testserver/api/v1/reports/{job.pk}/"
    assert (created.json()["state"], created.json()["outcomes"], created.json()["formats"]) == (
        "queued",
        ["4"],
        ["html", "xlsx"],
    )
    body = polled.json()
    assert (body["state"], body["progress"], body["data_changed"], body["content_hash"]) == (
        "succeeded",
        100,
        False,
        job.content_hash,
    )
    assert [(item["format"], item["url"]) for item in body["files"]] == [
        ("html", f"http://testserver/api/v1/reports/{job.pk}/files/html/"),
        ("xlsx", f"http://testserver/api/v1/reports/{job.pk}/files/xlsx/"),
    ]
    assert workbook(b"".join(download.streaming_content)).sheetnames == [
        "Summary",
        "Outcome 4",
        "Results by indicator",
        "Data",
        "Check sheet",
    ]


@pytest.mark.parametrize(
    ("payload", "errors"),
    [
        ({"biennium": "2014-15", "formats": []}, {"formats": ["Ensure this field has at least 1 elements."]}),
        (
            {"biennium": "2014-15", "formats": ["rtf"]},
            {"formats": ["“rtf” is not a report format; choose among: html, docx, xlsx, pdf."]},
        ),
        (
            {"biennium": "2014-15", "outcomes": ["4", "77"], "formats": ["pdf"]},
            {"outcomes": ["There is no outcome 77 in 2014-15."]},
        ),
        ({"biennium": "1999-2000", "formats": ["pdf"]}, {"biennium": ["There is no biennium 1999-2000."]}),
    ],
)
def test_bad_requests_get_400_with_field_errors_and_store_nothing(seed_000_report, manager, client, payload, errors):
    client.force_login(manager)

    response = client.post(CREATE, payload, content_type="application/json")

    assert (response.status_code, response.json()) == (400, errors)
    assert ReportJob.objects.count() == 0


def test_viewers_get_403_and_anonymous_clients_401_with_the_token_challenge(seed_000_report, client):
    anonymous = client.post(CREATE, {"biennium": "2014-15", "formats": ["pdf"]}, content_type="application/json")
    client.force_login(user_with_role(Role.VIEWER, username="vera"))
    viewer = client.post(CREATE, {"biennium": "2014-15", "formats": ["pdf"]}, content_type="application/json")

    assert (anonymous.status_code, anonymous["WWW-Authenticate"], anonymous.json()) == (
        401,
        'Token realm="api"',
        {"detail": "Authentication credentials were not provided."},
    )
    assert (viewer.status_code, viewer.json()) == (
        403,
        {"detail": "Only programme officers, managers and administrators may request reports."},
    )


def test_another_users_unfinished_job_is_not_found(seed_000_report, manager, client):
    from reports.services import report_job_request

    job = report_job_request(user=manager, biennium=seed_000_report, outcome_ids=None, formats=["pdf"])
    client.force_login(user_with_role(Role.MANAGER, username="kofi"))

    response = client.get(reverse("api-report-detail", kwargs={"pk": job.pk}))

    assert (response.status_code, response.json()) == (
        404,
        {"detail": f"There is no report {job.pk}, or it is not visible to you."},
    )


def test_the_job_list_is_cursor_paged_newest_first(seed_000_report, manager, client):
    from reports.services import report_job_request

    jobs = [
        report_job_request(user=manager, biennium=seed_000_report, outcome_ids=None, formats=["html"]) for _ in range(3)
    ]
    client.force_login(manager)

    first = client.get("/api/v1/reports/", {"page_size": 2}).json()
    second = client.get(first["next"]).json()

    assert [item["id"] for item in first["results"]] == [jobs[2].pk, jobs[1].pk]
    assert [item["id"] for item in second["results"]] == [jobs[0].pk]
    assert second["next"] is None


def test_the_openapi_schema_describes_the_report_endpoints(db, client):
    schema = client.get("/api/v1/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()

    assert sorted(path for path in schema["paths"] if path.startswith("/api/v1/reports")) == [
        "/api/v1/reports/",
        "/api/v1/reports/create/",
        "/api/v1/reports/{id}/",
        "/api/v1/reports/{id}/files/{kind}/",
    ]
    assert sorted(schema["paths"]["/api/v1/reports/create/"]["post"]["responses"]) == [
        "202",
        "400",
        "401",
        "403",
        "404",
        "406",
        "429",
    ]
    assert schema["components"]["schemas"]["ReportJobDetail"]["properties"]["data_changed"] == {
        "type": "boolean",
        "nullable": True,
        "description": "For a finished report: whether the data it shows changed since it was read; null otherwise.",
    }
