"""Reading built documents back, as a person opening them would see them."""

import io

import docx
import openpyxl
from pypdf import PdfReader


def word_tables(data: bytes) -> list[list[list[str]]]:
    """Every table of a Word document, as rows of cell texts (merged cells repeat their text)."""
    document = docx.Document(io.BytesIO(data))
    return [[[cell.text for cell in row.cells] for row in table.rows] for table in document.tables]


def word_paragraphs(data: bytes) -> list[str]:
    return [paragraph.text for paragraph in docx.Document(io.BytesIO(data)).paragraphs]


def word_indicator_rows(data: bytes) -> dict[str, list[str]]:
    """Indicator rows of the Word document's tables, by indicator code."""
    rows = {}
    for table in word_tables(data):
        for row in table:
            if row[0].startswith("Indicator "):
                rows[row[0].split()[1].rstrip(":")] = row
    return rows


def workbook(data: bytes):
    return openpyxl.load_workbook(io.BytesIO(data))


def excel_indicator_rows(sheet) -> dict[str, list]:
    rows = {}
    for row in sheet.iter_rows(values_only=True):
        if isinstance(row[0], str) and row[0].startswith("Indicator "):
            rows[row[0].split()[1].rstrip(":")] = list(row)
    return rows


def pdf_pages(data: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(data)).pages]
