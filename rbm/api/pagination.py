"""Cursor pages: a stable order, no COUNT(*) of the table, and the same cost on page 1 and page 1,000."""

from datetime import datetime

from django.db.models import Q
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

    The view sets `ordering` (a tuple of model fields, the first one the cursor position) per request. An
    ordering with an id tiebreak (`ordering_with_tiebreak`) pages by both: the position is "value|id" and a
    page starts after that pair. DRF's own cursor holds the first field only and steps over equal values by
    an offset, which loses its way backwards when many rows share a value (a table imported in one write,
    whose results all carry the same time stamp).
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

    def _keyset(self) -> bool:
        return len(self.ordering) == 2 and self.ordering[1].lstrip("-") == "id"

    def _position_valid(self, position: str) -> bool:
        if self._keyset():
            position, separator, pk = position.rpartition("|")
            if not separator or not (pk.isdigit() and len(pk) < 19):
                return False
        if self.position_kind is int:
            return position.isdigit() and len(position) < 19
        if self.position_kind is datetime:
            try:
                return parse_datetime(position) is not None
            except ValueError:
                return False
        return True

    def _get_position_from_instance(self, instance, ordering):
        position = super()._get_position_from_instance(instance, ordering)
        if not self._keyset():
            return position
        pk = instance["id"] if isinstance(instance, dict) else instance.pk
        return f"{position}|{pk}"

    def paginate_queryset(self, queryset, request, view=None):
        """DRF's method with the filter after the cursor's position made a keyset one for "value|id" positions;
        the rest (pages, positions, links) is DRF's, unchanged."""
        self.request = request
        self.page_size = self.get_page_size(request)
        if not self.page_size:
            return None
        self.base_url = request.build_absolute_uri()
        self.ordering = self.get_ordering(request, queryset, view)
        self.cursor = self.decode_cursor(request)
        offset, reverse, current_position = (0, False, None) if self.cursor is None else self.cursor
        ordering = [f"-{field}" if not field.startswith("-") else field[1:] for field in self.ordering]
        queryset = queryset.order_by(*(ordering if reverse else self.ordering))
        if current_position is not None:
            queryset = queryset.filter(self._after(current_position, reverse=reverse))

        # One item more than the page, to know whether a page follows.
        results = list(queryset[offset : offset + self.page_size + 1])
        self.page = list(results[: self.page_size])
        has_following_position = len(results) > len(self.page)
        following_position = (
            self._get_position_from_instance(results[-1], self.ordering) if has_following_position else None
        )
        if reverse:
            self.page = list(reversed(self.page))
            self.has_next = current_position is not None or offset > 0
            self.has_previous = has_following_position
            if self.has_next:
                self.next_position = current_position
            if self.has_previous:
                self.previous_position = following_position
        else:
            self.has_next = has_following_position
            self.has_previous = current_position is not None or offset > 0
            if self.has_next:
                self.next_position = following_position
            if self.has_previous:
                self.previous_position = current_position
        if (self.has_previous or self.has_next) and self.template is not None:
            self.display_page_controls = True
        return self.page

    def _after(self, position: str, *, reverse: bool) -> Q:
        """The rows after `position` in the direction of travel: past its value, or at it and past its id."""
        field = self.ordering[0].lstrip("-")
        # (cursor reversed) XOR (ordering descending): the rows wanted are below the position.
        lookup = "lt" if reverse != self.ordering[0].startswith("-") else "gt"
        if not self._keyset():
            return Q(**{f"{field}__{lookup}": position})
        value, _separator, pk = position.rpartition("|")
        return Q(**{f"{field}__{lookup}": value}) | Q(**{field: value, f"id__{lookup}": int(pk)})


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
