"""The translators' file read back as written, and hostile or malformed files refused with a clear message
before anything is parsed."""

import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from openpyxl import Workbook

from translations import files, rules
from translations.files import FileRow, translation_file_csv, translation_file_read, translation_file_xlsx

ROWS = [
    ("indicators.indicator:1", "statement", "Number of member States that…", ""),
    ("places.place:7", "name", "-5 % = risky; @home", '=HYPERLINK("x")'),
    ("outcomes.outcome:2", "statement", 'Line one\nline two, "quoted"', "Ligne un\nligne deux"),
]


def refusal(name: str, content: bytes) -> list[str]:
    with pytest.raises(ValidationError) as raised:
        translation_file_read(name=name, content=content)
    return raised.value.message_dict["file"]


@pytest.mark.parametrize(("name", "write"), [("t.xlsx", translation_file_xlsx), ("t.csv", translation_file_csv)])
def test_a_written_file_reads_back_cell_for_cell_with_its_line_numbers(name, write):
    rows = translation_file_read(name=name, content=write(ROWS))

    assert [(row.key, row.field, row.source, row.translation) for row in rows] == ROWS
    assert rows[0].line == 2
    assert rows[1].line == 3
    # a CSV record holding a line break starts on line 4 and ends on line 5; a sheet row is one row
    assert rows[2].line == 4


def test_a_csv_file_in_another_column_order_and_with_blank_rows_is_read_by_its_heading():
    content = b"translation,key,source,field\r\n,,,\r\nBonjour,outcomes.outcome:1,Hello,statement\r\n"

    rows = translation_file_read(name="t.csv", content=content)

    assert rows == [FileRow(line=3, key="outcomes.outcome:1", field="statement", source="Hello", translation="Bonjour")]


def test_a_file_without_the_four_headings_is_refused():
    assert refusal("t.csv", b"key,field,english\r\na,b,c\r\n") == [str(rules.HEADING_MISSING)]


def test_a_file_with_only_its_heading_is_refused():
    assert refusal("t.csv", translation_file_csv([])) == [str(rules.NO_ROWS)]


def test_a_file_neither_xlsx_nor_csv_is_refused_by_its_name():
    assert refusal("t.ods", b"PK") == [str(rules.FILE_KIND_UNKNOWN % {"name": "t.ods"})]


def test_a_csv_file_that_is_not_utf8_is_refused():
    assert refusal("t.csv", "key,field,source,translation\r\nk,f,É,\r\n".encode("latin-1")) == [str(rules.CSV_NOT_UTF8)]


def test_a_text_that_is_not_a_workbook_named_xlsx_is_refused():
    assert refusal("t.xlsx", b"key,field,source,translation\r\n") == [str(files.NOT_A_WORKBOOK)]


def test_a_file_over_the_size_limit_is_refused_unread():
    content = b"x" * (files.FILE_MAX_MB * 1024 * 1024 + 1)

    assert refusal("t.csv", content) == [f"t.csv is larger than {files.FILE_MAX_MB} MB."]


def test_a_cell_longer_than_excel_holds_is_refused_with_its_line():
    content = translation_file_csv([("k", "f", "x" * (files.CELL_MAX_CHARS + 1), "")])

    assert refusal("t.csv", content) == [
        str(rules.CELL_TOO_LONG % {"line": 2, "length": files.CELL_MAX_CHARS + 1, "limit": files.CELL_MAX_CHARS})
    ]


def test_a_csv_file_of_more_rows_than_the_limit_is_refused(monkeypatch):
    monkeypatch.setattr(files, "MAX_ROWS", 3)
    monkeypatch.setattr(files, "MAX_SHEET_ROWS", 10)

    assert refusal("t.csv", translation_file_csv([("k", "f", "s", "t")] * 4)) == [
        str(rules.TOO_MANY_ROWS % {"limit": 3})
    ]


def _package(sheet_xml_chunks) -> bytes:
    book = Workbook()
    book.active.append(list(files.COLUMNS))
    buffer = io.BytesIO()
    book.save(buffer)
    parts = zipfile.ZipFile(buffer)
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for name in parts.namelist():
            if name != "xl/worksheets/sheet1.xml":
                archive.writestr(name, parts.read(name))
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as stream:
            for chunk in sheet_xml_chunks:
                stream.write(chunk)
    return output.getvalue()


HEAD = b'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
TAIL = b"</sheetData></worksheet>"


def test_a_zip_bomb_workbook_is_refused_before_it_is_unpacked():
    def chunks():
        yield HEAD + b'<row r="1"><c r="A1" t="inlineStr"><is><t>'
        for _ in range(200):
            yield b"A" * (1024 * 1024)
        yield b"</t></is></c></row>" + TAIL

    content = _package(chunks())

    assert len(content) < 2 * 1024 * 1024
    [message] = refusal("t.xlsx", content)
    assert message.startswith("This workbook")
    assert "xl/worksheets/sheet1.xml" in message


def test_a_workbook_of_a_million_empty_rows_is_refused_by_counting_them():
    def chunks():
        yield HEAD
        for start in range(1, 1_000_001, 10_000):
            yield "".join(f'<row r="{number}"/>' for number in range(start, start + 10_000)).encode()
        yield TAIL

    assert refusal("t.xlsx", _package(chunks())) == [str(files.SHEET_TOO_MANY_ROWS % {"limit": files.MAX_SHEET_ROWS})]


def test_a_workbook_declaring_entities_is_refused():
    content = _package([b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]>' + HEAD[21:] + TAIL])

    assert refusal("t.xlsx", content) == [str(files.NOT_A_WORKBOOK)]


def test_a_formula_like_text_is_written_to_the_workbook_as_text_never_as_a_formula():
    from openpyxl import load_workbook

    sheet = load_workbook(io.BytesIO(translation_file_xlsx(ROWS))).worksheets[0]

    cell = sheet["D3"]
    assert cell.value == '=HYPERLINK("x")'
    assert cell.data_type == "s"
    assert cell.quotePrefix is True
