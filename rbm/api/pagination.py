"""Cursor pages: a stable order, no COUNT(*) of the table, and the same cost on page 1 and page 1,000."""

from datetime import datetime

from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext_lazy as _
from rest_framework import pagination, serializers
from rest_framework.exceptions import NotFound

CURSOR_INVALID = _("This cursor is not valid; follow the “next” and “previous” links as given.")

DEFAULT_PAGE_SIZE = 50
MAX_PAGE_SIZE = 500


def ordering_choices(*fields: str) -> list[str]:
    """The values of an `ordering` filter over `fields`: each field ascending and descending."""
    return [value for name in fields for value in (name, f"-{name}")]


def ordering_with_tiebreak(ordering: str) -> tuple[str, ...]:
    """Order by `ordering`, then by id in the same direction, so equal values keep one stable order."""
    if ordering.lstrip("-") == "id":
        return (ordering,)
    return (ordering, "-id" if ordering.startswith("-") else "id")


class CursorPagination(pagination.CursorPagination):
    """DRF's cursor pagination, with a client page size and cursors checked before they reach the database.

    The view sets `ordering` (a tuple of model fields, the first one the cursor position) per request.
    """

    page_size = DEFAULT_PAGE_SIZE
    page_size_query_param = "page_size"
    max_page_size = MAX_PAGE_SIZE
    ordering = ("id",)
    invalid_cursor_message = CURSOR_INVALID

    def __init__(self, *, ordering: tuple[str, ...] | None = None, position_kind: type = int) -> None:
        if ordering is not None:
            self.ordering = ordering
        self.position_kind = position_kind

    def decode_cursor(self, request):
        cursor = super().decode_cursor(request)
        if cursor is not None and cursor.position is not None and not self._position_valid(cursor.position):
            raise NotFound(self.invalid_cursor_message)
        return cursor

    def _position_valid(self, position: str) -> bool:
        if self.position_kind is int:
            return position.isdigit() and len(position) < 19
        if self.position_kind is datetime:
            try:
                return parse_datetime(position) is not None
            except ValueError:
                return False
        return True


def paginated(serializer_class: type[serializers.Serializer], *, name: str) -> type[serializers.Serializer]:
    """The schema of a cursor page of `serializer_class` items: next, previous and results."""
    return type(
        name,
        (serializers.Serializer,),
        {
            "__doc__": "A page of results with links to the next and previous pages (null at either end).",
            "next": serializers.URLField(allow_null=True),
            "previous": serializers.URLField(allow_null=True),
            "results": serializer_class(many=True),
        },
    )
