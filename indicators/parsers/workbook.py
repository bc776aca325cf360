"""Reading the bulk-entry workbook: its sheets, columns, header row and cells, each non-empty row keyed by column.

The rows are checked against the rules by the upload plan (`indicators.selectors.uploads.plan`).
"""

import zipfile
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from io import BytesIO
from typing import Any
from xml.etree.ElementTree import ParseError
from zipfile import BadZipFile

from django.core.exceptions import ValidationError
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from openpyxl import Workbook, load_workbook
from openpyxl.utils import get_column_letter
from openpyxl.utils.exceptions import InvalidFileException

from indicators.models import Indicator
from outcomes.models import Biennium
from rbm.files import WorkbookRules, workbook_archive_check

RESULTS_SHEET = "Results"
PLACES_SHEET = "Places"
ABOUT_SHEET = "About"
MAX_ROWS = 10_000
HEADER_SEARCH_ROWS = 10
HEADER_SEARCH_COLUMNS = 50
# What a workbook may unpack to, checked on the zip directory before anything is parsed: a 1.5 MB file
# can otherwise hold a sheet of gigabytes (one huge cell, millions of empty rows).
MAX_MEMBERS = 500
MAX_MEMBER_MB = 64
MAX_UNPACKED_MB = 128
MAX_RATIO = 200  # unpacked / packed size of any member over 1 MB; real sheets stay far below
RATIO_FROM_BYTES = 1024 * 1024
# Rows read from the results sheet, empty ones included, and characters in a cell (Excel's own limit).
MAX_SHEET_ROWS = MAX_ROWS + 1_000
MAX_SHEET_CELLS = 250_000
CELL_MAX_CHARS = 32_767
XML_PROLOGUE_BYTES = 64 * 1024

NOT_A_WORKBOOK = _("This file is not an Excel workbook (.xlsx) that can be read; save it as .xlsx and try again.")
HEADERS_MISSING = _(
    "The first sheet has no header row naming the columns %(columns)s; start from the template of this indicator."
)
ENTITY_COLUMN_MISSING = _("Indicator %(code)s counts %(unit)s: the sheet needs a column “%(column)s”.")
OTHER_TEMPLATE = _(
    "This workbook is the template of indicator %(code)s for %(biennium)s; upload it from that indicator's page."
)
NO_ROWS = _("The workbook has no result rows under its header row.")
WORKBOOK_TOO_BIG = _(
    "This workbook unpacks to more than %(limit)d MB (%(part)s); it cannot be a results template. "
    "Remove what is not results and upload it again."
)
WORKBOOK_OVER_COMPRESSED = _(
    "This workbook's %(part)s unpacks to %(ratio)d times its packed size, which no results sheet does; "
    "it is refused unread."
)
WORKBOOK_TOO_MANY_PARTS = _("This workbook holds more than %(limit)d parts; it cannot be a results template.")
SHEET_TOO_MANY_ROWS = _(
    "The sheet has more than %(limit)d rows, empty ones included; delete the rows below your results and "
    "upload it again."
)
SHEET_TOO_MANY_CELLS = _(
    "The sheet has more than %(limit)d cells, empty ones included; delete what is not results and upload it again."
)
CELL_TOO_LONG = _("Row %(row)d, column %(column)s holds %(length)d characters; a cell may hold at most %(limit)d.")
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


# Whatever a malformed or hostile package makes openpyxl raise while it reads: "not a workbook". ParseError
# covers broken XML and entity amplification; ValueError covers defusedxml's refusal of entity declarations.
UNREADABLE = (
    BadZipFile,
    InvalidFileException,
    KeyError,
    ValueError,
    TypeError,
    IndexError,
    AttributeError,
    OSError,
    EOFError,
    ParseError,
    NotImplementedError,
    zipfile.LargeZipFile,
)


def _refused(message: Any) -> ValidationError:
    return ValidationError({"workbook": message})


RULES = WorkbookRules(
    field="workbook",
    members=MAX_MEMBERS,
    member_mb=MAX_MEMBER_MB,
    unpacked_mb=MAX_UNPACKED_MB,
    sheet_rows=MAX_SHEET_ROWS,
    sheet_cells=MAX_SHEET_CELLS,
    ratio=MAX_RATIO,
    ratio_from_bytes=RATIO_FROM_BYTES,
    prologue_bytes=XML_PROLOGUE_BYTES,
    not_a_workbook=NOT_A_WORKBOOK,
    too_big=WORKBOOK_TOO_BIG,
    over_compressed=WORKBOOK_OVER_COMPRESSED,
    too_many_parts=WORKBOOK_TOO_MANY_PARTS,
    too_many_rows=SHEET_TOO_MANY_ROWS,
    too_many_cells=SHEET_TOO_MANY_CELLS,
)


def read_workbook(content: bytes) -> Workbook:
    workbook_archive_check(content, rules=RULES)
    try:
        return load_workbook(BytesIO(content), read_only=True, data_only=True)
    except UNREADABLE:
        raise _refused(NOT_A_WORKBOOK) from None


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

    Raises ValidationError when the file is not a readable workbook, is too big, or has too many rows or
    too long a cell.
    """
    workbook = read_workbook(content)
    try:
        return _parse(workbook, indicator=indicator, biennium=biennium)
    except UNREADABLE:
        raise _refused(NOT_A_WORKBOOK) from None
    finally:
        workbook.close()


def _bounded_rows(sheet: Any, *, max_col: int) -> Iterator[tuple]:
    """The sheet's rows up to `max_col` columns, at most MAX_SHEET_ROWS of them (empty ones count)."""
    for number, values in enumerate(sheet.iter_rows(values_only=True, max_col=max_col), start=1):
        if number > MAX_SHEET_ROWS:
            raise _refused(SHEET_TOO_MANY_ROWS % {"limit": MAX_SHEET_ROWS})
        for index, value in enumerate(values):
            if isinstance(value, str) and len(value) > CELL_MAX_CHARS:
                raise _refused(
                    CELL_TOO_LONG
                    % {
                        "row": number,
                        "column": get_column_letter(index + 1),
                        "length": len(value),
                        "limit": CELL_MAX_CHARS,
                    }
                )
        yield values


def _parse(
    workbook: Workbook, *, indicator: Indicator, biennium: Biennium
) -> tuple[list[str], list[tuple[int, dict[str, str]]]]:
    template = template_identity(workbook)
    if template is not None and template != (indicator.code, biennium.label):
        return [str(OTHER_TEMPLATE % {"code": template[0], "biennium": template[1]})], []

    sheet = workbook[RESULTS_SHEET] if RESULTS_SHEET in workbook.sheetnames else workbook.worksheets[0]
    header = find_header(_bounded_rows(sheet, max_col=HEADER_SEARCH_COLUMNS), header_keys(indicator))
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
    rows = _bounded_rows(sheet, max_col=max(positions) + 1)
    for _skipped in zip(range(header_row), rows, strict=False):
        pass  # the header and the rows above it
    for number, values in enumerate(rows, start=header_row + 1):
        row = {key: cell_text(values[index]) if index < len(values) else "" for index, key in positions.items()}
        if not any(row.values()):
            continue
        if len(cells) >= MAX_ROWS:
            errors.append(str(TOO_MANY_ROWS % {"limit": MAX_ROWS}))
            break
        cells.append((number, row))
    return errors, cells
