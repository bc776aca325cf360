"""A form sent after the session ended is kept and given back, pre-filled, once its author signs in again
(issue 13, point 7): never saved for them, size-limited, files named as not kept."""

import json
import time

import pytest
from django.conf import settings
from django.contrib.sessions.models import Session
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from accounts.kept_forms import SESSION_KEPT_FORM
from indicators.models import Result
from rbm import limits
from tests.factories import PASSWORD, ResultFactory, place
from tests.html import html_element, html_text
from tests.indicators.entry_helpers import indicator_url, indicator_with_criteria, manager, officer

SIGNED_OUT = "You were signed out; your text is kept, check and save again."
TYPED = "Ghana adopted its social protection policy in May 2015; the cabinet minutes are attached."


def _session_ends() -> None:
    """The idle session runs out on the server; the browser still sends its (now unknown) cookie."""
    Session.objects.all().delete()


def _session_ended(client: Client) -> None:
    """A browser holding the cookie of a session that has ended."""
    client.cookies[settings.SESSION_COOKIE_NAME] = "a-session-that-ended"


def _sign_in(client: Client, username: str, next_url: str):
    return client.post(
        f"{reverse('accounts:login')}?next={next_url}", {"username": username, "password": PASSWORD, "next": next_url}
    )


def _kept_values(page) -> dict:
    return json.loads(html_element(page, "kept-form-data").text)


@pytest.fixture
def form_page(db):
    indicator = indicator_with_criteria()
    return indicator_url(indicator, "result-create")


def test_a_form_sent_after_the_session_ended_comes_back_filled_in_after_signing_in(form_page, client):
    ama = officer()
    client.force_login(ama)
    client.get(form_page)
    _session_ends()
    evidence = SimpleUploadedFile("minutes.pdf", b"%PDF-1.4", content_type="application/pdf")

    sent = client.post(
        form_page,
        {"place": str(place("Ghana").pk), "description": TYPED, "criteria_met": ["1", "2"], "files": evidence},
        HTTP_REFERER=f"http://testserver{form_page}",
    )

    assert sent.status_code == 302
    assert sent["Location"] == f"{reverse('accounts:login')}?next={form_page.replace('/', '%2F')}"
    signed_in = _sign_in(client, "ama", form_page)
    assert signed_in["Location"] == form_page
    page = client.get(form_page)

    assert html_text(page, "kept-form").startswith(SIGNED_OUT)
    assert html_text(page, "kept-form-files") == "Files cannot be kept: attach them again (minutes.pdf)."
    assert _kept_values(page) == {"place": [str(place("Ghana").pk)], "description": [TYPED], "criteria_met": ["1", "2"]}
    assert Result.objects.count() == 0
    # Shown once: the next visit is the plain form.
    assert 'id="kept-form"' not in client.get(form_page).content.decode()


def test_a_form_sent_to_an_action_address_comes_back_on_the_page_it_was_on(db, client):
    result = ResultFactory(place=place("Ghana"), status=Result.Status.SUBMITTED)
    kofi = manager()
    client.force_login(kofi)
    _session_ends()
    result_page = reverse("indicators:result-detail", args=[result.pk])
    return_url = reverse("indicators:result-return", args=[result.pk])

    sent = client.post(
        return_url,
        {"message": "Add the cabinet minutes.", "version": "1"},
        HTTP_REFERER=f"http://testserver{result_page}",
    )
    _sign_in(client, "kofi", result_page)
    page = client.get(result_page)

    assert sent["Location"].endswith(f"?next={result_page.replace('/', '%2F')}")
    assert html_element(page, "kept-form").get("data-kept-action") == return_url
    assert _kept_values(page) == {"message": ["Add the cabinet minutes."], "version": ["1"]}
    result.refresh_from_db()
    assert result.status == Result.Status.SUBMITTED


def test_passwords_and_the_csrf_token_are_never_kept_and_long_text_is_cut_at_the_limit(form_page, client):
    _session_ended(client)
    client.post(
        form_page,
        {
            "csrfmiddlewaretoken": "x" * 64,
            "old_password": "secret words",
            "description": "short",
            "evidence": "e" * limits.KEPT_FORM_CHARS_MAX,
        },
    )

    kept = client.session[SESSION_KEPT_FORM]
    assert kept["fields"] == [["description", ["short"]]]
    assert kept["incomplete"] is True


def test_a_form_kept_for_over_an_hour_is_dropped_unseen(form_page, client):
    officer()
    _session_ended(client)
    client.post(form_page, {"description": TYPED})
    session = client.session
    session[SESSION_KEPT_FORM] = {**session[SESSION_KEPT_FORM], "at": int(time.time()) - limits.KEPT_FORM_SECONDS - 1}
    session.save()

    _sign_in(client, "ama", form_page)
    page = client.get(form_page)

    assert 'id="kept-form"' not in page.content.decode()
    assert SESSION_KEPT_FORM not in client.session


def test_a_post_from_a_client_that_never_had_a_session_is_not_kept(form_page, client):
    client.post(form_page, {"description": TYPED})

    assert SESSION_KEPT_FORM not in client.session


def test_a_form_that_needs_no_sign_in_is_not_kept(db, client):
    _session_ended(client)
    client.post(reverse("accounts:login"), {"username": "nobody", "password": "wrong"})
    client.post(reverse("set_language"), {"language": "fr", "next": reverse("accounts:login")})

    assert SESSION_KEPT_FORM not in client.session


def test_without_javascript_the_page_shows_the_text_typed_but_not_the_ids(form_page, client):
    officer()
    _session_ended(client)
    client.post(form_page, {"place": "57", "description": TYPED, "criteria_met": ["1", "2"]})

    _sign_in(client, "ama", form_page)
    page = client.get(form_page)

    assert [item.text_content() for item in html_element(page, "kept-form-typed")] == ["description", TYPED]
