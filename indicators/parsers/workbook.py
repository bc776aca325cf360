"""Reading the bulk-entry workbook: its sheets, columns, header row and cells, each non-empty row keyed by column.

The rows are checked against the rules by the upload plan (`indicators.selectors.uploads.plan`).
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from io import BytesIO
from typing import Any
from zipfile import BadZipFile

from django.core.exceptions import ValidationError
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from openpyxl import Workbook, load_workbook
from openpyxl.utils.exceptions import InvalidFileException

from indicators.models import Indicator
from outcomes.models import Biennium

RESULTS_SHEET = "Results"
PLACES_SHEET = "Places"
ABOUT_SHEET = "About"
MAX_ROWS = 10_000
HEADER_SEARCH_ROWS = 10

NOT_A_WORKBOOK = _("This file is not an Excel workbook (.xlsx) that can be read; save it as .xlsx and try again.")
HEADERS_MISSING = _(
    "The first sheet has no header row naming the columns %(columns)s; start from the template of this indicator."
)
ENTITY_COLUMN_MISSING = _("Indicator %(code)s counts %(unit)s: the sheet needs a column “%(column)s”.")
OTHER_TEMPLATE = _(
    "This workbook is the template of indicator %(code)s for %(biennium)s; upload it from that indicator's page."
)
NO_ROWS = _("The workbook has no result rows under its header row.")
TOO_MANY_ROWS = _("The workbook has more than %(limit)d rows; split it into several uploads.")


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    width: int


def workbook_columns(*, indicator: Indicator) -> list[Column]:
    """The template's columns, in order; the entity column only for indicators counting entities."""
    columns = [Column("place", str(_("Member State or territory")), 28)]
    if not indicator.counts_places:
        columns.append(Column("entity_name", indicator.unit_singular.capitalize(), 32))
    columns += [
        Column("description", str(_("What changed")), 60),
        Column("evidence", str(_("Evidence")), 45),
        Column("criteria_met", str(_("Criteria met")), 14),
        Column("links", str(_("Links")), 40),
        Column("programme_outcome", str(_("CPO code")), 14),
        Column("version", str(_("Version (leave as it is)")), 12),
    ]
    return columns


def header_keys(indicator: Indicator) -> dict[str, str]:
    """Header text (folded) to column key, in the current language and in English."""
    keys = {}
    for language in {translation.get_language() or "en", "en"}:
        with translation.override(language):
            for column in workbook_columns(indicator=indicator):
                keys[column.label.casefold()] = column.key
    keys.update(
        {
            "place": "place",
            "country": "place",
            "entity": "entity_name",
            "version": "version",
            "cpo": "programme_outcome",
        }
    )
    return keys


def cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def criteria_text(numbers: Iterable[int]) -> str:
    return ", ".join(str(number) for number in numbers)


def shown_value(name: str, value: Any) -> str:
    if name == "criteria_met":
        return criteria_text(value) if value else "—"
    return value or ""


def read_workbook(content: bytes) -> Workbook:
    try:
        return load_workbook(BytesIO(content), read_only=True, data_only=True)
    except (BadZipFile, InvalidFileException, KeyError, ValueError, TypeError, IndexError, OSError):
        raise ValidationError({"workbook": NOT_A_WORKBOOK}) from None


def template_identity(workbook: Workbook) -> tuple[str, str] | None:
    if ABOUT_SHEET not in workbook.sheetnames:
        return None
    cells = list(workbook[ABOUT_SHEET].iter_rows(min_row=1, max_row=2, max_col=2, values_only=True))
    if len(cells) < 2:
        return None
    return cell_text(cells[0][1]), cell_text(cells[1][1])


def find_header(rows: Iterable[Sequence[object]], keys: dict[str, str]) -> tuple[int, dict[int, str]] | None:
    for number, values in enumerate(rows, start=1):
        found = {
            index: keys[cell_text(value).casefold()]
            for index, value in enumerate(values)
            if cell_text(value).casefold() in keys
        }
        if {"place", "description"} <= set(found.values()):
            return number, found
        if number >= HEADER_SEARCH_ROWS:
            return None
    return None


def workbook_parse(
    *, indicator: Indicator, biennium: Biennium, content: bytes
) -> tuple[list[str], list[tuple[int, dict[str, str]]]]:
    """The workbook's problems, and each non-empty row's number and cells keyed by column.

    Raises ValidationError when the file is not a readable workbook.
    """
    workbook = read_workbook(content)
    template = template_identity(workbook)
    if template is not None and template != (indicator.code, biennium.label):
        return [str(OTHER_TEMPLATE % {"code": template[0], "biennium": template[1]})], []

    sheet = workbook[RESULTS_SHEET] if RESULTS_SHEET in workbook.sheetnames else workbook.worksheets[0]
    rows = sheet.iter_rows(values_only=True)
    header = find_header(rows, header_keys(indicator))
    if header is None:
        labels = [
            column.label for column in workbook_columns(indicator=indicator) if column.key in {"place", "description"}
        ]
        return [str(HEADERS_MISSING % {"columns": " and ".join(f"“{label}”" for label in labels)})], []
    header_row, positions = header
    if not indicator.counts_places and "entity_name" not in positions.values():
        column = indicator.unit_singular.capitalize()
        return [str(ENTITY_COLUMN_MISSING % {"code": indicator.code, "unit": indicator.unit, "column": column})], []

    errors: list[str] = []
    cells: list[tuple[int, dict[str, str]]] = []
    for number, values in enumerate(rows, start=header_row + 1):
        row = {key: cell_text(values[index]) if index < len(values) else "" for index, key in positions.items()}
        if not any(row.values()):
            continue
        if len(cells) >= MAX_ROWS:
            errors.append(str(TOO_MANY_ROWS % {"limit": MAX_ROWS}))
            break
        cells.append((number, row))
    return errors, cells
