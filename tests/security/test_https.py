"""HTTPS hardening (issue 12, point 5): with DEBUG off the production values are the defaults, each
overridable from the environment and listed in .env.example; headers on every page; no-store on secrets."""

import re
import runpy

import pytest
from django.conf import settings
from django.test import Client

from tests.factories import user_with_role

SETTINGS_FILE = str(settings.BASE_DIR / "rbm" / "settings.py")
ENVIRONMENT = {
    "DJANGO_SECURE_SSL_REDIRECT": ("SECURE_SSL_REDIRECT", "0", False),
    "DJANGO_SECURE_HSTS_SECONDS": ("SECURE_HSTS_SECONDS", "300", 300),
    "DJANGO_SECURE_HSTS_INCLUDE_SUBDOMAINS": ("SECURE_HSTS_INCLUDE_SUBDOMAINS", "0", False),
    "DJANGO_SECURE_HSTS_PRELOAD": ("SECURE_HSTS_PRELOAD", "0", False),
    "DJANGO_SESSION_COOKIE_SECURE": ("SESSION_COOKIE_SECURE", "0", False),
    "DJANGO_CSRF_COOKIE_SECURE": ("CSRF_COOKIE_SECURE", "0", False),
    "RBM_TRUSTED_PROXIES": ("RBM_TRUSTED_PROXIES", "2", 2),
}


def _settings(monkeypatch, **env) -> dict:
    for name in [*ENVIRONMENT, "DJANGO_SECURE_PROXY_SSL_HEADER"]:
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    return runpy.run_path(SETTINGS_FILE)


def test_with_debug_off_the_production_values_are_the_defaults(monkeypatch):
    values = _settings(monkeypatch, DJANGO_DEBUG="0")

    assert values["SECURE_SSL_REDIRECT"] is True
    assert values["SECURE_HSTS_SECONDS"] == 31536000
    assert values["SECURE_HSTS_INCLUDE_SUBDOMAINS"] is True
    assert values["SECURE_HSTS_PRELOAD"] is True
    assert values["SESSION_COOKIE_SECURE"] is True
    assert values["CSRF_COOKIE_SECURE"] is True
    assert values["SECURE_PROXY_SSL_HEADER"] == ("HTTP_X_FORWARDED_PROTO", "https")
    assert values["RBM_TRUSTED_PROXIES"] == 0


def test_with_debug_on_local_http_keeps_working(monkeypatch):
    values = _settings(monkeypatch, DJANGO_DEBUG="1")

    assert values["SECURE_SSL_REDIRECT"] is False
    assert values["SECURE_HSTS_SECONDS"] == 0
    assert values["SESSION_COOKIE_SECURE"] is False
    assert values["CSRF_COOKIE_SECURE"] is False
    assert "SECURE_PROXY_SSL_HEADER" not in values


@pytest.mark.parametrize("variable", sorted(ENVIRONMENT))
def test_each_production_value_is_overridden_from_the_environment(monkeypatch, variable):
    setting, raw, expected = ENVIRONMENT[variable]

    values = _settings(monkeypatch, DJANGO_DEBUG="0", **{variable: raw})

    assert values[setting] == expected


def test_a_blank_value_as_env_example_leaves_it_keeps_the_default(monkeypatch):
    values = _settings(monkeypatch, DJANGO_DEBUG="0", DJANGO_SECURE_SSL_REDIRECT="", DJANGO_SECURE_HSTS_SECONDS="")

    assert (values["SECURE_SSL_REDIRECT"], values["SECURE_HSTS_SECONDS"]) == (True, 31536000)


def test_the_proxy_header_can_be_turned_off(monkeypatch):
    values = _settings(monkeypatch, DJANGO_DEBUG="0", DJANGO_SECURE_PROXY_SSL_HEADER="0")

    assert "SECURE_PROXY_SSL_HEADER" not in values


def test_every_such_variable_is_listed_in_env_example():
    listed = set(re.findall(r"^([A-Z_0-9]+)=", (settings.BASE_DIR / ".env.example").read_text(), flags=re.M))

    expected = {
        *ENVIRONMENT,
        "DJANGO_SECURE_PROXY_SSL_HEADER",
        "RBM_REQUIRE_2FA",
        "RBM_SESSION_IDLE_MINUTES",
        "AXES_FAILURE_LIMIT",
        "AXES_COOLOFF_MINUTES",
    }
    assert expected - listed == set()


@pytest.mark.django_db
def test_behind_the_proxy_plain_http_is_redirected_and_https_gets_hsts(settings):
    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_HSTS_SECONDS = 31536000
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    settings.SECURE_HSTS_PRELOAD = True
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    client = Client()

    plain = client.get("/evaluations/")
    secure = client.get("/evaluations/", HTTP_X_FORWARDED_PROTO="https")
    health = client.get("/health/")

    assert plain.status_code == 301
    assert plain["Location"] == "https://testserver/evaluations/"
    assert secure.status_code == 200
    assert secure["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
    assert health.status_code in {200, 503}  # a load balancer's probe over plain HTTP is answered


@pytest.mark.django_db
def test_every_page_sends_a_permissions_policy_switching_off_unused_features():
    response = Client().get("/evaluations/")

    policy = response["Permissions-Policy"]
    for feature in ("camera=()", "microphone=()", "geolocation=()", "payment=()", "usb=()"):
        assert feature in policy


@pytest.mark.django_db
def test_the_page_showing_a_new_api_token_is_not_stored_by_any_cache():
    client = Client()
    client.force_login(user_with_role("officer", username="ama"))

    created = client.post("/accounts/api-tokens/", {"name": "script", "access": "read"}, follow=True)

    assert 'id="new-token"' in created.content.decode()
    assert "no-store" in created["Cache-Control"]
    assert "private" in created["Cache-Control"]
