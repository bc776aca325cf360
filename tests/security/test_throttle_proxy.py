"""Throttles count the real client (issue 12, point 8): X-Forwarded-For is believed only from the
number of trusted proxies the deployment declares (RBM_TRUSTED_PROXIES, default none)."""

import logging

import pytest
from django.test import Client, RequestFactory

from rbm.client import client_address

pytestmark = pytest.mark.django_db


@pytest.fixture
def low_rates(settings):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"anon": "3/minute", "token": "4/minute"},
    }


def test_a_random_forwarded_for_header_does_not_reset_the_anonymous_limit(low_rates):
    client = Client(REMOTE_ADDR="203.0.113.5")

    statuses = [client.get("/api/v1/regions/", HTTP_X_FORWARDED_FOR=f"10.0.{n}.{n}").status_code for n in range(5)]

    assert statuses == [200, 200, 200, 429, 429]


def test_clients_at_different_addresses_are_counted_apart(low_rates):
    first = Client(REMOTE_ADDR="203.0.113.5")
    for _ in range(3):
        first.get("/api/v1/regions/")

    assert first.get("/api/v1/regions/").status_code == 429
    assert Client(REMOTE_ADDR="198.51.100.9").get("/api/v1/regions/").status_code == 200


def test_behind_one_trusted_proxy_the_address_it_saw_is_counted(low_rates, settings):
    settings.RBM_TRUSTED_PROXIES = 1
    proxy = Client(REMOTE_ADDR="10.0.0.2")

    # The client forges a first entry; the proxy appends the address it really saw.
    statuses = [
        proxy.get("/api/v1/regions/", HTTP_X_FORWARDED_FOR=f"192.0.2.{n}, 203.0.113.5").status_code for n in range(4)
    ]
    other = proxy.get("/api/v1/regions/", HTTP_X_FORWARDED_FOR="203.0.113.6").status_code

    assert statuses == [200, 200, 200, 429]
    assert other == 200


@pytest.mark.parametrize(
    ("trusted", "forwarded", "expected"),
    [
        (0, "198.51.100.1", "10.0.0.2"),
        (1, "198.51.100.1", "198.51.100.1"),
        (1, "6.6.6.6, 198.51.100.1", "198.51.100.1"),
        (2, "6.6.6.6, 198.51.100.1, 10.0.0.1", "198.51.100.1"),
        (2, "198.51.100.1", "10.0.0.2"),  # fewer entries than proxies: the request skipped them
        (1, "not-an-address", "10.0.0.2"),
        (1, "", "10.0.0.2"),
        (1, " 2001:db8::1 ", "2001:db8::1"),
    ],
)
def test_the_client_address_trusts_only_the_declared_proxies(settings, trusted, forwarded, expected):
    settings.RBM_TRUSTED_PROXIES = trusted
    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR=forwarded)

    assert client_address(request) == expected


def test_the_sign_in_log_names_the_real_client(caplog):
    with caplog.at_level(logging.WARNING, logger="accounts.signals"):
        Client(REMOTE_ADDR="203.0.113.5").post(
            "/accounts/sign-in/", {"username": "nobody", "password": "x"}, HTTP_X_FORWARDED_FOR="1.2.3.4"
        )

    assert [r.getMessage() for r in caplog.records if r.name == "accounts.signals"] == [
        "Failed sign-in for 'nobody' from 203.0.113.5"
    ]
