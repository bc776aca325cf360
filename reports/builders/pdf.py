"""The report as PDF: the web page laid out on A4 pages by WeasyPrint, part by part, then joined.

WeasyPrint keeps the layout of every page of a document until it is written, which for a scale-10
report (thousands of pages, most of them the annex of results) takes gigabytes. So each part (the
front matter, each outcome, the recommendations annex, each outcome's share of the results annex, the
check sheet) is laid out and written on its own, and its layout let go before the next. Parts start on
a new page, as each of them does in the whole document (the results annex: each outcome's indicators).
The page numbers ("Page 3 of 120") need the total, known only at the end: they are laid out last, on
otherwise empty pages with the same margins, and stamped over the parts' pages with pypdf.
"""

import io
import logging
from collections.abc import Iterator

from reports.builders import ReportDocument, labels
from reports.builders.web import context, render_part

# WeasyPrint logs every layout step at INFO; a worker's log wants its warnings only.
logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)

_NUMBERS_PAGE = (
    "<!DOCTYPE html><html><head><meta charset='utf-8'><style>"
    "@page {{ size: A4; margin: 20mm 15mm 18mm;"
    ' @bottom-center {{ font: 8pt "DejaVu Sans", sans-serif; color: #333;'
    ' content: {page} " " counter(page) " " {of} " " counter(pages); }} }}'
    "div {{ break-after: page; }}</style></head><body>{pages}</body></html>"
)


def build(document: ReportDocument) -> bytes:
    # Loads Pango; only workers building PDFs pay for it.
    from pypdf import PdfReader, PdfWriter
    from weasyprint import HTML
    from weasyprint.text.fonts import FontConfiguration

    fonts = FontConfiguration()  # fonts found once for every part
    base = context(document, results_annex=False)
    writer = PdfWriter()
    for part in parts(document, base):
        pdf = HTML(string=render_part(part)).write_pdf(font_config=fonts)
        writer.append(PdfReader(io.BytesIO(pdf)))
    total = len(writer.pages)
    numbers = HTML(
        string=_NUMBERS_PAGE.format(page=base["page_label"], of=base["of_label"], pages="<div></div>" * total)
    ).write_pdf(font_config=fonts)
    for page, number in zip(writer.pages, PdfReader(io.BytesIO(numbers)).pages, strict=True):
        page.merge_page(number)
        page.compress_content_streams()
    writer.add_metadata({"/Title": base["title"], "/Producer": "RBM"})
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def parts(document: ReportDocument, base: dict) -> Iterator[dict]:
    """The template's context for each part of the PDF, in the document's order (see `web.context`)."""
    data = document.data
    nothing = {
        "front": False,
        "sections": [],
        "recommendations_annex": False,
        "results_annex_shown": False,
        "reconciliation": False,
        "page_numbers": False,
    }
    yield {**base, **nothing, "front": True}
    for outcome in base["outcomes"]:
        yield {**base, **nothing, "sections": [outcome]}
    yield {**base, **nothing, "recommendations_annex": True}
    for index, outcome in enumerate(data["outcomes"] or [None]):
        yield {
            **base,
            **nothing,
            "results_annex_shown": True,
            "results_annex_first": index == 0,
            "results_annex": list(labels.results_annex_iter(data, [outcome] if outcome else [])),
        }
    yield {**base, **nothing, "reconciliation": True}
