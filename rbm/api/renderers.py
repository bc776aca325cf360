"""CSV and Excel beside JSON for list endpoints: `?format=csv`, `?format=xlsx`, or the Accept header.

A list view adds `TABULAR_RENDERERS` to its `renderer_classes` and names its columns in
`tabular_columns`: `(heading, path)` pairs, where `path` is a dotted path into each item of the JSON
output ("place.iso3"). Lists of values become one cell, joined with "; ". Errors are always answered
in JSON (see `rbm.exceptions.api_exception_handler`).
"""

import io
from collections.abc import Iterable

from openpyxl import Workbook
from openpyxl.styles import Font
from rest_framework import renderers

from rbm.cells import csv_writer, xlsx_append, xlsx_cell

CSV_MEDIA_TYPE = "text/csv"
XLSX_MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

_MISSING = object()


def _value_at(item, path: str):
    value = item
    for key in path.split("."):
        if not isinstance(value, dict):
            return None
        value = value.get(key, _MISSING)
        if value is _MISSING:
            return None
    return value


def _flatten(item: dict, prefix: str = "") -> dict:
    flat = {}
    for key, value in item.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict):
            flat.update(_flatten(value, prefix=f"{name}."))
        else:
            flat[name] = value
    return flat


def _cell(value):
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list | tuple):
        return "; ".join(str(_cell(element)) for element in value)
    if isinstance(value, dict):
        return "; ".join(f"{key}: {_cell(element)}" for key, element in value.items())
    return value


class TabularRenderer(renderers.BaseRenderer):
    """Render a list of JSON items (or the `results` of a page) as a table."""

    def table(self, data, renderer_context) -> tuple[list[str], Iterable[list]]:
        items = data.get("results", [data]) if isinstance(data, dict) else list(data or [])
        view = (renderer_context or {}).get("view")
        columns = getattr(view, "tabular_columns", None)
        if columns is None:
            flat_items = [_flatten(item) for item in items]
            headings = list(dict.fromkeys(key for item in flat_items for key in item))
            return headings, ([_cell(item.get(key)) for key in headings] for item in flat_items)
        headings = [heading for heading, _path in columns]
        return headings, ([_cell(_value_at(item, path)) for _heading, path in columns] for item in items)

    def attach(self, renderer_context) -> None:
        response = (renderer_context or {}).get("response")
        view = (renderer_context or {}).get("view")
        if response is not None and not response.exception:
            name = getattr(view, "tabular_filename", "export")
            response["Content-Disposition"] = f'attachment; filename="{name}.{self.format}"'


class CSVRenderer(TabularRenderer):
    media_type = CSV_MEDIA_TYPE
    format = "csv"
    charset = "utf-8"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        if data is None:
            return b""
        self.attach(renderer_context)
        headings, rows = self.table(data, renderer_context)
        buffer = io.StringIO()
        writer = csv_writer(buffer)
        writer.writerow(headings)
        for row in rows:
            writer.writerow(row)
        return buffer.getvalue().encode(self.charset)


class XLSXRenderer(TabularRenderer):
    media_type = XLSX_MEDIA_TYPE
    format = "xlsx"
    charset = None
    render_style = "binary"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        if data is None:
            return b""
        self.attach(renderer_context)
        headings, rows = self.table(data, renderer_context)
        workbook = Workbook(write_only=True)
        view = (renderer_context or {}).get("view")
        sheet = workbook.create_sheet(title=getattr(view, "tabular_filename", "export")[:31])
        bold = Font(bold=True)
        heading_cells = []
        for heading in headings:
            cell = xlsx_cell(sheet, heading)
            cell.font = bold
            heading_cells.append(cell)
        sheet.append(heading_cells)
        for row in rows:
            xlsx_append(sheet, row)
        buffer = io.BytesIO()
        workbook.save(buffer)
        return buffer.getvalue()


TABULAR_RENDERERS = [CSVRenderer, XLSXRenderer]
