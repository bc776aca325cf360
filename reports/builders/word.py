"""The report as a Word document: headings, real tables, page numbers in the footer.

python-docx holds every element of a document in memory until it is saved, and builds each through a dozen
element lookups and insertions (0.5 ms a table row). So its tables of rows of plain cells (the summary, the
recommendations, the results annex with tens of thousands of rows at scale 10, the check sheet) are not
kept in the document: a marker paragraph stands in each one's place, and when the file is written each is
laid out as WordprocessingML text with the same document's styles (`_TableXml`), the results annex one
indicator at a time, and streamed into `word/document.xml` at its marker.

The tables that stay in python-docx (an outcome's indicators, with merged heading cells; its outputs, with
bullet lists) avoid its slow paths: rows are added with all their cells at once (`add_row().cells`, never
`table.cell(i, j)`, which walks the whole table each time); styles are looked up once and set by id (each
lookup by name or object scans every style); text is written as whole `<w:t>` elements (setting `.text`
appends character by character); and tables take their small type from their style rather than from
every run.
"""

import io
import re
from collections.abc import Iterable, Iterator
from datetime import UTC, datetime
from xml.sax.saxutils import escape

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

from reports.builders import ReportDocument, labels
from reports.builders.archive import restamp

TABLE_STYLE = "Table Grid"
SMALL = Pt(8)
USABLE_WIDTH_CM = 17.4


class _Writer:
    """The document being written, with the ids of the styles it uses."""

    def __init__(self, document: ReportDocument) -> None:
        self.doc = Document()
        styles = self.doc.styles
        names = ("Heading 1", "Heading 2", "Heading 3", "Title", "List Bullet")
        self.style_ids = {name: styles[name].style_id for name in names}
        self.xml = _TableXml(self)
        self.content_hash = document.content_hash
        self.placed: list[tuple[str, Iterable[bytes]]] = []

    def place(self, parts: Iterable[bytes]) -> None:
        """A marker paragraph here, where `parts` (WordprocessingML text) will be written as the file is saved."""
        marker = f"rbm-part-{len(self.placed)}-{self.content_hash}"
        self.paragraph(marker)
        self.placed.append((marker, parts))

    def paragraph(self, text: str = "", *, style: str | None = None, small: bool = False):
        paragraph = self.doc.add_paragraph()
        if style is not None:
            paragraph._p.style = self.style_ids[style]
        if text:
            _write(paragraph._p, text, small=small)
        return paragraph

    def heading(self, text: str, level: int) -> None:
        self.paragraph(text, style="Title" if level == 0 else f"Heading {level}")

    def page_break(self) -> None:
        self.doc.add_page_break()

    def table(self, columns: int, *, header_rows: int = 1):
        table = self.doc.add_table(rows=header_rows, cols=columns)
        table.style = self.doc.styles[TABLE_STYLE]
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        return table


def build(document: ReportDocument) -> bytes:
    data = document.data
    writer = _Writer(document)
    _set_up(writer.doc, document)

    writer.heading(labels.title(data), 0)
    writer.paragraph(f"{data['framework']}. {labels.subtitle(data)}.")
    writer.paragraph(
        labels.provenance(data_read_at=document.data_read_at, content_hash=document.content_hash), small=True
    )

    writer.heading(labels.summary_heading(), 1)
    writer.paragraph(labels.summary_sentence(data["summary"]))
    _simple_table(writer, labels.summary_columns(), labels.summary_rows(data["summary"]), widths=[9, 2, 2, 2, 2])
    if restated := labels.restatements_table(data):
        heading, columns, rows = restated
        writer.heading(heading, 1)
        if rows:
            _simple_table(writer, columns, rows, widths=[2.2, 1.5, 3, 2.5, 1.8, 6])
        else:
            writer.paragraph(labels.no_restatements())

    regions = data["regions"]
    for outcome in data["outcomes"]:
        writer.page_break()
        writer.heading(labels.outcome_heading(outcome), 1)
        _indicator_table(writer, data, outcome, regions)
        _narrative(writer, data, outcome)

    writer.page_break()
    writer.heading(labels.annex_heading(), 1)
    for outcome in data["outcomes"]:
        writer.heading(labels.outcome_heading(outcome), 2)
        if not outcome["recommendations"]:
            writer.paragraph(labels.no_recommendations(), small=True)
            continue
        rows = [
            [labels.evaluation_cell(item), item["number"], item["text"], labels.stance(item), labels.follow_up(item)]
            for item in outcome["recommendations"]
        ]
        _simple_table(writer, labels.annex_columns(), rows, widths=[4, 1, 7, 2.5, 3])

    writer.page_break()
    writer.heading(labels.results_annex_heading(), 1)
    writer.place(_results_annex(writer, data))

    writer.page_break()
    writer.heading(labels.reconciliation_heading(), 1)
    writer.paragraph(labels.reconciliation_intro(), small=True)
    if reconciliation := labels.reconciliation_rows(data):
        _simple_table(writer, labels.reconciliation_columns(), reconciliation, widths=[1.5, 1.5, 5, 9])
    else:
        writer.paragraph(labels.reconciliation_none())

    buffer = io.BytesIO()
    writer.doc.save(buffer)
    return _written(buffer.getvalue(), placed=writer.placed, when=document.data_read_at)


ANNEX_WIDTHS = [3, 2, 4, 2, 6.5]
# Characters XML 1.0 cannot hold (lxml refuses them; a Word file holding one would not open).
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


class _TableXml:
    """Tables of plain cells and paragraphs as WordprocessingML text, element for element what python-docx writes
    for a table in `TABLE_STYLE` with a repeated header row (each cell's width its column's) and for
    `_Writer.paragraph`, for the `w:` namespace the document declares."""

    def __init__(self, writer: _Writer) -> None:
        self.heading_styles = {2: writer.style_ids["Heading 2"], 3: writer.style_ids["Heading 3"]}
        self.style = writer.doc.styles[TABLE_STYLE].style_id

    def starts(self, header: list[str], widths: list[float]) -> tuple[str, list[str]]:
        """A table's opening (its properties, grid and header row) and the opening of a cell in each column."""
        total = sum(widths)
        twips = [Cm(USABLE_WIDTH_CM * width / total).twips for width in widths]
        cell_starts = [f'<w:tc><w:tcPr><w:tcW w:type="dxa" w:w="{width}"/></w:tcPr><w:p>' for width in twips]
        grid = "".join(f'<w:gridCol w:w="{width}"/>' for width in twips)
        heads = "".join(
            start + self.runs(str(label), bold=True) + "</w:p></w:tc>"
            for start, label in zip(cell_starts, header, strict=True)
        )
        opening = (
            f'<w:tbl><w:tblPr><w:tblStyle w:val="{self.style}"/><w:tblW w:type="auto" w:w="0"/><w:jc w:val="center"/>'
            '<w:tblLook w:firstColumn="1" w:firstRow="1" w:lastColumn="0" w:lastRow="0" w:noHBand="0" '
            f'w:noVBand="1" w:val="04A0"/></w:tblPr><w:tblGrid>{grid}</w:tblGrid>'
            f'<w:tr><w:trPr><w:tblHeader w:val="true"/></w:trPr>{heads}</w:tr>'
        )
        return opening, cell_starts

    @staticmethod
    def runs(text: str, *, bold: bool = False, small: bool = False) -> str:
        """One run, each line a `w:t` and each newline a `w:br`, as `_write` writes it."""
        properties = ("<w:b/>" if bold else "") + ('<w:sz w:val="16"/>' if small else "")
        parts = ["<w:r>", f"<w:rPr>{properties}</w:rPr>" if properties else ""]
        for index, line in enumerate(_NOT_XML.sub("", text).split("\n")):
            if index:
                parts.append("<w:br/>")
            if line:
                space = ' xml:space="preserve"' if line.strip() != line else ""
                parts.append(f"<w:t{space}>{escape(line)}</w:t>")
        parts.append("</w:r>")
        return "".join(parts)

    def paragraph(self, text: str, *, level: int | None = None, small: bool = False) -> str:
        style = f'<w:pPr><w:pStyle w:val="{self.heading_styles[level]}"/></w:pPr>' if level else ""
        return f"<w:p>{style}{self.runs(text, small=small)}</w:p>"

    def table(self, header: list[str], rows: Iterable[list], *, widths: list[float]) -> str:
        opening, starts = self.starts(header, widths)
        body = [
            "<w:tr>"
            + "".join(start + self.runs(str(value)) + "</w:p></w:tc>" for start, value in zip(starts, row, strict=True))
            + "</w:tr>"
            for row in rows
        ]
        return opening + "".join(body) + "</w:tbl>"


def _results_annex(writer: _Writer, data: dict) -> Iterator[bytes]:
    """The annex's XML, one indicator at a time, written as text and let go."""
    annex, columns = writer.xml, labels.results_annex_columns()
    for indicator in labels.results_annex_iter(data):
        parts = [annex.paragraph(indicator["heading"], level=2)]
        if not indicator["regions"]:
            parts.append(annex.paragraph(labels.no_results(), small=True))
        for region, rows in indicator["regions"]:
            parts.append(annex.paragraph(region, level=3))
            parts.append(annex.table(columns, rows, widths=ANNEX_WIDTHS))
        yield "".join(parts).encode()


def _written(archive: bytes, *, placed: list[tuple[str, Iterable[bytes]]], when: datetime) -> bytes:
    """The saved document with each placed part streamed in place of its marker paragraph, every member dated
    `when` (so the same data gives the same bytes)."""

    def spliced(content: bytes) -> Iterator[bytes]:
        written = 0
        for marker, parts in placed:  # in the document's order
            at = content.index(marker.encode(), written)
            start = max(content.rfind(b"<w:p>", written, at), content.rfind(b"<w:p ", written, at))
            yield content[written:start]
            yield from parts
            written = content.index(b"</w:p>", at) + len(b"</w:p>")
        yield content[written:]

    return restamp(archive, when=when, rewrite={"word/document.xml": spliced})


def _set_up(doc, document: ReportDocument) -> None:
    properties = doc.core_properties
    properties.title = labels.title(document.data)
    properties.subject = document.content_hash
    properties.author = "RBM"
    properties.last_modified_by = "RBM"
    properties.revision = 1
    read_at = document.data_read_at.astimezone(UTC).replace(tzinfo=None)
    properties.created = read_at
    properties.modified = read_at

    normal = doc.styles["Normal"]
    normal.font.name = "Calibri"
    normal.font.size = Pt(10)
    table_style = doc.styles[TABLE_STYLE]
    table_style.font.size = SMALL
    table_style.paragraph_format.space_after = Pt(0)
    section = doc.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.left_margin = section.right_margin = Cm(1.8)
    section.top_margin = section.bottom_margin = Cm(2)
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    footer.add_run(f"{labels.page_label()} ")
    _field(footer, "PAGE")
    footer.add_run(f" {labels.of_label()} ")
    _field(footer, "NUMPAGES")


def _field(paragraph, instruction: str) -> None:
    """Append a Word field (PAGE, NUMPAGES) that Word fills in when it lays out the pages."""
    run = paragraph.add_run()
    begin, text, end = OxmlElement("w:fldChar"), OxmlElement("w:instrText"), OxmlElement("w:fldChar")
    begin.set(qn("w:fldCharType"), "begin")
    text.set(qn("xml:space"), "preserve")
    text.text = instruction
    end.set(qn("w:fldCharType"), "end")
    run._r.append(begin)
    run._r.append(text)
    run._r.append(end)


def _write(p, text: str, *, bold: bool = False, small: bool = False) -> None:
    """Write text into paragraph element `p` as one run; each newline becomes a line break."""
    run = p.add_r()
    if bold or small:
        properties = run.get_or_add_rPr()
        if bold:
            properties.get_or_add_b()
        if small:
            properties.get_or_add_sz().val = SMALL
    for index, line in enumerate(text.split("\n")):
        if index:
            run.add_br()
        if line:
            run.add_t(line)


def _fill(cells, values, *, bold: bool = False) -> None:
    for cell, value in zip(cells, values, strict=True):
        _write(cell._tc.p_lst[0], str(value), bold=bold)


def _repeat_as_header(row) -> None:
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    row._tr.get_or_add_trPr().append(header)


def _widths(table, widths: list[float]) -> None:
    total = sum(widths)
    for column, width in zip(table.columns, widths, strict=True):
        column.width = Cm(USABLE_WIDTH_CM * width / total)


def _simple_table(writer: _Writer, header: list[str], rows: list[list], *, widths: list[float]) -> None:
    writer.place([writer.xml.table(header, rows, widths=widths).encode()])


def _indicator_table(writer: _Writer, data: dict, outcome: dict, regions: list[dict]) -> None:
    if not outcome["indicators"]:
        writer.paragraph(labels.no_indicators(), small=True)
        return
    biennium = data["biennium"]
    columns = 3 + len(regions)
    table = writer.table(columns, header_rows=2)
    first, second = table.rows[0].cells, table.rows[1].cells
    _write(first[0].merge(second[0])._tc.p_lst[0], labels.indicators_column(), bold=True)
    _write(first[1].merge(second[1])._tc.p_lst[0], labels.targets_column(biennium), bold=True)
    _write(first[2].merge(first[columns - 1])._tc.p_lst[0], labels.results_column(biennium), bold=True)
    _fill(table.rows[1].cells[2:], [labels.total_column(), *(region["short_name"] for region in regions)], bold=True)
    for row in table.rows[:2]:
        _repeat_as_header(row)

    territories = False
    for indicator in outcome["indicators"]:
        total = "\n".join([indicator["label"], labels.target_status(indicator)])
        places = []
        for region in regions:
            names = indicator["places"][region["name"]]
            territories = territories or any(place["territory"] for place in names)
            places.append("\n".join(labels.place_name(place) for place in names))
        _fill(
            table.add_row().cells, [labels.indicator_heading(indicator), labels.target_text(indicator), total, *places]
        )
    _widths(table, [4.2, 1.6, 1.9] + [1.9] * len(regions))
    if territories:
        writer.paragraph(labels.territory_note(), small=True)
    if notes := labels.figure_notes(outcome):
        writer.paragraph(labels.figure_notes_heading(), small=True)
        for code, note in notes:
            writer.paragraph(labels.figure_note_line(code, note), small=True)


def _narrative(writer: _Writer, data: dict, outcome: dict) -> None:
    narrative = outcome["narrative"]
    if not narrative["recorded"]:
        writer.paragraph(labels.no_narrative(), small=True)
        return
    for section in narrative["sections"]:
        if not section["paragraphs"]:
            continue
        writer.heading(labels.section_heading(section["name"], data["biennium"]), 2)
        for text in section["paragraphs"]:
            writer.paragraph(text)
    writer.heading(labels.outputs_heading(), 2)
    for text in narrative["outputs_introduction"]:
        writer.paragraph(text)

    table = writer.table(2)
    header = table.rows[0].cells
    _write(header[0].merge(header[1])._tc.p_lst[0], labels.outputs_heading(), bold=True)
    _repeat_as_header(table.rows[0])
    bullet = writer.style_ids["List Bullet"]
    for row in narrative["outputs"]:
        label_cell, items_cell = table.add_row().cells
        _write(label_cell._tc.p_lst[0], labels.category_label(row["category"]), bold=True)
        if not row["items"]:
            _write(items_cell._tc.p_lst[0], labels.none_recorded())
            continue
        for index, item in enumerate(row["items"]):
            p = items_cell._tc.p_lst[0] if index == 0 else items_cell._tc.add_p()
            p.style = bullet
            _write(p, item)
    _widths(table, [4, 13.4])
