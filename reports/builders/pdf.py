"""The report as PDF: the web page laid out on A4 pages by WeasyPrint, page numbers from CSS counters."""

from reports.builders import ReportDocument
from reports.builders.web import render


def build(document: ReportDocument) -> bytes:
    from weasyprint import HTML  # loads Pango; only workers building PDFs pay for it

    return HTML(string=render(document)).write_pdf()
