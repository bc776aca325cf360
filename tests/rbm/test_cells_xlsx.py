"""The report workbook's cells: written through XlsxWriter (`XlsxRows`) or as SpreadsheetML text
(`XlsxStreamedRows`), a text is a text cell read back as written, never a formula."""

import io
import zipfile
from datetime import UTC, datetime
from decimal import Decimal

import pytest
import xlsxwriter
from openpyxl import load_workbook
from openpyxl.utils.escape import unescape

from rbm.cells import XLSXWRITER_OPTIONS, XlsxRows, XlsxStreamedRows, text_is_formula_like
from reports.builders.archive import restamp
from tests.security.test_formula_injection import HOSTILE, formulas

WRAP = {"text_wrap": True, "valign": "top"}
WHEN = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)
TEXTS = [*HOSTILE, "Fiji & Tonga <b>", "_x0041_ stays as typed", "  spaces kept  ", "Côte d’Ivoire", "x" * 5000]


def as_excel_reads(value, *, streamed: bool):
    """A cell's text as Excel reads it: openpyxl decodes Excel's `_xHHHH_` escapes in shared strings (XlsxWriter's
    cells), not in the inline strings the streamed rows are written as."""
    return unescape(value) if streamed and isinstance(value, str) else value


def workbook_with(rows: list[list], *, streamed: bool) -> bytes:
    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(buffer, {**XLSXWRITER_OPTIONS, "in_memory": True})
    cells = XlsxRows(workbook)
    sheet = workbook.add_worksheet("Sheet")
    cells.write(sheet, 0, 0, "Heading", {"bold": True})
    stream = XlsxStreamedRows(cells, sheet, first_row=1)
    for number, row in enumerate(rows, start=1):
        if streamed:
            stream.add(row, style=WRAP)
        else:
            for column, value in enumerate(row):
                cells.write(sheet, number, column, value, WRAP)
    workbook.close()
    return restamp(buffer.getvalue(), when=WHEN, rewrite={stream.member: stream.splice})


ROWS = [[text, number, "plain"] for number, text in enumerate(TEXTS)] + [
    [None, Decimal("2.5"), True],
    ["bell\x07 and nul\x00 removed", 10**12, ""],
]


@pytest.mark.parametrize("streamed", [False, True])
def test_every_text_reads_back_as_written_as_a_text_cell_never_a_formula(streamed):
    content = workbook_with(ROWS, streamed=streamed)

    assert formulas(content) == []
    sheet = load_workbook(io.BytesIO(content))["Sheet"]
    assert [cell.value for cell in sheet[1]][:1] == ["Heading"]
    values = [[as_excel_reads(cell.value, streamed=streamed) for cell in row] for row in sheet.iter_rows(min_row=2)]
    assert [row[0] for row in values[: len(TEXTS)]] == TEXTS
    assert values[len(TEXTS)] == [None, 2.5, True]
    assert values[-1][:2] == ["bell and nul removed", 10**12]
    for row in sheet.iter_rows(min_row=2, max_row=1 + len(TEXTS)):
        assert row[0].data_type == "s"
        assert row[0].alignment.wrap_text
        assert row[0].quotePrefix == text_is_formula_like(row[0].value)
    assert sheet.max_row == 1 + len(ROWS)
    assert sheet.calculate_dimension() == f"A1:C{1 + len(ROWS)}"


def test_streamed_rows_read_back_as_the_same_cells_as_rows_written_cell_by_cell():
    def cells(streamed: bool):
        sheet = load_workbook(io.BytesIO(workbook_with(ROWS, streamed=streamed)))["Sheet"]
        return [
            [
                (
                    as_excel_reads(cell.value, streamed=streamed),
                    cell.data_type,
                    cell.quotePrefix,
                    cell.alignment.wrap_text,
                )
                for cell in row
            ]
            for row in sheet.iter_rows()
        ]

    assert cells(streamed=True) == cells(streamed=False)


def test_a_stream_without_rows_leaves_the_sheet_as_written():
    content = workbook_with([], streamed=True)

    sheet = load_workbook(io.BytesIO(content))["Sheet"]
    assert [[cell.value for cell in row] for row in sheet.iter_rows()] == [["Heading"]]


def test_the_same_rows_give_the_same_bytes_dated_with_the_data():
    first, second = workbook_with(ROWS, streamed=True), workbook_with(ROWS, streamed=True)

    assert first == second
    assert {info.date_time for info in zipfile.ZipFile(io.BytesIO(first)).infolist()} == {(2026, 3, 1, 12, 0, 0)}


def test_rewriting_a_member_the_archive_does_not_hold_is_refused():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("a.xml", b"<a/>")

    with pytest.raises(ValueError, match=r"b\.xml"):
        restamp(buffer.getvalue(), when=WHEN, rewrite={"b.xml": lambda content: [content]})
