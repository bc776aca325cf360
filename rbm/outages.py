"""What a request gets when the database cannot be reached: 503 and a retry hint, never a server error.

Under /api/ the answer is JSON in the API's error shape; elsewhere the site's "temporarily unavailable"
page (templates/503.html), rendered without asking the database anything (the visitor is shown as
signed out, with no messages, since both live in the database).
"""

import logging

from django.contrib.auth.models import AnonymousUser
from django.contrib.messages.storage.cookie import CookieStorage
from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _

logger = logging.getLogger(__name__)

DATABASE_UNAVAILABLE = _(
    "The service is temporarily unavailable: its database cannot be reached. Try again in a minute."
)
RETRY_AFTER_SECONDS = 30


def database_unavailable_response(request: HttpRequest) -> HttpResponse:
    """503 for a request the database failed: JSON under /api/, the branded page elsewhere."""
    if request.path.startswith("/api/"):
        response: HttpResponse = JsonResponse({"detail": str(DATABASE_UNAVAILABLE)}, status=503)
    else:
        request.user = AnonymousUser()
        # The default message storage falls back on the session, kept in the database: cookies only here.
        request._messages = CookieStorage(request)
        response = TemplateResponse(request, "503.html", {"message": DATABASE_UNAVAILABLE}, status=503)
        response.render()
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response


class DatabaseUnavailableMiddleware:
    """Turn a lost or refused database connection, raised anywhere in a view, into a 503 answer."""

    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not isinstance(exception, OperationalError | InterfaceError):
            return None
        logger.error("Database unavailable while answering %s %s: %s", request.method, request.path, exception)
        return database_unavailable_response(request)
