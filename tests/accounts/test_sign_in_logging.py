import logging
import re

from django.conf import settings

from tests.factories import user_with_role

PASSWORD = "correct horse battery staple"  # the factories' password


def logged(caplog) -> list[tuple[str, int, str]]:
    return [
        (record.name, record.levelno, record.getMessage())
        for record in caplog.records
        if record.name == "accounts.signals"
    ]


def test_signing_in_logs_who_and_from_where(db, client, caplog):
    ama = user_with_role("officer", username="ama")

    with caplog.at_level(logging.INFO, logger="accounts.signals"):
        response = client.post("/accounts/sign-in/", {"username": "ama", "password": PASSWORD})

    assert response.status_code == 302
    assert logged(caplog) == [("accounts.signals", logging.INFO, f"Sign-in: 'ama' (user {ama.pk}) from 127.0.0.1")]


def test_a_failed_sign_in_is_logged_as_a_warning_without_the_password(db, client, caplog):
    user_with_role("officer", username="ama")

    with caplog.at_level(logging.INFO, logger="accounts.signals"):
        response = client.post("/accounts/sign-in/", {"username": "ama", "password": "Tr0ub4dor&3"})

    assert response.status_code == 200
    assert logged(caplog) == [("accounts.signals", logging.WARNING, "Failed sign-in for 'ama' from 127.0.0.1")]
    assert "Tr0ub4dor&3" not in caplog.text


def test_a_name_with_a_line_break_cannot_forge_a_second_log_line(db, client, caplog):
    with caplog.at_level(logging.INFO, logger="accounts.signals"):
        client.post("/accounts/sign-in/", {"username": "x\nSign-in: 'admin' (user 1)", "password": "wrong"})

    assert logged(caplog) == [
        ("accounts.signals", logging.WARNING, "Failed sign-in for \"x\\nSign-in: 'admin' (user 1)\" from 127.0.0.1")
    ]


def test_signing_out_logs_who_signed_out(db, client, caplog):
    ama = user_with_role("officer", username="ama")
    client.post("/accounts/sign-in/", {"username": "ama", "password": PASSWORD})
    caplog.clear()

    with caplog.at_level(logging.INFO, logger="accounts.signals"):
        response = client.post("/accounts/sign-out/")
        client.post("/accounts/sign-out/")  # again, signed out already: nothing to log

    assert response.status_code == 302
    assert logged(caplog) == [("accounts.signals", logging.INFO, f"Sign-out: 'ama' (user {ama.pk}) from 127.0.0.1")]


def test_the_log_format_gives_time_level_logger_and_message():
    plain = settings.LOGGING["formatters"]["plain"]
    formatter = logging.Formatter(plain["format"], style=plain["style"])
    record = logging.LogRecord("accounts.signals", logging.INFO, __file__, 1, "Sign-in: %r", ("ama",), None)

    line = formatter.format(record)

    assert re.fullmatch(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3} INFO accounts\.signals: Sign-in: 'ama'", line), line
