"""Pieces of `extend_schema` shared by every API view, so the schema describes errors and formats truly."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse
from rest_framework import serializers

from rbm.api.renderers import CSV_MEDIA_TYPE, XLSX_MEDIA_TYPE

JSON = "application/json"


class ErrorSerializer(serializers.Serializer):
    """The body of every error but bad input: a sentence saying what went wrong."""

    detail = serializers.CharField()


class ConflictSerializer(serializers.Serializer):
    """Someone changed the record after the client read it: its current version and what changed."""

    class ChangeSerializer(serializers.Serializer):
        field = serializers.CharField()
        was = serializers.CharField(allow_blank=True)
        now = serializers.CharField(allow_blank=True)

    detail = serializers.CharField()
    version = serializers.IntegerField(required=False)
    changes = ChangeSerializer(many=True, required=False)


_ERRORS = {
    400: OpenApiResponse(
        OpenApiTypes.OBJECT,
        description='Bad input: field errors (`{"field": ["message"]}`) or `{"detail": "..."}`.',
    ),
    401: OpenApiResponse(ErrorSerializer, description="Not signed in, or the API token is not valid."),
    403: OpenApiResponse(ErrorSerializer, description="The role, scope or read-only token does not allow this."),
    404: OpenApiResponse(ErrorSerializer, description="Not found, or not visible to this client."),
    406: OpenApiResponse(ErrorSerializer, description="None of the accepted formats can be given."),
    409: OpenApiResponse(ConflictSerializer, description="The record changed since the client read it."),
    429: OpenApiResponse(ErrorSerializer, description="Too many requests; retry after the Retry-After seconds."),
}

READ_ERRORS = (400, 401, 404, 406, 429)
WRITE_ERRORS = (400, 401, 403, 404, 406, 429)


def error_responses(*codes: int) -> dict:
    """Error responses for `extend_schema(responses=...)`; errors are always JSON, whatever the format asked."""
    return {(code, JSON): _ERRORS[code] for code in codes}


NOT_MODIFIED = {304: OpenApiResponse(None, description="Not modified since the client's ETag or date.")}

ETAG_HEADER = OpenApiParameter(
    "ETag",
    str,
    OpenApiParameter.HEADER,
    response=[200],
    description="Identifies this answer; send it back in If-None-Match.",
)
LAST_MODIFIED_HEADER = OpenApiParameter(
    "Last-Modified",
    str,
    OpenApiParameter.HEADER,
    response=[200],
    description="When the data last changed; send it back in If-Modified-Since.",
)
VALIDATORS = [ETAG_HEADER]
"""Response headers of a read answering 304 on If-None-Match."""
DATED_VALIDATORS = [ETAG_HEADER, LAST_MODIFIED_HEADER]
"""Response headers of a read whose data carries a timestamp: 304 on If-None-Match or If-Modified-Since."""


FORMAT_PARAMETER = OpenApiParameter(
    "format",
    str,
    enum=["json", "csv", "xlsx"],
    description="json (the default), csv or xlsx; the Accept header works too.",
)


def list_responses(serializer, *, errors: tuple[int, ...] = READ_ERRORS) -> dict:
    """The 200 answers of a list endpoint in JSON, CSV and Excel, then 304 and the errors."""
    return {
        (200, JSON): serializer,
        (200, CSV_MEDIA_TYPE): OpenApiResponse(OpenApiTypes.STR, description="A table, one row per item."),
        (200, XLSX_MEDIA_TYPE): OpenApiResponse(OpenApiTypes.BINARY, description="The same table as a workbook."),
        **NOT_MODIFIED,
        **error_responses(*errors),
    }


def read_responses(serializer, *, errors: tuple[int, ...] = READ_ERRORS) -> dict:
    return {(200, JSON): serializer, **NOT_MODIFIED, **error_responses(*errors)}
