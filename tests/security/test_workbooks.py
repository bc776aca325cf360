"""Workbook bombs and XML attacks in the bulk-entry upload: refused with a clear 400 before they are
unpacked, and the memory of the process stays bounded whatever the file holds."""

import tracemalloc
import zipfile
from io import BytesIO

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from openpyxl import Workbook
from openpyxl.utils import get_column_letter

from indicators.models import ResultUpload
from indicators.selectors.uploads import result_upload_plan
from tests.factories import biennium
from tests.indicators.entry_helpers import indicator_url, indicator_with_criteria, officer

HEADER = ["Member State or territory", "What changed", "Evidence", "Criteria met", "Links", "Version (leave as it is)"]
SHEET_HEAD = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
)
SHEET_TAIL = "</sheetData></worksheet>"


def template_parts() -> dict[str, bytes]:
    """The parts of a genuine workbook with the template's header row, to replace one of them."""
    book = Workbook()
    sheet = book.active
    sheet.title = "Results"
    sheet.append(HEADER)
    output = BytesIO()
    book.save(output)
    archive = zipfile.ZipFile(output)
    return {name: archive.read(name) for name in archive.namelist()}


def header_row() -> str:
    cells = "".join(
        f'<c r="{chr(65 + index)}1" t="inlineStr"><is><t>{text}</t></is></c>' for index, text in enumerate(HEADER)
    )
    return f'<row r="1">{cells}</row>'


def package(replace: dict[str, object]) -> bytes:
    """A workbook whose parts named in `replace` are the given bytes, or the chunks an iterable yields
    (streamed into the archive, so a part of hundreds of MB never sits in the test's memory)."""
    parts = template_parts()
    output = BytesIO()
    with zipfile.ZipFile(output, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for name, content in parts.items():
            if name not in replace:
                archive.writestr(name, content)
        for name, content in replace.items():
            if isinstance(content, bytes):
                archive.writestr(name, content)
                continue
            with archive.open(name, "w", force_zip64=True) as stream:
                for chunk in content:
                    stream.write(chunk)
    return output.getvalue()


def huge_cell_sheet(megabytes: int):
    yield (SHEET_HEAD + header_row() + '<row r="2"><c r="A2" t="inlineStr"><is><t>').encode()
    block = b"A" * (1024 * 1024)
    for _ in range(megabytes):
        yield block
    yield ("</t></is></c></row>" + SHEET_TAIL).encode()


def empty_rows_sheet(count: int, then: str = ""):
    yield (SHEET_HEAD + header_row()).encode()
    for start in range(2, count + 2, 10_000):
        yield "".join(f'<row r="{number}"/>' for number in range(start, min(start + 10_000, count + 2))).encode()
    yield (then + SHEET_TAIL).encode()


SHEET = "xl/worksheets/sheet1.xml"
BILLION_LAUGHS = (
    '<?xml version="1.0"?>\n<!DOCTYPE lolz [<!ENTITY lol "lol">'
    + "".join(
        f'<!ENTITY lol{level} "{("&lol" + (str(level - 1) if level > 1 else "") + ";") * 10}">'
        for level in range(1, 10)
    )
    + ']>\n<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
    + header_row()
    + '<row r="2"><c r="A2" t="inlineStr"><is><t>&lol9;</t></is></c></row>'
    + SHEET_TAIL
)
EXTERNAL_ENTITY = (
    '<?xml version="1.0"?>\n<!DOCTYPE x [<!ENTITY secret SYSTEM "file:///etc/passwd">]>\n'
    '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
    + header_row()
    + '<row r="2"><c r="A2" t="inlineStr"><is><t>&secret;</t></is></c></row>'
    + SHEET_TAIL
)


@pytest.fixture
def indicator(db):
    return indicator_with_criteria()


@pytest.fixture
def ama(db):
    return officer("ama", "africa")


def plan_refusal(ama, indicator, content: bytes) -> tuple[list[str], int]:
    """The refusal of `content` and the peak memory (bytes) Python allocated while reading it."""
    tracemalloc.start()
    try:
        with pytest.raises(ValidationError) as refused:
            result_upload_plan(user=ama, indicator=indicator, biennium=biennium(), content=content)
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return refused.value.message_dict["workbook"], peak


def test_a_small_file_holding_one_huge_cell_is_refused_unread_in_bounded_memory(ama, indicator):
    content = package({SHEET: huge_cell_sheet(megabytes=100)})
    assert len(content) < 1_500_000

    messages, peak = plan_refusal(ama, indicator, content)

    assert messages == [
        f"This workbook unpacks to more than 64 MB ({SHEET}); it cannot be a results template. "
        "Remove what is not results and upload it again."
    ]
    assert peak < 40 * 1024 * 1024


def test_a_part_packed_far_tighter_than_any_sheet_is_refused_unread(ama, indicator):
    content = package({SHEET: huge_cell_sheet(megabytes=5)})
    part = zipfile.ZipFile(BytesIO(content)).getinfo(SHEET)

    messages, peak = plan_refusal(ama, indicator, content)

    assert messages == [
        f"This workbook's {SHEET} unpacks to {part.file_size // part.compress_size} times its packed size, "
        "which no results sheet does; it is refused unread."
    ]
    assert peak < 10 * 1024 * 1024


def test_a_million_empty_rows_are_refused_in_bounded_memory(ama, indicator):
    content = package({SHEET: empty_rows_sheet(1_000_000)})
    assert len(content) < 3_000_000

    messages, peak = plan_refusal(ama, indicator, content)

    assert messages == [
        "The sheet has more than 11000 rows, empty ones included; delete the rows below your results and "
        "upload it again."
    ]
    assert peak < 40 * 1024 * 1024


def test_empty_rows_count_towards_the_row_limit(ama, indicator):
    # Few enough bytes to pass the archive checks, but more rows than any template holds, then a result.
    last = 12_000
    result = (
        f'<row r="{last}"><c r="A{last}" t="inlineStr"><is><t>Ghana</t></is></c>'
        f'<c r="B{last}" t="inlineStr"><is><t>A law.</t></is></c></row>'
    )
    content = package({SHEET: empty_rows_sheet(last - 2, then=result)})

    messages, _peak = plan_refusal(ama, indicator, content)

    assert messages == [
        "The sheet has more than 11000 rows, empty ones included; delete the rows below your results and "
        "upload it again."
    ]


def test_a_million_empty_cells_in_few_rows_are_refused_in_bounded_memory(ama, indicator):
    def wide_rows():
        yield (SHEET_HEAD + header_row()).encode()
        for row in range(2, 102):
            cells = "".join(f'<c r="{get_column_letter(column)}{row}"/>' for column in range(1, 10_001))
            yield f'<row r="{row}">{cells}</row>'.encode()
        yield SHEET_TAIL.encode()

    messages, peak = plan_refusal(ama, indicator, package({SHEET: wide_rows()}))

    assert messages == [
        "The sheet has more than 250000 cells, empty ones included; delete what is not results and upload it again."
    ]
    assert peak < 40 * 1024 * 1024


def test_a_cell_longer_than_a_spreadsheet_cell_may_be_is_refused_with_its_place(ama, indicator):
    text = "A law was adopted. " * 2_000  # 38,000 characters, packed small
    sheet = (
        SHEET_HEAD + header_row() + f'<row r="2"><c r="B2" t="inlineStr"><is><t>{text}</t></is></c></row>' + SHEET_TAIL
    )

    messages, _peak = plan_refusal(ama, indicator, package({SHEET: sheet.encode()}))

    assert messages == [f"Row 2, column B holds {len(text)} characters; a cell may hold at most 32767."]


@pytest.mark.parametrize("sheet", [BILLION_LAUGHS, EXTERNAL_ENTITY], ids=["billion-laughs", "external-entity"])
def test_an_xml_entity_attack_is_not_a_valid_workbook(ama, indicator, sheet):
    messages, _peak = plan_refusal(ama, indicator, package({SHEET: sheet.encode()}))

    assert messages == ["This file is not an Excel workbook (.xlsx) that can be read; save it as .xlsx and try again."]


@pytest.mark.parametrize(
    "content",
    [
        pytest.param(lambda: package({SHEET: empty_rows_sheet(1_000_000)}), id="empty-rows"),
        pytest.param(lambda: package({SHEET: BILLION_LAUGHS.encode()}), id="billion-laughs"),
        pytest.param(lambda: package({"xl/sharedStrings.xml": huge_cell_sheet(200)}), id="huge-shared-strings"),
    ],
)
def test_the_upload_page_answers_a_bomb_with_a_400_and_stores_nothing(ama, indicator, content):
    client = Client()
    client.force_login(ama)

    response = client.post(
        indicator_url(indicator, "upload-create"), {"workbook": SimpleUploadedFile("results.xlsx", content())}
    )

    assert response.status_code == 400
    assert ResultUpload.objects.count() == 0
