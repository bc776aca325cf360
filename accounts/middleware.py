"""Per-request sign-in guards: two-factor completion and enrolment, idle sessions ending, and the form of a
user whose session ended kept until they sign in again.

Both read the session only (no query on an ordinary request): whether the user has an authenticator
device is noted in the session at sign-in and whenever it changes (`two_factor_session_note`).
"""

import time
from urllib.parse import parse_qs, urlencode, urlsplit

from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, resolve_url
from django.urls import reverse
from django_otp import DEVICE_ID_SESSION_KEY

from accounts.kept_forms import SESSION_KEPT_FORM, kept_form_store, kept_form_take
from accounts.rules import TWO_FACTOR_API_REFUSED
from accounts.selectors import two_factor_device, two_factor_required

SESSION_HAS_DEVICE = "rbm_two_factor_device"
SESSION_RENEWED_AT = "rbm_renewed_at"

# Reachable before the second factor is given: the two-factor pages themselves, signing out, the
# language switch, and what needs no user (static files, health).
_OPEN_PREFIXES = ("/accounts/two-factor/", "/accounts/sign-out/", "/i18n/", "/static/", "/health/")


def two_factor_session_note(*, request: HttpRequest, user) -> None:
    """Record in the session whether the user has a confirmed authenticator device."""
    request.session[SESSION_HAS_DEVICE] = two_factor_device(user=user) is not None


def _next_query(request: HttpRequest) -> str:
    if request.method != "GET":
        return ""
    return "?" + urlencode({"next": request.get_full_path()})


class TwoFactorMiddleware:
    """Hold a signed-in user at the two-factor pages until they give their code (or enrol, if required)."""

    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        try:
            answer = self._hold(request)
        except (OperationalError, InterfaceError):
            # The database is unreachable: let the view meet it, where the outage answer (503) is given.
            answer = None
        return answer if answer is not None else self.get_response(request)

    def _hold(self, request: HttpRequest) -> HttpResponse | None:
        user = request.user
        if not user.is_authenticated or request.path.startswith(_OPEN_PREFIXES):
            return None
        if SESSION_HAS_DEVICE not in request.session:  # a session from before this rule: note it once
            two_factor_session_note(request=request, user=user)
        if request.session[SESSION_HAS_DEVICE]:
            if request.session.get(DEVICE_ID_SESSION_KEY):
                return None
            target = "accounts:two-factor-verify"
        elif two_factor_required(user=user):
            target = "accounts:two-factor"
        else:
            return None
        if request.path.startswith("/api/"):
            return JsonResponse({"detail": str(TWO_FACTOR_API_REFUSED)}, status=403)
        return redirect(reverse(target) + _next_query(request))


class IdleSessionMiddleware:
    """End sessions left idle for `SESSION_COOKIE_AGE` seconds (`RBM_SESSION_IDLE_MINUTES`).

    The session's expiry is pushed back as it is used, at most once a minute (or once a tenth of the
    idle time, if shorter), so that ordinary reads do not write the session on every request."""

    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        session = getattr(request, "session", None)
        if session is None or response.status_code == 503 or session.is_empty():
            return response
        try:
            signed_in = request.user.is_authenticated
        except (OperationalError, InterfaceError):  # the database went away while answering
            return response
        if not signed_in:
            return response
        now = int(time.time())
        interval = min(60, max(1, settings.SESSION_COOKIE_AGE // 10))
        if now - int(session.get(SESSION_RENEWED_AT, 0)) >= interval:
            session[SESSION_RENEWED_AT] = now  # marks the session modified: saved with a fresh expiry
        return response


class KeptFormMiddleware:
    """Keep the form of a POST refused for want of a session (`login_required` sends it to sign in), and give it
    back on its page once the user has signed in again (`accounts.kept_forms`)."""

    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        kept = None
        if self._may_show(request):
            kept = kept_form_take(session=request.session, path=request.path)
        request.kept_form = kept  # type: ignore[attr-defined]
        response = self.get_response(request)
        if request.method == "POST" and self._sent_to_sign_in(request, response):
            page = kept_form_store(request=request)
            response["Location"] = resolve_url(settings.LOGIN_URL) + "?" + urlencode({"next": page})
        return response

    @staticmethod
    def _may_show(request: HttpRequest) -> bool:
        """A whole page (not an htmx fragment) for a signed-in user whose session holds a kept form."""
        return (
            request.method == "GET"
            and not request.headers.get("hx-request")
            and SESSION_KEPT_FORM in request.session
            and request.user.is_authenticated
        )

    @staticmethod
    def _sent_to_sign_in(request: HttpRequest, response: HttpResponse) -> bool:
        if response.status_code != 302 or request.path.startswith("/api/") or request.user.is_authenticated:
            return False
        # A browser whose session ended still sends its cookie; a script that never signed in sends none, and
        # storing its posts would only fill the session table.
        if settings.SESSION_COOKIE_NAME not in request.COOKIES:
            return False
        # login_required's answer: the sign-in page, to come back to this very address (not a form that merely
        # goes on to the sign-in page, such as the language switch on it).
        target = urlsplit(response["Location"])
        return target.path == resolve_url(settings.LOGIN_URL) and parse_qs(target.query).get("next") == [
            request.get_full_path()
        ]
