"""The one writer of spreadsheet cells: every workbook and CSV file RBM writes goes through it.

Spreadsheet programs run a cell that starts with `=`, `+`, `-` or `@` (or a tab or carriage return before
one) as a formula, which can read other cells, open links or start programs ("CSV injection", OWASP).
In a workbook, text is written as a text cell with Excel's quote prefix, so it is never a formula and is
read back exactly as it was stored (the bulk-entry template's round trip depends on it). A CSV file has no
cell types: text that a spreadsheet would start a formula with, at its start or after a separator a
program may split the line at (`safe;=1+1` opened with `;` as the separator), gets an apostrophe there.
"""

import csv
import re
from collections.abc import Iterable
from typing import Any

from django.utils.functional import Promise
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell
from openpyxl.worksheet.worksheet import Worksheet

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n")
# A formula start at the beginning of the text, or right after a character a CSV reader may split cells or
# lines at (with any blanks in between, which spreadsheet programs skip).
_CSV_FORMULA = re.compile(r"(^|[,;\t|\r\n])([ \t\r\n]*)(?=[=+\-@])")


def text_is_formula_like(value: str) -> bool:
    return value.startswith(FORMULA_STARTS) or value.lstrip(" \t\r\n").startswith(FORMULA_STARTS[:4])


def csv_value(value: Any) -> Any:
    """`value` as a CSV cell: text that a spreadsheet would read as a formula gets an apostrophe before it."""
    if isinstance(value, Promise):
        value = str(value)
    if not isinstance(value, str):
        return value
    return _CSV_FORMULA.sub(r"\1\2'", value)


def csv_row(values: Iterable[Any]) -> list[Any]:
    return [csv_value(value) for value in values]


class SafeCSVWriter:
    """`csv.writer` whose rows go through `csv_value`; lines end in CRLF, as RFC 4180 has them."""

    def __init__(self, stream: Any) -> None:
        self._writer = csv.writer(stream, lineterminator="\r\n")

    def writerow(self, values: Iterable[Any]) -> None:
        self._writer.writerow(csv_row(values))


def csv_writer(stream: Any) -> SafeCSVWriter:
    return SafeCSVWriter(stream)


def xlsx_cell(sheet: Worksheet, value: Any) -> Cell:
    """A cell holding `value` for `sheet.append`: text is always a text cell, never a formula."""
    if isinstance(value, Promise):
        value = str(value)
    if isinstance(value, str):
        text = ILLEGAL_CHARACTERS_RE.sub("", value)  # control characters XML cannot hold
        cell = WriteOnlyCell(sheet, value=text)
        cell.data_type = "s"
        if text_is_formula_like(text):
            cell.quotePrefix = True  # the spreadsheet keeps it text when the cell is edited
        return cell
    return WriteOnlyCell(sheet, value=value)


def xlsx_set(cell: Cell, value: Any) -> None:
    """Put `value` in a cell already on a sheet, as `xlsx_cell` would write it."""
    made = xlsx_cell(cell.parent, value)
    cell.value = made.value
    cell.data_type = made.data_type
    if made.quotePrefix:
        cell.quotePrefix = True


def xlsx_append(sheet: Worksheet, values: Iterable[Any]) -> None:
    """Append a row of values to `sheet` (an ordinary or a write-only one) through `xlsx_cell`."""
    sheet.append([value if isinstance(value, Cell) else xlsx_cell(sheet, value) for value in values])
