"""Bad input answered 400 with the API's error shape (pages: a readable message), never a server error."""

import json

import pytest
from django.test import Client

from tests.factories import user_with_role

HUGE = "55618663539910785419275716863721472"


@pytest.fixture
def manager_client(db) -> Client:
    client = Client(raise_request_exception=False)
    client.force_login(user_with_role("manager", username="kofi"))
    return client


def _api_error(response) -> dict:
    assert response["Content-Type"].startswith("application/json"), response["Content-Type"]
    body = response.json()
    assert isinstance(body, dict)
    return body


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/places/%00/",
        "/api/v1/places/?region=%00",
        "/api/v1/follow-up/actions/?status=%00",
        "/api/v1/evaluations/?q=a%00b",
        "/api/v1/results/?place=%00",
    ],
)
def test_a_nul_byte_in_an_api_path_or_filter_is_a_400_in_the_api_error_shape(manager_client, path):
    response = manager_client.get(path)
    assert response.status_code == 400
    assert _api_error(response) == {"detail": "The request contains a NUL character, which is not allowed."}


@pytest.mark.parametrize("path", ["/dashboard/?outcome=%00", "/evaluations/?q=%00", "/evaluations/%00/"])
def test_a_nul_byte_in_a_page_address_is_a_400_page_with_a_readable_message(manager_client, path):
    response = manager_client.get(path)
    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/html")
    assert "The request contains a NUL character, which is not allowed." in response.content.decode()


@pytest.mark.parametrize(
    "path",
    [
        f"/api/v1/follow-up/actions/?evaluation={HUGE}",
        f"/api/v1/recommendations/?evaluation={HUGE}",
        f"/api/v1/recommendations/?place={HUGE}",
        f"/api/v1/evaluations/?region={HUGE}",
        f"/api/v1/evaluations/?outcome={HUGE}",
        f"/api/v1/follow-up/actions/?evaluation=-{HUGE}",
    ],
)
def test_a_huge_integer_in_an_api_filter_is_a_400_naming_the_filter(manager_client, path):
    response = manager_client.get(path)
    assert response.status_code == 400
    body = _api_error(response)
    name = path.split("?")[1].split("=")[0]
    assert list(body) == [name]


@pytest.mark.parametrize("path", [f"/evaluations/?place={HUGE}", f"/evaluations/follow-up/?evaluation={HUGE}"])
def test_a_huge_integer_in_a_page_filter_is_answered_without_a_server_error(manager_client, path):
    response = manager_client.get(path)
    assert response.status_code in {200, 400}
    assert response["Content-Type"].startswith("text/html")


def test_a_huge_integer_in_an_api_path_is_a_404_not_a_server_error(manager_client):
    response = manager_client.get(f"/api/v1/evaluations/{HUGE}/")
    assert response.status_code == 404
    assert list(_api_error(response)) == ["detail"]


def test_a_100000_deep_json_body_is_a_400_in_the_api_error_shape(manager_client):
    body = "[" * 100_000 + "]" * 100_000
    response = manager_client.post("/api/v1/reports/create/", data=body, content_type="application/json")
    assert response.status_code == 400
    assert _api_error(response) == {"detail": "The JSON body is nested too deeply to be read."}


def test_an_over_size_api_body_is_a_400_in_json_not_an_html_page(manager_client, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1_000
    body = json.dumps({"biennium": "2014-15", "outcomes": ["4"] * 1_000})
    response = manager_client.post("/api/v1/reports/create/", data=body, content_type="application/json")
    assert response.status_code == 400
    assert _api_error(response) == {"detail": "The request body is larger than the 1,000 bytes this service accepts."}


def test_an_over_size_form_post_under_the_api_is_a_400_in_json(manager_client, settings):
    settings.DATA_UPLOAD_MAX_NUMBER_FIELDS = 10
    data = {f"field{number}": "x" for number in range(20)}
    response = manager_client.post("/api/v1/reports/create/", data=data)
    assert response.status_code == 400
    assert "detail" in _api_error(response)
