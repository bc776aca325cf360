"""Per-request sign-in guards: two-factor completion and enrolment, and idle sessions ending.

Both read the session only (no query on an ordinary request): whether the user has an authenticator
device is noted in the session at sign-in and whenever it changes (`two_factor_session_note`).
"""

import time
from urllib.parse import urlencode

from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django_otp import DEVICE_ID_SESSION_KEY

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
