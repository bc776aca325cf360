"""Two-factor sign-in with an authenticator app (issue 12, point 4): enrolment with a QR code drawn by
us, the code asked after the password, and required for administrators and managers with RBM_REQUIRE_2FA."""

import base64

import pytest
from django.test import Client
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.factories import PASSWORD, user_with_role

pytestmark = pytest.mark.django_db


def _code(device: TOTPDevice, *, offset: int = 0) -> str:
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits) + offset:06d}"[-6:]


def _signed_in(username: str, role: str = "officer") -> Client:
    user_with_role(role, username=username)
    client = Client()
    response = client.post("/accounts/sign-in/", {"username": username, "password": PASSWORD})
    assert response.status_code == 302
    return client


def _enrol(client: Client) -> TOTPDevice:
    client.get("/accounts/two-factor/")
    device = TOTPDevice.objects.get(confirmed=False)
    response = client.post("/accounts/two-factor/", {"code": _code(device)})
    assert response.status_code == 302
    device.refresh_from_db()
    assert device.confirmed
    return device


def test_the_enrolment_page_shows_a_qr_code_served_by_us_and_the_secret():
    client = _signed_in("ama")

    page = client.get("/accounts/two-factor/")
    qr = client.get("/accounts/two-factor/qr.svg")

    device = TOTPDevice.objects.get(user__username="ama", confirmed=False)
    html = page.content.decode()
    assert page.status_code == 200
    assert '<img class="qr-code" src="/accounts/two-factor/qr.svg"' in html
    assert "no-store" in page["Cache-Control"]
    assert qr.status_code == 200
    assert qr["Content-Type"] == "image/svg+xml"
    assert "no-store" in qr["Cache-Control"]
    assert qr.content.startswith(b"<svg")
    secret = base64.b32encode(device.bin_key).decode().rstrip("=")
    assert " ".join(secret[i : i + 4] for i in range(0, len(secret), 4)) in html
    # The QR code encodes the otpauth URL of this very device.
    assert device.config_url.startswith("otpauth://totp/RBM%3Aama?secret=")


def test_a_wrong_code_does_not_enrol_and_says_why():
    client = _signed_in("ama")
    client.get("/accounts/two-factor/")
    device = TOTPDevice.objects.get(confirmed=False)

    response = client.post("/accounts/two-factor/", {"code": "000000" if _code(device) != "000000" else "111111"})

    assert response.status_code == 200
    assert "That code is not right." in response.content.decode()
    device.refresh_from_db()
    assert not device.confirmed


def test_after_enrolment_signing_in_asks_for_the_code_before_anything_else():
    client = _signed_in("ama")
    device = _enrol(client)
    client.post("/accounts/sign-out/")

    client.post("/accounts/sign-in/", {"username": "ama", "password": PASSWORD})
    held = client.get("/accounts/api-tokens/")
    api = client.get("/api/v1/results/")
    verify = client.get(held["Location"])

    assert held.status_code == 302
    assert held["Location"] == "/accounts/two-factor/verify/?next=%2Faccounts%2Fapi-tokens%2F"
    assert api.status_code == 403
    assert api.json()["detail"].startswith("Two-factor sign-in is not complete")
    assert "Enter the code from your authenticator app to finish signing in." in verify.content.decode()

    TOTPDevice.objects.filter(pk=device.pk).update(last_t=-1)  # the enrolment code may be reused in this step
    done = client.post("/accounts/two-factor/verify/", {"code": _code(device), "next": "/accounts/api-tokens/"})

    assert done.status_code == 302
    assert done["Location"] == "/accounts/api-tokens/"
    assert client.get("/accounts/api-tokens/").status_code == 200


def test_a_wrong_code_at_sign_in_is_refused_and_logged(caplog):
    client = _signed_in("ama")
    device = _enrol(client)
    client.post("/accounts/sign-out/")
    client.post("/accounts/sign-in/", {"username": "ama", "password": PASSWORD})
    wrong = "000000" if _code(device) != "000000" else "111111"

    response = client.post("/accounts/two-factor/verify/", {"code": wrong})

    assert response.status_code == 200
    assert "That code is not right." in response.content.decode()
    assert client.get("/dashboard/").status_code == 302
    assert any(r.getMessage().startswith("Wrong two-factor code for 'ama'") for r in caplog.records)


def test_the_admin_is_held_at_the_code_too(django_user_model):
    client = _signed_in("root", role="administrator")
    django_user_model.objects.filter(username="root").update(is_staff=True, is_superuser=True)
    _enrol(client)
    client.post("/accounts/sign-out/")

    client.post("/admin/login/?next=/admin/", {"username": "root", "password": PASSWORD})
    response = client.get("/admin/")

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/two-factor/verify/")


@pytest.mark.parametrize("role", ["administrator", "manager"])
def test_with_rbm_require_2fa_administrators_and_managers_must_enrol_first(settings, role):
    settings.RBM_REQUIRE_2FA = True
    client = _signed_in("boss", role=role)

    response = client.get("/dashboard/")

    assert response.status_code == 302
    assert response["Location"] == "/accounts/two-factor/?next=%2Fdashboard%2F"
    page = client.get(response["Location"])
    assert "Your role requires two-factor sign-in." in page.content.decode()

    device = TOTPDevice.objects.get(confirmed=False)
    enrolled = client.post("/accounts/two-factor/", {"code": _code(device), "next": "/dashboard/"})

    assert enrolled["Location"] == "/dashboard/"
    assert client.get("/dashboard/").status_code == 200


@pytest.mark.parametrize("role", ["officer", "viewer"])
def test_with_rbm_require_2fa_other_roles_may_go_on_without(settings, role):
    settings.RBM_REQUIRE_2FA = True
    client = _signed_in("ama", role=role)

    assert client.get("/dashboard/").status_code == 200


def test_without_rbm_require_2fa_nobody_is_held(settings):
    settings.RBM_REQUIRE_2FA = False
    client = _signed_in("boss", role="administrator")

    assert client.get("/dashboard/").status_code == 200


def test_a_required_user_cannot_turn_it_off_and_others_need_a_current_code(settings):
    client = _signed_in("ama")
    device = _enrol(client)

    wrong = client.post("/accounts/two-factor/off/", {"code": "abc"})
    assert wrong.status_code == 400
    assert TOTPDevice.objects.filter(pk=device.pk).exists()

    # django-otp's throttle counts the wrong code (the next try must wait); clear it for this test.
    TOTPDevice.objects.filter(pk=device.pk).update(throttling_failure_count=0, last_t=-1)
    off = client.post("/accounts/two-factor/off/", {"code": _code(device)})
    assert off.status_code == 302
    assert not TOTPDevice.objects.filter(user__username="ama").exists()

    settings.RBM_REQUIRE_2FA = True
    boss = _signed_in("boss", role="manager")
    _enrol(boss)
    refused = boss.post("/accounts/two-factor/off/", {"code": "123456"}, follow=True)
    assert "Your role requires two-factor sign-in: it cannot be turned off." in refused.content.decode()
    assert TOTPDevice.objects.filter(user__username="boss").exists()


def test_the_qr_code_of_a_confirmed_device_is_never_shown_again():
    client = _signed_in("ama")
    _enrol(client)

    assert client.get("/accounts/two-factor/qr.svg").status_code == 404
    page = client.get("/accounts/two-factor/")
    assert "Two-factor sign-in is on" in page.content.decode()
    assert "qr.svg" not in page.content.decode()


def test_administrators_can_remove_a_lost_device_in_the_admin_but_never_read_its_secret(django_user_model):
    client = _signed_in("ama")
    device = _enrol(client)
    root = django_user_model.objects.create_superuser("root", "root@example.org", PASSWORD)
    admin = Client()
    admin.force_login(root)

    page = admin.get(f"/admin/otp_totp/totpdevice/{device.pk}/change/")
    listing = admin.get("/admin/otp_totp/totpdevice/")

    assert page.status_code == 200
    assert device.key not in page.content.decode()
    assert "qrcode" not in listing.content.decode()
    assert admin.post(f"/admin/otp_totp/totpdevice/{device.pk}/delete/", {"post": "yes"}).status_code == 302
    assert not TOTPDevice.objects.filter(pk=device.pk).exists()
