import pytest
from django.test import Client

from accounts.services import api_token_create
from tests.factories import user_with_role


@pytest.fixture
def low_rates(settings):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"anon": "3/minute", "token": "4/minute"},
    }


def test_anonymous_clients_are_throttled(db, low_rates):
    client = Client()

    responses = [client.get("/api/v1/regions/") for _ in range(4)]

    assert [response.status_code for response in responses] == [200, 200, 200, 429]
    assert responses[-1].json()["detail"].startswith("Request was throttled.")
    assert 0 < int(responses[-1]["Retry-After"]) <= 60


def test_token_clients_are_counted_per_token(db, low_rates):
    user = user_with_role("officer", username="ama")
    first = Client(headers={"authorization": f"Token {api_token_create(user=user, name='a').secret}"})
    second = Client(headers={"authorization": f"Token {api_token_create(user=user, name='b').secret}"})

    statuses = [first.get("/api/v1/regions/").status_code for _ in range(5)]

    assert statuses == [200, 200, 200, 200, 429]
    assert second.get("/api/v1/regions/").status_code == 200


def test_browser_sessions_are_not_throttled(db, low_rates):
    client = Client()
    client.force_login(user_with_role("viewer", username="vera"))

    assert {client.get("/api/v1/regions/").status_code for _ in range(6)} == {200}
