"""A site-wide Content Security Policy without inline scripts (issue 12, point 5)."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client

from tests.factories import user_with_role

pytestmark = pytest.mark.django_db

TEMPLATES = Path(settings.BASE_DIR) / "templates"
# A built report is a document standing alone (its styles inside it); it is served with its own policy.
STANDALONE = {"reports/document.html", "reports/plan_matrix.html"}


def _policy(response) -> dict[str, list[str]]:
    parts = [part.strip().split() for part in response["Content-Security-Policy"].split(";") if part.strip()]
    return {part[0]: part[1:] for part in parts}


@pytest.mark.parametrize("url", ["/", "/evaluations/", "/accounts/sign-in/", "/api/v1/docs/", "/no-such-page/"])
def test_every_page_forbids_inline_and_foreign_scripts(url):
    response = Client().get(url)

    policy = _policy(response)
    assert policy["default-src"] == ["'self'"]
    assert policy["script-src"] == ["'self'"]
    assert policy["style-src"] == ["'self'"]
    assert policy["object-src"] == ["'none'"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert policy["base-uri"] == ["'self'"]
    assert policy["form-action"] == ["'self'"]


def test_the_signed_in_pages_carry_it_too():
    client = Client()
    client.force_login(user_with_role("manager", username="kofi"))

    for url in ("/dashboard/", "/reports/", "/accounts/api-tokens/", "/accounts/two-factor/"):
        assert _policy(client.get(url))["script-src"] == ["'self'"], url


@pytest.mark.parametrize(
    "path", sorted(str(p.relative_to(TEMPLATES)) for p in TEMPLATES.rglob("*.html")), ids=lambda path: path
)
def test_no_template_holds_an_inline_script_style_or_event_handler(path):
    if path in STANDALONE:
        pytest.skip("served with its own policy")
    text = (TEMPLATES / path).read_text(encoding="utf-8")

    assert re.findall(r"<script(?![^>]*\bsrc=)[^>]*>", text) == []
    assert re.findall(r"<style\b", text) == []
    assert re.findall(r"\sstyle=", text) == []
    assert re.findall(r"\son[a-z]+=", text) == []
    assert "javascript:" not in text


def test_the_api_docs_page_loads_its_settings_from_a_script_file():
    html = Client().get("/api/v1/docs/").content.decode()

    scripts = re.findall(r"<script([^>]*)>", html)
    assert scripts and all("src=" in attributes for attributes in scripts)
    assert "fonts.googleapis.com" not in Client().get("/api/v1/redoc/").content.decode()
