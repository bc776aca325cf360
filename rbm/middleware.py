"""Requests refused before any view reads them (a NUL character in the address, an over-size API body),
and the language one answer is asked in (``?lang=``).

Both would otherwise reach the database (PostgreSQL refuses NUL in text) or the JSON parser (DRF reads an
API body whatever its size) and end as a server error. Under /api/ the answer is the API's error shape,
`{"detail": ...}`; elsewhere the page every refused request gets.
"""

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import translation
from django.utils.cache import patch_vary_headers

from rbm.exceptions import NUL_REFUSED, bad_request_response, body_too_large_message, is_api


def _has_nul(request: HttpRequest) -> bool:
    if "\x00" in request.path_info:
        return True
    return any("\x00" in key or any("\x00" in value for value in values) for key, values in request.GET.lists())


def _declared_length(request: HttpRequest) -> int:
    try:
        return int(request.headers.get("content-length") or 0)
    except ValueError:
        return 0


class BadRequestMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if _has_nul(request):
            return bad_request_response(request, NUL_REFUSED)
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        content_type = request.headers.get("content-type", "")
        # Multipart bodies are sized by Django's parser (files apart); any other API body is read whole.
        if (
            is_api(request)
            and limit is not None
            and not content_type.startswith("multipart/")
            and _declared_length(request) > limit
        ):
            return bad_request_response(request, body_too_large_message(limit))
        return self.get_response(request)


class LanguageParameterMiddleware:
    """Answer in the language a ``?lang=fr`` asks for, a code of the site's languages only.

    Placed after LocaleMiddleware (which reads the session, the cookie and ``Accept-Language``): a link or
    an API client names the language of one answer without changing anyone's choice. Any other value is
    ignored, and the answer is in the language LocaleMiddleware chose.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        asked = request.GET.get("lang", "")
        if asked in {code for code, _name in settings.LANGUAGES}:
            translation.activate(asked)
            request.LANGUAGE_CODE = asked
        response = self.get_response(request)
        if asked:
            patch_vary_headers(response, ("Accept-Language",))
        return response
