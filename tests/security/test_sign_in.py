"""Sign-in protection (issue 12, point 4): lock-outs on the site and /admin/, password change and reset,
idle sessions ending."""

import logging
import re
import runpy
from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.auth import authenticate
from django.contrib.sessions.models import Session
from django.core import mail
from django.test import Client
from django.utils import timezone

from accounts.middleware import SESSION_RENEWED_AT
from tests.factories import PASSWORD, user_with_role

pytestmark = pytest.mark.django_db

LOCKED = "Too many failed sign-ins for this account from your address."


def _fail(client: Client, url: str, username: str, times: int) -> list[int]:
    return [client.post(url, {"username": username, "password": "wrong password"}).status_code for _ in range(times)]


def test_five_wrong_passwords_lock_the_account_from_that_address_even_with_the_right_one():
    user_with_role("officer", username="ama")
    client = Client(REMOTE_ADDR="203.0.113.7")

    statuses = _fail(client, "/accounts/sign-in/", "ama", 5)
    locked = client.post("/accounts/sign-in/", {"username": "ama", "password": PASSWORD})

    assert statuses == [200, 200, 200, 200, 429]
    assert locked.status_code == 429
    assert LOCKED in locked.content.decode()
    assert "refused for 15 minutes" in locked.content.decode()
    assert locked["Retry-After"] == "900"
    assert "_auth_user_id" not in client.session


def test_the_lock_holds_for_the_admin_sign_in_too():
    user_with_role("administrator", username="root")
    client = Client(REMOTE_ADDR="203.0.113.8")

    statuses = _fail(client, "/admin/login/", "root", 5)
    locked = client.post("/admin/login/?next=/admin/", {"username": "root", "password": PASSWORD})

    assert statuses == [200, 200, 200, 200, 429]
    assert locked.status_code == 429
    assert LOCKED in locked.content.decode()


def test_the_lock_is_for_that_account_and_address_only():
    user_with_role("officer", username="ama")
    user_with_role("officer", username="kofi")
    attacker = Client(REMOTE_ADDR="203.0.113.9")
    _fail(attacker, "/accounts/sign-in/", "ama", 5)

    elsewhere = Client(REMOTE_ADDR="198.51.100.4").post("/accounts/sign-in/", {"username": "ama", "password": PASSWORD})
    other_account = attacker.post("/accounts/sign-in/", {"username": "kofi", "password": PASSWORD})

    assert elsewhere.status_code == 302
    assert other_account.status_code == 302


def test_the_lock_ends_after_the_cool_off():
    user_with_role("officer", username="ama")
    client = Client(REMOTE_ADDR="203.0.113.10")
    _fail(client, "/accounts/sign-in/", "ama", 5)
    assert client.post("/accounts/sign-in/", {"username": "ama", "password": PASSWORD}).status_code == 429

    # The cool-off is over: the failures are older than AXES_COOLOFF_MINUTES.
    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=16))
    response = client.post("/accounts/sign-in/", {"username": "ama", "password": PASSWORD})

    assert response.status_code == 302


def test_a_made_up_forwarded_address_does_not_escape_the_lock():
    user_with_role("officer", username="ama")
    client = Client(REMOTE_ADDR="203.0.113.11")
    _fail(client, "/accounts/sign-in/", "ama", 5)

    response = client.post(
        "/accounts/sign-in/", {"username": "ama", "password": PASSWORD}, HTTP_X_FORWARDED_FOR="192.0.2.200"
    )

    assert response.status_code == 429


def test_failed_sign_ins_on_the_admin_are_logged_with_the_address(caplog):
    user_with_role("administrator", username="root")
    client = Client(REMOTE_ADDR="203.0.113.12")

    with caplog.at_level(logging.WARNING, logger="accounts.signals"):
        client.post("/admin/login/", {"username": "root", "password": "wrong password"})

    assert [r.getMessage() for r in caplog.records if r.name == "accounts.signals"] == [
        "Failed sign-in for 'root' from 203.0.113.12"
    ]


def test_a_user_changes_their_password_with_the_current_one():
    ama = user_with_role("officer", username="ama")
    client = Client()
    client.force_login(ama)

    page = client.get("/accounts/password/")
    wrong = client.post(
        "/accounts/password/",
        {
            "old_password": "not it",
            "new_password1": "a fresh long phrase 42",
            "new_password2": "a fresh long phrase 42",
        },
    )
    done = client.post(
        "/accounts/password/",
        {
            "old_password": PASSWORD,
            "new_password1": "a fresh long phrase 42",
            "new_password2": "a fresh long phrase 42",
        },
    )

    assert page.status_code == 200
    assert "Change your password" in page.content.decode()
    assert wrong.status_code == 200
    assert "Your old password was entered incorrectly" in wrong.content.decode()
    assert done.status_code == 302
    assert done["Location"] == "/accounts/password/changed/"
    ama.refresh_from_db()
    assert ama.check_password("a fresh long phrase 42")


def test_a_forgotten_password_is_reset_through_a_link_sent_by_email():
    ama = user_with_role("officer", username="ama")
    ama.email = "ama@example.org"
    ama.save()
    client = Client()

    sent = client.post("/accounts/password/reset/", {"email": "ama@example.org"})
    unknown = client.post("/accounts/password/reset/", {"email": "nobody@example.org"})

    assert sent.status_code == 302 and sent["Location"] == "/accounts/password/reset/sent/"
    assert unknown.status_code == 302 and unknown["Location"] == "/accounts/password/reset/sent/"
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["ama@example.org"]
    assert mail.outbox[0].subject == "Choose a new RBM password"
    link = re.search(r"http://testserver(/accounts/password/reset/\S+/)", mail.outbox[0].body).group(1)

    form = client.get(link, follow=True)
    assert "Choose a new password" in form.content.decode()
    set_url = form.redirect_chain[-1][0]
    done = client.post(set_url, {"new_password1": "a fresh long phrase 42", "new_password2": "a fresh long phrase 42"})

    assert done.status_code == 302 and done["Location"] == "/accounts/password/reset/complete/"
    ama.refresh_from_db()
    assert ama.check_password("a fresh long phrase 42")
    again = client.get(link, follow=True)
    assert "This link is not valid" in again.content.decode()


def test_the_sign_in_page_links_to_the_password_reset():
    page = Client().get("/accounts/sign-in/")

    assert 'href="/accounts/password/reset/"' in page.content.decode()


def _session_expires_in() -> float:
    return (Session.objects.get().expire_date - timezone.now()).total_seconds()


def test_an_idle_session_ends_after_an_hour_by_default():
    ama = user_with_role("officer", username="ama")
    client = Client()
    client.force_login(ama)

    assert client.get("/accounts/api-tokens/").status_code == 200
    assert 59 * 60 < _session_expires_in() <= 60 * 60

    # Idle for longer than the limit: the stored session has expired.
    Session.objects.update(expire_date=timezone.now() - timedelta(seconds=1))
    response = client.get("/accounts/api-tokens/")

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/sign-in/")


def test_using_the_site_pushes_the_idle_limit_back(settings):
    settings.SESSION_COOKIE_AGE = 30 * 60
    client = Client()
    client.force_login(user_with_role("officer", username="ama"))
    # Last renewed ten minutes ago: the session would end in twenty minutes.
    session = client.session
    session[SESSION_RENEWED_AT] = int(timezone.now().timestamp()) - 600
    session.save()
    Session.objects.update(expire_date=timezone.now() + timedelta(minutes=20))

    client.get("/accounts/api-tokens/")

    assert 29 * 60 < _session_expires_in() <= 30 * 60


def test_reading_again_within_a_minute_does_not_write_the_session(django_assert_num_queries):
    client = Client()
    client.force_login(user_with_role("viewer", username="vera"))
    client.get("/accounts/api-tokens/")

    # The session, the user, the role and scope (3), the tokens, the unread-notifications badge: no session write.
    with django_assert_num_queries(7):
        client.get("/accounts/api-tokens/")


def test_the_idle_limit_and_the_lock_out_come_from_the_environment(monkeypatch):
    monkeypatch.setenv("RBM_SESSION_IDLE_MINUTES", "20")
    monkeypatch.setenv("AXES_FAILURE_LIMIT", "3")
    monkeypatch.setenv("AXES_COOLOFF_MINUTES", "30")

    values = runpy.run_path(str(settings.BASE_DIR / "rbm" / "settings.py"))

    assert (values["SESSION_COOKIE_AGE"], values["AXES_FAILURE_LIMIT"], values["AXES_COOLOFF_TIME"]) == (1200, 3, 0.5)


def test_a_script_authenticating_without_a_request_is_checked_by_password_alone():
    ama = user_with_role("officer", username="ama")

    assert authenticate(username="ama", password=PASSWORD) == ama
    assert authenticate(username="ama", password="wrong password") is None
