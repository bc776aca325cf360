"""Log lines for signing in, failing to and signing out: who, from which address; never a password.

Connected in `AccountsConfig.ready()`. They only log: no rule of the platform depends on them.
"""

import logging
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.http import HttpRequest

logger = logging.getLogger(__name__)


def _address(request: HttpRequest | None) -> str:
    return request.META.get("REMOTE_ADDR", "") if request is not None else ""


# Names are logged with %r, so a name holding a line break cannot forge a second log line.


def log_sign_in(*, request: HttpRequest | None, user: AbstractBaseUser, **kwargs: Any) -> None:
    logger.info("Sign-in: %r (user %s) from %s", user.get_username(), user.pk, _address(request))


def log_sign_in_failed(*, credentials: dict[str, Any], request: HttpRequest | None = None, **kwargs: Any) -> None:
    logger.warning("Failed sign-in for %r from %s", credentials.get("username", ""), _address(request))


def log_sign_out(*, request: HttpRequest | None, user: AbstractBaseUser | None, **kwargs: Any) -> None:
    if user is None:  # signing out without being signed in
        return
    logger.info("Sign-out: %r (user %s) from %s", user.get_username(), user.pk, _address(request))
