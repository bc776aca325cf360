"""The one writer of spreadsheet cells: every workbook and CSV file RBM writes goes through it.

Spreadsheet programs run a cell that starts with `=`, `+`, `-` or `@` (or a tab or carriage return before
one) as a formula, which can read other cells, open links or start programs ("CSV injection", OWASP).
In a workbook, text is written as a text cell with Excel's quote prefix, so it is never a formula and is
read back exactly as it was stored (the bulk-entry template's round trip depends on it). A CSV file has no
cell types: text that a spreadsheet would start a formula with, at its start or after a separator a
program may split the line at (`safe;=1+1` opened with `;` as the separator), gets an apostrophe there.

Workbooks read back or edited cell by cell go through openpyxl (`xlsx_cell`); the report's workbook, tens of
thousands of rows written once, goes through XlsxWriter (`XlsxRows`), several times faster for that work, and
its longest sheets' rows are written as SpreadsheetML text (`XlsxStreamedRows`) by the same rules.
"""

import csv
import math
import re
import tempfile
from collections.abc import Iterable, Iterator
from decimal import Decimal
from typing import Any
from xml.sax.saxutils import escape

from django.utils.functional import Promise
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell
from openpyxl.worksheet.worksheet import Worksheet
from xlsxwriter.format import Format
from xlsxwriter.utility import xl_col_to_name
from xlsxwriter.workbook import Workbook as XlsxWorkbook
from xlsxwriter.worksheet import Worksheet as XlsxWorksheet

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


# What the report's workbook is opened with: no string is ever turned into a formula, a link or a number.
XLSXWRITER_OPTIONS = {"strings_to_formulas": False, "strings_to_urls": False, "strings_to_numbers": False}


class XlsxRows:
    """Rows written to an XlsxWriter workbook by the same rules as `xlsx_cell`.

    A style is a dict of XlsxWriter format properties; each is added to the workbook once, with a twin carrying
    the quote prefix for text that reads like a formula.
    """

    def __init__(self, workbook: XlsxWorkbook) -> None:
        self.workbook = workbook
        self._formats: dict[tuple[int, bool], Format | None] = {}

    def style_index(self, style: dict | None, quoted: bool = False) -> int:
        """The number the sheet's XML gives a cell of `style` (0: the default style)."""
        cell_format = self._format(style, quoted)
        return 0 if cell_format is None else cell_format._get_xf_index()

    def _format(self, style: dict | None, quoted: bool) -> Format | None:
        key = (id(style), quoted)
        if key not in self._formats:
            properties = {**(style or {}), **({"quote_prefix": True} if quoted else {})}
            self._formats[key] = self.workbook.add_format(properties) if properties else None
        return self._formats[key]

    def write(self, sheet: XlsxWorksheet, row: int, column: int, value: Any, style: dict | None = None) -> None:
        """Put `value` at (`row`, `column`), counted from 0: text always as a text cell, never a formula."""
        kind, held = _xlsx_value(value)
        if kind == "blank":
            if style is not None:
                sheet.write_blank(row, column, None, self._format(style, False))
        elif kind == "boolean":
            sheet.write_boolean(row, column, held, self._format(style, False))
        elif kind == "number":
            sheet.write_number(row, column, held, self._format(style, False))
        else:
            sheet.write_string(row, column, held, self._format(style, kind == "quoted"))

    def merge(self, sheet: XlsxWorksheet, span: tuple[int, int, int, int], value: Any, style: dict | None) -> None:
        """`value` in the cells from (first row, first column) to (last row, last column), merged into one."""
        first_row, first_column, last_row, last_column = span
        if (first_row, first_column) != (last_row, last_column):
            sheet.merge_range(first_row, first_column, last_row, last_column, None, self._format(style, False))
        self.write(sheet, first_row, first_column, value, style)


# Excel reads "_x0041_" in a text as the character it stands for; a text holding one keeps it by escaping its "_".
_EXCEL_ESCAPE = re.compile(r"_(?=x[0-9A-Fa-f]{4}_)")


class XlsxStreamedRows:
    """Rows of a sheet written as SpreadsheetML text by the rules of `XlsxRows.write`, for a sheet too long to go
    through XlsxWriter cell by cell (a cell object for each, then an XML element built from it at the end: two
    thirds of the report's workbook time). The sheet's own rows come first; from `first_row` (counted from 0)
    the rows are the stream's, and `splice` puts them into the sheet's XML once the workbook is saved.
    """

    def __init__(self, cells: XlsxRows, sheet: XlsxWorksheet, first_row: int) -> None:
        self.cells = cells
        self.sheet = sheet
        self.first_row = self.rows = first_row
        self.columns = 0
        # The rows' XML waits in a temporary file: tens of megabytes at scale 10, not kept in memory.
        self.written = tempfile.TemporaryFile()  # noqa: SIM115 - closed by `splice`
        self._letters: list[str] = []

    @property
    def member(self) -> str:
        """The sheet's file in the workbook's archive (XlsxWriter numbers them in the order they were added)."""
        return f"xl/worksheets/sheet{self.sheet.index + 1}.xml"

    def add(self, values: list, style: dict | None = None) -> None:
        """Write a row after the last one; `style` goes to its cells."""
        row = self.rows + 1  # Excel counts rows from 1
        while len(self._letters) < len(values):
            self._letters.append(xl_col_to_name(len(self._letters)))
        plain, quoted = self.cells.style_index(style), self.cells.style_index(style, quoted=True)
        cells = "".join(
            _cell_xml(f"{letter}{row}", value, plain, quoted)
            for letter, value in zip(self._letters, values, strict=False)
        )
        self.written.write(f'<row r="{row}">{cells}</row>'.encode())
        self.columns = max(self.columns, len(values))
        self.rows += 1

    def splice(self, xml: bytes) -> Iterator[bytes]:
        """The sheet's XML with the stream's rows after its own and its dimension covering them all, in pieces."""
        with self.written:
            if self.rows == self.first_row:
                yield xml
                return
            last = f"{xl_col_to_name(max(self.columns, 1) - 1)}{self.rows}".encode()
            xml = re.sub(rb'<dimension ref="[^"]*"/>', b'<dimension ref="A1:' + last + b'"/>', xml, count=1)
            if b"<sheetData/>" in xml:
                head, tail = xml.split(b"<sheetData/>", 1)
                head, tail = head + b"<sheetData>", b"</sheetData>" + tail
            else:
                head, tail = xml.split(b"</sheetData>", 1)
                tail = b"</sheetData>" + tail
            yield head
            self.written.seek(0)
            while piece := self.written.read(1 << 20):
                yield piece
            yield tail


def _xlsx_value(value: Any) -> tuple[str, Any]:
    """What a cell of the report's workbook holds, by the rules of `xlsx_cell`: ("blank", None), ("boolean", b),
    ("number", n), ("text", text) or ("quoted", text) for text that reads like a formula (a text cell all the
    same, with the quote prefix); anything else is written as its text, without the characters XML cannot hold."""
    if isinstance(value, Promise):
        value = str(value)
    if value is None:
        return "blank", None
    if isinstance(value, bool):
        return "boolean", value
    if isinstance(value, int | float | Decimal) and math.isfinite(value):
        return "number", value
    text = ILLEGAL_CHARACTERS_RE.sub("", str(value))
    if not text:
        return "blank", None
    return ("quoted" if text_is_formula_like(text) else "text"), text


def _cell_xml(reference: str, value: Any, plain: int, quoted: int) -> str:
    """One cell as `XlsxRows.write` writes it, as SpreadsheetML text."""
    kind, held = _xlsx_value(value)
    index = quoted if kind == "quoted" else plain
    style = f' s="{index}"' if index else ""
    if kind == "blank":
        return f'<c r="{reference}"{style}/>' if plain else ""
    if kind == "boolean":
        return f'<c r="{reference}"{style} t="b"><v>{int(held)}</v></c>'
    if kind == "number":
        return f'<c r="{reference}"{style}><v>{held}</v></c>'
    escaped = escape(_EXCEL_ESCAPE.sub("_x005F_", held))
    return f'<c r="{reference}"{style} t="inlineStr"><is><t xml:space="preserve">{escaped}</t></is></c>'
