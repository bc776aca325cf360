"""Conditional GET for API reads: ETag and Last-Modified on every answer, 304 Not Modified when unchanged.

The ETag is a hash of the data as the client would receive it (with its format), so it changes
exactly when the answer does, whoever asks. Last-Modified is given where the data carries a reliable
timestamp; with it, `not_modified_since()` can answer 304 before the answer is built.
"""

import hashlib
import json
from datetime import datetime

from django.http import HttpResponseNotModified
from django.utils.cache import get_conditional_response, patch_vary_headers
from django.utils.http import http_date, quote_etag
from rest_framework.response import Response
from rest_framework.utils.encoders import JSONEncoder

VARY = ("Accept", "Accept-Language", "Authorization", "Cookie")


def data_etag(data, *, variant: str = "") -> str:
    """A strong ETag for `data` as rendered in the `variant` format."""
    body = json.dumps(data, cls=JSONEncoder, sort_keys=True, ensure_ascii=False)
    return quote_etag(hashlib.sha256(f"{variant}\n{body}".encode()).hexdigest()[:40])


def _timestamp(moment: datetime | None) -> int | None:
    return int(moment.timestamp()) if moment is not None else None


def _validators(response, *, etag: str | None, last_modified: datetime | None):
    if etag is not None:
        response["ETag"] = etag
    if last_modified is not None:
        response["Last-Modified"] = http_date(_timestamp(last_modified))
    patch_vary_headers(response, VARY)
    return response


def _variant(request) -> str:
    renderer = getattr(request, "accepted_renderer", None)
    return getattr(renderer, "format", "") or ""


def not_modified_since(request, *, last_modified: datetime | None):
    """A 304 answer when the client sent only If-Modified-Since and nothing changed since; else None."""
    if last_modified is None or "if-none-match" in request.headers:
        return None
    if "if-modified-since" not in request.headers:
        return None
    answer = get_conditional_response(request._request, last_modified=_timestamp(last_modified))
    if answer is None:
        return None
    return _validators(HttpResponseNotModified(), etag=None, last_modified=last_modified)


def conditional_response(request, data, *, last_modified: datetime | None = None, status: int = 200, headers=None):
    """Answer `data` with its validators, or 304 Not Modified if the client already holds it."""
    etag = data_etag(data, variant=_variant(request))
    answer = get_conditional_response(request._request, etag=etag, last_modified=_timestamp(last_modified))
    if answer is not None and answer.status_code == 304:
        return _validators(HttpResponseNotModified(), etag=etag, last_modified=last_modified)
    return _validators(Response(data, status=status, headers=headers), etag=etag, last_modified=last_modified)
