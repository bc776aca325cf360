"""Error pages in the site's frame and the reader's language (issue 12); JSON under /api/."""

import pytest
from django.core.exceptions import PermissionDenied, SuspiciousOperation
from django.test import Client, override_settings
from django.urls import path

from rbm.urls import urlpatterns as site_urlpatterns
from tests.factories import user_with_role

pytestmark = pytest.mark.django_db


def _boom(request):
    raise RuntimeError("deliberate failure")


def _forbidden(request):
    raise PermissionDenied


def _suspicious(request):
    raise SuspiciousOperation("a crafted request")


urlpatterns = [
    path("test-errors/500/", _boom),
    path("test-errors/403/", _forbidden),
    path("test-errors/400/", _suspicious),
    path("api/v1/test-errors/500/", _boom),
    *site_urlpatterns,
]
handler400 = "rbm.exceptions.bad_request"
handler403 = "rbm.exceptions.permission_denied"
handler404 = "rbm.exceptions.not_found"
handler500 = "rbm.exceptions.server_error"

PAGES = {
    400: ("/test-errors/400/", "Bad request", "The request could not be understood"),
    403: ("/test-errors/403/", "Not allowed", "You are not allowed to see this page."),
    404: ("/no-such-page/", "Page not found", "There is no page at this address"),
    500: ("/test-errors/500/", "Server error", "Something went wrong on our side."),
}


@pytest.fixture
def client():
    return Client(raise_request_exception=False)


@override_settings(ROOT_URLCONF=__name__)
@pytest.mark.parametrize("status", sorted(PAGES))
def test_each_error_page_is_drawn_in_the_sites_frame(client, status):
    url, title, sentence = PAGES[status]

    response = client.get(url)

    html = response.content.decode()
    assert response.status_code == status
    assert f"<title>{title} · RBM</title>" in html
    assert '<header class="site-header">' in html
    assert f'<p class="error-code">{status}</p>' in html
    assert sentence in html
    assert 'href="/"' in html


@override_settings(ROOT_URLCONF=__name__)
def test_the_error_pages_speak_the_readers_language(client):
    client.cookies["django_language"] = "fr"

    not_found = client.get("/no-such-page/").content.decode()
    failed = client.get("/test-errors/500/").content.decode()

    assert '<html lang="fr">' in not_found
    assert "Page introuvable" in not_found
    assert '<html lang="fr">' in failed
    assert "Erreur du serveur" in failed


@override_settings(ROOT_URLCONF=__name__)
def test_a_signed_in_reader_keeps_their_menu_on_an_error_page(client):
    client.force_login(user_with_role("manager", username="kofi"))

    html = client.get("/test-errors/500/").content.decode()

    assert "Sign out" in html
    assert 'href="/dashboard/"' in html


@override_settings(ROOT_URLCONF=__name__)
def test_under_the_api_errors_answer_in_json(client):
    failed = client.get("/api/v1/test-errors/500/")
    missing = client.get("/api/v1/no-such-thing/")

    assert (failed.status_code, failed["Content-Type"]) == (500, "application/json")
    assert failed.json() == {
        "detail": "Something went wrong on our side. The error has been recorded; please try again later."
    }
    assert missing.status_code == 404
    assert missing.json() == {"detail": "Not found."}


def test_a_form_sent_with_an_expired_security_token_says_what_to_do():
    client = Client(enforce_csrf_checks=True)

    response = client.post("/accounts/sign-in/", {"username": "a", "password": "b"})

    html = response.content.decode()
    assert response.status_code == 403
    assert '<header class="site-header">' in html
    assert "Go back, reload the page and send the form again." in html
