"""Log lines for signing in, failing to and signing out: who, from which address; never a password.
And, at sign-in, the session notes the sign-in guards read (`accounts.middleware`).

Connected in `AccountsConfig.ready()`.
"""

import logging
import time
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.http import HttpRequest

from accounts.middleware import SESSION_RENEWED_AT, two_factor_session_note
from rbm.client import client_address

logger = logging.getLogger(__name__)


def _address(request: HttpRequest | None) -> str:
    return client_address(request) if request is not None else ""


# Names are logged with %r, so a name holding a line break cannot forge a second log line.


def log_sign_in(*, request: HttpRequest | None, user: AbstractBaseUser, **kwargs: Any) -> None:
    logger.info("Sign-in: %r (user %s) from %s", user.get_username(), user.pk, _address(request))


def log_sign_in_failed(*, credentials: dict[str, Any], request: HttpRequest | None = None, **kwargs: Any) -> None:
    logger.warning("Failed sign-in for %r from %s", credentials.get("username", ""), _address(request))


def log_sign_out(*, request: HttpRequest | None, user: AbstractBaseUser | None, **kwargs: Any) -> None:
    if user is None:  # signing out without being signed in
        return
    logger.info("Sign-out: %r (user %s) from %s", user.get_username(), user.pk, _address(request))


def session_start(*, request: HttpRequest | None, user: AbstractBaseUser, **kwargs: Any) -> None:
    """Note in the new session whether the user has an authenticator device, and when it was last renewed."""
    session = getattr(request, "session", None)
    if request is None or session is None:
        return
    two_factor_session_note(request=request, user=user)
    session[SESSION_RENEWED_AT] = int(time.time())
