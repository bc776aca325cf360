"""Document builders: each turns a report's content into the bytes of one file format.

Builders are plain functions of `ReportDocument` (the data read from the database, when it was read
and its hash); they read nothing else, so the same data gives the same document.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from reports.models import ReportFormat
from reports.selectors.content import ReportData


@dataclass(frozen=True)
class ReportDocument:
    data: ReportData
    data_read_at: datetime
    content_hash: str


def _web(document: ReportDocument) -> bytes:
    from reports.builders.web import build

    return build(document)


def _word(document: ReportDocument) -> bytes:
    from reports.builders.word import build

    return build(document)


def _excel(document: ReportDocument) -> bytes:
    from reports.builders.excel import build

    return build(document)


def _pdf(document: ReportDocument) -> bytes:
    from reports.builders.pdf import build

    return build(document)


def _matrix(format: str) -> Callable[[ReportDocument], bytes]:
    def build(document: ReportDocument) -> bytes:
        from reports.builders import plan_matrix

        return plan_matrix.BUILD[format](document)

    return build


# Imported on first use: WeasyPrint and python-docx take a while to load and only workers need them.
BUILDERS: dict[str, Callable[[ReportDocument], bytes]] = {
    ReportFormat.HTML: _web,
    ReportFormat.DOCX: _word,
    ReportFormat.XLSX: _excel,
    ReportFormat.PDF: _pdf,
}
# The revised activity matrix of a plan of action, in the same four formats.
MATRIX_BUILDERS: dict[str, Callable[[ReportDocument], bytes]] = {
    format: _matrix(format) for format in (ReportFormat.HTML, ReportFormat.DOCX, ReportFormat.XLSX, ReportFormat.PDF)
}
EXTENSIONS: dict[str, str] = {
    ReportFormat.HTML: "html",
    ReportFormat.DOCX: "docx",
    ReportFormat.XLSX: "xlsx",
    ReportFormat.PDF: "pdf",
}
CONTENT_TYPES = {
    ReportFormat.HTML: "text/html; charset=utf-8",
    ReportFormat.DOCX: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ReportFormat.XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ReportFormat.PDF: "application/pdf",
}
