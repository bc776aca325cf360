"""The translators' file: one sheet (or one CSV table), a heading row, then the columns key, field, source
and translation. Writing it, and reading it back with every row's line number.

A workbook is checked on its zip directory before any XML is parsed (sizes, compression ratio, a DTD) and
its sheet's rows and cells are counted by streaming, as the bulk-entry upload does
(`indicators.parsers.workbook`), with limits and messages fit for a translation file; openpyxl then reads it
in read-only mode, through defusedxml.
"""

import csv
import io
import re
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import Any
from xml.etree.ElementTree import ParseError

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from openpyxl import Workbook, load_workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.utils.exceptions import InvalidFileException

from rbm.cells import csv_writer, xlsx_append
from rbm.files import WorkbookRules, workbook_archive_check
from translations import rules

COLUMNS = ("key", "field", "source", "translation")
SHEET_TITLE = "Translations"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV = "text/csv"
FILE_MAX_MB = 10
MAX_ROWS = 50_000
CELL_MAX_CHARS = 32_767  # Excel's own limit
# What a workbook may unpack to, checked before parsing: a small file can otherwise hold gigabytes.
MAX_MEMBERS = 100
MAX_MEMBER_MB = 128
MAX_UNPACKED_MB = 192
MAX_RATIO = 200  # unpacked / packed size of any part over 1 MB; real sheets stay far below
RATIO_FROM_BYTES = 1024 * 1024
MAX_SHEET_ROWS = MAX_ROWS + 1_000
MAX_SHEET_CELLS = MAX_SHEET_ROWS * 8
XML_PROLOGUE_BYTES = 64 * 1024
# A CSV cell a spreadsheet would run as a formula is written with an apostrophe before it (`rbm.cells`).
_CSV_QUOTED_FORMULA = re.compile(r"(^|[,;\t|\r\n])([ \t\r\n]*)'(?=[=+\-@])")

NOT_A_WORKBOOK = _("This file is not an Excel workbook (.xlsx) that can be read; save it as .xlsx and try again.")
WORKBOOK_TOO_BIG = _("This workbook unpacks to more than %(limit)d MB (%(part)s); it cannot be a translation file.")
WORKBOOK_OVER_COMPRESSED = _(
    "This workbook's %(part)s unpacks to %(ratio)d times its packed size, which no translation sheet does; "
    "it is refused unread."
)
WORKBOOK_TOO_MANY_PARTS = _("This workbook holds more than %(limit)d parts; it cannot be a translation file.")
SHEET_TOO_MANY_ROWS = _("The sheet has more than %(limit)d rows, empty ones included; split the file.")
SHEET_TOO_MANY_CELLS = _("The sheet has more than %(limit)d cells, empty ones included; keep only the four columns.")

UNREADABLE = (
    zipfile.BadZipFile,
    zipfile.LargeZipFile,
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
    RuntimeError,
)


@dataclass(frozen=True)
class FileRow:
    """One row of a translation file: its line (the sheet's row number, the CSV record's first line)."""

    line: int
    key: str
    field: str
    source: str
    translation: str


def file_kind(name: str) -> str:
    """ "xlsx" or "csv", by the file's name; ValidationError else."""
    suffix = PurePosixPath(name.lower()).suffix
    if suffix in {".xlsx", ".csv"}:
        return suffix[1:]
    raise ValidationError({"file": rules.FILE_KIND_UNKNOWN % {"name": PurePosixPath(name).name}})


# --- Writing ----------------------------------------------------------------------------------------------


def translation_file_xlsx(rows: Iterable[Iterable[Any]]) -> bytes:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(SHEET_TITLE)
    for column, width in zip("ABCD", (28, 22, 70, 70), strict=True):
        sheet.column_dimensions[column].width = width
    xlsx_append(sheet, COLUMNS)
    for row in rows:
        xlsx_append(sheet, row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def translation_file_csv(rows: Iterable[Iterable[Any]]) -> bytes:
    buffer = io.StringIO()
    writer = csv_writer(buffer)
    writer.writerow(COLUMNS)
    for row in rows:
        writer.writerow(row)
    return buffer.getvalue().encode("utf-8-sig")  # the byte-order mark tells Excel the file is UTF-8


def text_as_written(value: str) -> str:
    """`value` as a workbook holds it once written: without the control characters XML cannot carry."""
    return ILLEGAL_CHARACTERS_RE.sub("", value)


# --- Reading ----------------------------------------------------------------------------------------------


def _refused(message: Any) -> ValidationError:
    return ValidationError({"file": message})


def translation_file_read(*, name: str, content: bytes) -> list[FileRow]:
    """Every non-empty row under the heading row, with its line. ValidationError ({"file": ...}) when the
    file is not a readable workbook or CSV file of the four columns, or is too big."""
    if len(content) > FILE_MAX_MB * 1024 * 1024:
        raise _refused(_("%(name)s is larger than %(limit)d MB.") % {"name": name, "limit": FILE_MAX_MB})
    rows = _xlsx_rows(content) if file_kind(name) == "xlsx" else _csv_rows(content)
    return _file_rows(rows)


def _file_rows(rows: Iterator[tuple[int, list[str]]]) -> list[FileRow]:
    heading = next(rows, None)
    if heading is None:
        raise _refused(rules.NO_ROWS)
    names = [cell.strip().casefold() for cell in heading[1]]
    if not set(COLUMNS) <= set(names):
        raise _refused(rules.HEADING_MISSING)
    positions = {column: names.index(column) for column in COLUMNS}
    found = []
    for line, cells in rows:
        values = {column: cells[index] if index < len(cells) else "" for column, index in positions.items()}
        if not any(value.strip() for value in values.values()):
            continue
        if len(found) >= MAX_ROWS:
            raise _refused(rules.TOO_MANY_ROWS % {"limit": MAX_ROWS})
        found.append(
            FileRow(
                line=line,
                key=values["key"].strip(),
                field=values["field"].strip(),
                source=values["source"],
                translation=values["translation"],
            )
        )
    if not found:
        raise _refused(rules.NO_ROWS)
    return found


def _cell_check(line: int, cells: list[str]) -> list[str]:
    for cell in cells:
        if len(cell) > CELL_MAX_CHARS:
            raise _refused(rules.CELL_TOO_LONG % {"line": line, "length": len(cell), "limit": CELL_MAX_CHARS})
    return cells


def _csv_rows(content: bytes) -> Iterator[tuple[int, list[str]]]:
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise _refused(rules.CSV_NOT_UTF8) from None
    reader = csv.reader(io.StringIO(text, newline=""))
    line = 1
    count = 0
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            raise _refused(rules.CSV_UNREADABLE % {"line": reader.line_num, "reason": error}) from None
        count += 1
        if count > MAX_SHEET_ROWS:
            raise _refused(rules.TOO_MANY_ROWS % {"limit": MAX_ROWS})
        yield line, _cell_check(line, [_csv_unquoted(cell) for cell in cells])
        line = reader.line_num + 1


def _csv_unquoted(cell: str) -> str:
    """A CSV cell as it was before `rbm.cells.csv_value` put an apostrophe before a formula-like start."""
    return _CSV_QUOTED_FORMULA.sub(r"\1\2", cell)


def _xlsx_rows(content: bytes) -> Iterator[tuple[int, list[str]]]:
    workbook_archive_check(content, rules=RULES)
    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except UNREADABLE:
        raise _refused(NOT_A_WORKBOOK) from None
    try:
        sheet = workbook[SHEET_TITLE] if SHEET_TITLE in workbook.sheetnames else workbook.worksheets[0]
        rows = []
        for number, values in enumerate(sheet.iter_rows(values_only=True, max_col=len(COLUMNS) + 4), start=1):
            if number > MAX_SHEET_ROWS:
                raise _refused(SHEET_TOO_MANY_ROWS % {"limit": MAX_SHEET_ROWS})
            rows.append((number, _cell_check(number, [_cell_text(value) for value in values])))
    except UNREADABLE:
        raise _refused(NOT_A_WORKBOOK) from None
    finally:
        workbook.close()
    return iter(rows)


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


RULES = WorkbookRules(
    field="file",
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
