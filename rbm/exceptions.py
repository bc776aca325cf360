"""One error model for services, pages and the API.

Services raise `django.core.exceptions.ValidationError` for bad input and `ApplicationError` when a
business rule refuses the request. The API handler turns both into `{"detail": ...}` or field errors.
"""

import logging
import sys

from django.conf import settings
from django.core.exceptions import PermissionDenied, RequestDataTooBig, SuspiciousOperation
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import InterfaceError, OperationalError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.template import loader
from django.utils.formats import number_format
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.views import defaults
from rest_framework import exceptions, status
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.serializers import as_serializer_error
from rest_framework.views import exception_handler

from rbm.outages import database_unavailable_response

NUL_REFUSED = _("The request contains a NUL character, which is not allowed.")
BODY_TOO_LARGE = _("The request body is larger than the %(limit)s bytes this service accepts.")
REQUEST_UNREADABLE = _("The request cannot be read: %(reason)s")


class ApplicationError(Exception):
    """A business rule refused the request; `message` is shown to the user as it is."""

    status_code: int = status.HTTP_400_BAD_REQUEST

    def __init__(self, message: str | Promise, *, extra: dict | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.extra = extra or {}


class NotAllowed(ApplicationError):
    """The user's role or scope does not allow the action."""

    status_code = status.HTTP_403_FORBIDDEN


class ConflictError(ApplicationError):
    """The record changed since the user read it."""

    status_code = status.HTTP_409_CONFLICT


def _answer_errors_in_json(context) -> None:
    """An error asked for as CSV or Excel is still answered in JSON, the one error format."""
    request = context.get("request")
    renderer = getattr(request, "accepted_renderer", None)
    if renderer is not None and not isinstance(renderer, JSONRenderer) and renderer.format != "api":
        request.accepted_renderer = JSONRenderer()
        request.accepted_media_type = JSONRenderer.media_type


def body_too_large_message(limit: int | None = None) -> str:
    limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE if limit is None else limit
    return str(BODY_TOO_LARGE % {"limit": number_format(limit, force_grouping=True)})


def api_exception_handler(exc, context):
    _answer_errors_in_json(context)
    # Django refuses an over-size or over-long form body while the view reads it: still a 400 in JSON.
    if isinstance(exc, RequestDataTooBig):
        return Response({"detail": body_too_large_message()}, status=status.HTTP_400_BAD_REQUEST)
    if isinstance(exc, SuspiciousOperation):
        return Response({"detail": str(REQUEST_UNREADABLE % {"reason": exc})}, status=status.HTTP_400_BAD_REQUEST)
    if isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(as_serializer_error(exc))
    elif isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied()

    if isinstance(exc, ApplicationError):
        return Response({"detail": exc.message, **exc.extra}, status=exc.status_code)

    response = exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, exceptions.ValidationError) and isinstance(response.data, list):
        response.data = {"detail": response.data}
    elif isinstance(exc, exceptions.ValidationError) and "non_field_errors" in response.data:
        response.data["detail"] = response.data.pop("non_field_errors")
    return response


logger = logging.getLogger(__name__)

# The error pages (templates/400.html, 403.html, 404.html, 500.html): in the site's frame and the
# reader's language. Under /api/ the same errors answer in the API's JSON shape.
BAD_REQUEST = _("The request could not be understood: it may be malformed or too large.")
CSRF_FAILED = _(
    "The form could not be sent because its security token is missing or expired. "
    "Go back, reload the page and send the form again."
)
PERMISSION_DENIED = _("You are not allowed to see this page.")
SERVER_ERROR = _("Something went wrong on our side. The error has been recorded; please try again later.")


def is_api(request: HttpRequest) -> bool:
    return request.path_info.startswith("/api/")


def bad_request_response(request: HttpRequest, message: str | Promise) -> HttpResponse:
    """400 with `message`: `{"detail": message}` under /api/, the 400 page saying it elsewhere."""
    if is_api(request):
        return JsonResponse({"detail": str(message)}, status=400)
    return render(request, "400.html", {"message": message}, status=400)


def bad_request(request, exception=None):
    """400 for a request Django refused before any view (a bad host, a malformed or over-size body)."""
    if is_api(request):
        return JsonResponse({"detail": str(BAD_REQUEST)}, status=400)
    return render(request, "400.html", {"message": BAD_REQUEST}, status=400)


def permission_denied(request, exception=None):
    """403 for a view that raised PermissionDenied."""
    if is_api(request):
        return JsonResponse({"detail": str(exceptions.PermissionDenied.default_detail)}, status=403)
    return render(request, "403.html", {"message": PERMISSION_DENIED}, status=403)


def csrf_failure(request, reason=""):
    """403 for a form sent without a valid CSRF token: say what to do, in the site's frame."""
    if is_api(request):
        return JsonResponse({"detail": str(CSRF_FAILED)}, status=403)
    return render(request, "403.html", {"message": CSRF_FAILED}, status=403)


def not_found(request, exception=None):
    """404 for a URL nothing answers: in JSON under /api/, as the API's own errors are; a page elsewhere."""
    if is_api(request):
        return JsonResponse({"detail": str(exceptions.NotFound.default_detail)}, status=404)
    return defaults.page_not_found(request, exception)


def server_error(request):
    """500: the site's page, with the reader's frame when it can be drawn, else without the signed-in parts.

    A lost database raised outside a view (by a middleware reading the session, say) reaches here rather
    than the outage middleware: it is the same 503 as one raised in a view."""
    failure = sys.exc_info()[1]
    if isinstance(failure, OperationalError | InterfaceError):
        logger.error("Database unavailable while answering %s %s: %s", request.method, request.path, failure)
        return database_unavailable_response(request)
    if is_api(request):
        return JsonResponse({"detail": str(SERVER_ERROR)}, status=500)
    try:
        return render(request, "500.html", {"message": SERVER_ERROR}, status=500)
    except Exception:  # the failure may lie in what the frame reads (the session, the database)
        logger.exception("The error page could not be drawn with the request; drawn without it")
        body = loader.get_template("500.html").render({"message": SERVER_ERROR})
        return HttpResponse(body, status=500)


def refused_response(
    request: HttpRequest, error: ApplicationError, *, title: str = "", back_url: str = "", back_label: str = ""
) -> HttpResponse:
    """The page saying why a service refused the request (`partials/refused.html`): 403 when not allowed, else 400."""
    context = {"message": error.message, "title": title, "back_url": back_url, "back_label": back_label}
    return render(
        request, "partials/refused.html", context, status=error.status_code if isinstance(error, NotAllowed) else 400
    )
