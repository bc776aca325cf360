"""People are named by their full name everywhere, through the one `person` filter (issue 13, point 6)."""

import re
from pathlib import Path

from django.conf import settings
from django.core import mail
from django.test import Client

from tests.factories import user_with_role

TEMPLATES = Path(settings.BASE_DIR) / "templates"
# A person shown by their login: `x.get_full_name|default:x.username`, `x.username`, `x.get_username`.
BY_LOGIN = re.compile(r"get_full_name\|default|\.username\b|\.get_username\b")
# The sign-in form's own field is the login, not a person shown.
FORM_FIELD = re.compile(r"form\.username")


def test_no_template_names_a_person_by_their_login():
    found = [
        f"{path.relative_to(TEMPLATES)}:{number}"
        for path in sorted(TEMPLATES.rglob("*"))
        if path.is_file()
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if BY_LOGIN.search(FORM_FIELD.sub("", line))
    ]

    assert found == []


def test_the_password_reset_email_greets_the_person_by_their_full_name(db):
    ama = user_with_role("officer", username="ama", first_name="Ama", last_name="Mensah")
    ama.email = "ama@example.org"
    ama.save()

    Client().post("/accounts/password/reset/", {"email": "ama@example.org"})

    assert mail.outbox[0].body.startswith("Hello Ama Mensah,\n")
