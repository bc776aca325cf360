"""The report as PDF: the web page laid out on A4 pages by WeasyPrint, page numbers from CSS counters."""

import logging

from reports.builders import ReportDocument
from reports.builders.web import render

# WeasyPrint logs every layout step at INFO; a worker's log wants its warnings only.
logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)


def build(document: ReportDocument) -> bytes:
    from weasyprint import HTML  # loads Pango; only workers building PDFs pay for it

    return HTML(string=render(document)).write_pdf()
