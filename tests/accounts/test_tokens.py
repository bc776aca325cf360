import hashlib
from datetime import timedelta

import time_machine
from django.test import Client
from django.utils import timezone

from accounts.models import ApiToken
from accounts.services import api_token_create, api_token_revoke
from tests.factories import ResultFactory, place, region, user_with_role


def officer():
    return user_with_role("officer", username="ama", regions=[region("africa")])


def test_the_tokens_page_needs_a_signed_in_user(db, client):
    response = client.get("/accounts/api-tokens/")

    assert (response.status_code, response["Location"]) == (302, "/accounts/sign-in/?next=/accounts/api-tokens/")


def test_a_user_creates_a_token_and_sees_its_secret_once(db, client):
    user = officer()
    client.force_login(user)

    created = client.post("/accounts/api-tokens/", {"name": "Regional dashboard", "access": "write"})
    shown = client.get("/accounts/api-tokens/")
    shown_again = client.get("/accounts/api-tokens/")

    token = ApiToken.objects.get(user=user)
    secret = shown.context["new"]["secret"]
    assert (created.status_code, created["Location"]) == (302, "/accounts/api-tokens/")
    assert secret.startswith("rbm_") and len(secret) == 47
    assert secret in shown.content.decode()
    assert secret not in shown_again.content.decode()
    assert shown_again.context["new"] is None
    assert (token.name, token.access, token.prefix) == ("Regional dashboard", "write", secret[:12])
    assert token.key_hash == hashlib.sha256(secret.encode()).hexdigest()
    assert token.prefix in shown_again.content.decode()


def test_a_token_form_with_no_name_is_shown_again_with_the_error(db, client):
    client.force_login(officer())

    response = client.post("/accounts/api-tokens/", {"name": "", "access": "read"})

    assert response.status_code == 200
    assert response.context["form"].errors == {"name": ["This field is required."]}
    assert ApiToken.objects.count() == 0


def test_a_token_reads_the_api_as_its_user(db):
    user = officer()
    ResultFactory(place=place("Togo"), status="draft")
    secret = api_token_create(user=user, name="sync", access="read").secret

    as_token = Client(headers={"authorization": f"Token {secret}"}).get("/api/v1/results/")
    as_bearer = Client(headers={"authorization": f"Bearer {secret}"}).get("/api/v1/results/")
    anonymous = Client().get("/api/v1/results/")

    assert [item["status"] for item in as_token.json()["results"]] == ["draft"]
    assert as_bearer.json() == as_token.json()
    assert anonymous.json()["results"] == []


def test_using_a_token_records_when_at_most_once_a_minute(db):
    issued = api_token_create(user=officer(), name="sync")
    client = Client(headers={"authorization": f"Token {issued.secret}"})

    with time_machine.travel("2026-01-05 09:00Z", tick=False):
        client.get("/api/v1/regions/")
    with time_machine.travel("2026-01-05 09:00:30Z", tick=False):
        client.get("/api/v1/regions/")
    issued.token.refresh_from_db()
    first_use = issued.token.last_used_at
    with time_machine.travel("2026-01-05 09:02Z", tick=False):
        client.get("/api/v1/regions/")
    issued.token.refresh_from_db()

    assert first_use.isoformat() == "2026-01-05T09:00:00+00:00"
    assert issued.token.last_used_at - first_use == timedelta(minutes=2)


def test_a_read_only_token_cannot_write(db):
    secret = api_token_create(user=officer(), name="dashboard", access="read").secret

    response = Client(headers={"authorization": f"Token {secret}"}).post(
        "/api/v1/results/create/", {}, content_type="application/json"
    )

    assert (response.status_code, response.json()) == (
        403,
        {"detail": "This API token is read-only; create a read-and-write token to change data."},
    )


def test_a_revoked_token_is_refused_at_once(db, client):
    user = officer()
    issued = api_token_create(user=user, name="old laptop", access="write")
    client.force_login(user)

    revoked = client.post(f"/accounts/api-tokens/{issued.token.pk}/revoke/", follow=True)
    response = Client(headers={"authorization": f"Token {issued.secret}"}).get("/api/v1/regions/")

    assert "The token “old laptop” is revoked; clients using it are refused from now on." in revoked.content.decode()
    assert (response.status_code, response.json()) == (401, {"detail": "This API token was revoked."})
    assert response["WWW-Authenticate"] == 'Token realm="api"'
    issued.token.refresh_from_db()
    assert issued.token.revoked_at is not None


def test_revoking_twice_changes_nothing(db):
    user = officer()
    token = api_token_create(user=user, name="x").token
    first = api_token_revoke(user=user, token=token).revoked_at

    assert api_token_revoke(user=user, token=token).revoked_at == first


def test_nobody_revokes_someone_elses_token(db, client):
    token = api_token_create(user=officer(), name="mine").token
    client.force_login(user_with_role("manager", username="kofi"))

    response = client.post(f"/accounts/api-tokens/{token.pk}/revoke/")

    token.refresh_from_db()
    assert (response.status_code, token.revoked_at) == (404, None)


def test_a_wrong_or_malformed_token_answers_401(db):
    wrong = Client(headers={"authorization": "Token rbm_not-a-real-secret"}).get("/api/v1/regions/")
    malformed = Client(headers={"authorization": "Token two words"}).get("/api/v1/regions/")
    other_scheme = Client(headers={"authorization": "Basic dXNlcjpwYXNz"}).get("/api/v1/regions/")

    assert (wrong.status_code, wrong.json()) == (401, {"detail": "This API token is not valid."})
    assert (malformed.status_code, malformed.json()) == (
        401,
        {"detail": "Give the token as “Authorization: Token <secret>”, with no spaces in the secret."},
    )
    assert other_scheme.status_code == 200


def test_a_disabled_users_token_is_refused(db):
    user = officer()
    secret = api_token_create(user=user, name="x").secret
    user.is_active = False
    user.save()

    response = Client(headers={"authorization": f"Token {secret}"}).get("/api/v1/regions/")

    assert (response.status_code, response.json()) == (
        401,
        {"detail": "The account this API token belongs to is disabled."},
    )


def test_the_token_list_shows_each_tokens_state(db, client):
    user = officer()
    api_token_create(user=user, name="active one")
    with time_machine.travel(timezone.now() + timedelta(seconds=1)):
        revoked = api_token_create(user=user, name="revoked one").token
    api_token_revoke(user=user, token=revoked)
    client.force_login(user)

    page = client.get("/accounts/api-tokens/").content.decode()

    assert "Revoke “active one”" in page
    assert "Revoke “revoked one”" not in page
    assert "Revoked " in page
