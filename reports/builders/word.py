"""The report as a Word document: headings, real tables, page numbers in the footer.

Rows are added with all their cells at once (`add_row().cells`); going through `table.cell(i, j)` for
each cell walks the whole table every time and gets slow on large tables.
"""

import io
from datetime import UTC

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

from reports.builders import ReportDocument, labels
from reports.builders.archive import restamp

SMALL = Pt(8)


def build(document: ReportDocument) -> bytes:
    data = document.data
    doc = Document()
    _set_up(doc, document)

    doc.add_heading(labels.title(data), level=0)
    doc.add_paragraph(f"{data['framework']}. {labels.subtitle(data)}.")
    _small(doc.add_paragraph(labels.provenance(data_read_at=document.data_read_at, content_hash=document.content_hash)))

    doc.add_heading(labels.summary_heading(), level=1)
    doc.add_paragraph(labels.summary_sentence(data["summary"]))
    _table(doc, labels.summary_columns(), labels.summary_rows(data["summary"]), widths=[9, 2, 2, 2, 2])

    regions = data["regions"]
    for outcome in data["outcomes"]:
        doc.add_page_break()
        doc.add_heading(labels.outcome_heading(outcome), level=1)
        _indicator_table(doc, data, outcome, regions)
        _narrative(doc, data, outcome)

    doc.add_page_break()
    doc.add_heading(labels.annex_heading(), level=1)
    for outcome in data["outcomes"]:
        doc.add_heading(labels.outcome_heading(outcome), level=2)
        if not outcome["recommendations"]:
            _small(doc.add_paragraph(labels.no_recommendations()))
            continue
        rows = [
            [labels.evaluation_cell(item), item["number"], item["text"], labels.stance(item), labels.follow_up(item)]
            for item in outcome["recommendations"]
        ]
        _table(doc, labels.annex_columns(), rows, widths=[4, 1, 7, 2.5, 3])

    buffer = io.BytesIO()
    doc.save(buffer)
    return restamp(buffer.getvalue(), when=document.data_read_at)


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
    section = doc.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.left_margin = section.right_margin = Cm(1.8)
    section.top_margin = section.bottom_margin = Cm(2)
    footer = section.footer.paragraphs[0]
    footer.alignment = 1
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


def _small(paragraph, color: RGBColor | None = None):
    for run in paragraph.runs:
        run.font.size = SMALL
        if color is not None:
            run.font.color.rgb = color
    return paragraph


def _table(doc, header: list[str], rows: list[list], *, widths: list[float]):
    table = doc.add_table(rows=1, cols=len(header))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    _header_row(table.rows[0], header)
    for values in rows:
        for cell, value in zip(table.add_row().cells, values, strict=True):
            cell.text = str(value)
    _finish(table, widths)
    return table


def _header_row(row, texts: list[str]) -> None:
    for cell, text in zip(row.cells, texts, strict=True):
        cell.text = text
        for run in cell.paragraphs[0].runs:
            run.font.bold = True
    _repeat_as_header(row)


def _repeat_as_header(row) -> None:
    properties = row._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    properties.append(header)


def _finish(table, widths: list[float]) -> None:
    """Small type and fixed column widths, set once per column rather than per cell."""
    total = sum(widths)
    usable = 17.4
    for column, width in zip(table.columns, widths, strict=True):
        column.width = Cm(usable * width / total)
    for paragraph in _paragraphs(table):
        paragraph.paragraph_format.space_after = Pt(0)
        for run in paragraph.runs:
            run.font.size = SMALL


def _paragraphs(table):
    for row in table.rows:
        for cell in row.cells:
            yield from cell.paragraphs


def _indicator_table(doc, data: dict, outcome: dict, regions: list[dict]) -> None:
    if not outcome["indicators"]:
        _small(doc.add_paragraph(labels.no_indicators()))
        return
    biennium = data["biennium"]
    columns = 3 + len(regions)
    table = doc.add_table(rows=2, cols=columns)
    table.style = "Table Grid"
    first, second = table.rows[0].cells, table.rows[1].cells
    first[0].merge(second[0]).text = labels.indicators_column()
    first[1].merge(second[1]).text = labels.targets_column(biennium)
    first[2].merge(first[columns - 1]).text = labels.results_column(biennium)
    header = [labels.total_column(), *(region["short_name"] for region in regions)]
    for cell, text in zip(table.rows[1].cells[2:], header, strict=True):
        cell.text = text
    for row in table.rows[:2]:
        _repeat_as_header(row)
        for cell in row.cells:
            for run in cell.paragraphs[0].runs:
                run.font.bold = True

    territories = False
    for indicator in outcome["indicators"]:
        total = "\n".join([indicator["label"], labels.target_status(indicator), *indicator["discrepancies"]])
        places = []
        for region in regions:
            names = indicator["places"][region["name"]]
            territories = territories or any(place["territory"] for place in names)
            places.append("\n".join(labels.place_name(place) for place in names))
        values = [labels.indicator_heading(indicator), labels.target_text(indicator), total, *places]
        for cell, value in zip(table.add_row().cells, values, strict=True):
            cell.text = value
    _finish(table, [4.2, 1.6, 1.9] + [1.9] * len(regions))
    if territories:
        _small(doc.add_paragraph(labels.territory_note()))


def _narrative(doc, data: dict, outcome: dict) -> None:
    narrative = outcome["narrative"]
    if not narrative["recorded"]:
        _small(doc.add_paragraph(labels.no_narrative()))
        return
    for section in narrative["sections"]:
        if not section["paragraphs"]:
            continue
        doc.add_heading(labels.section_heading(section["name"], data["biennium"]), level=2)
        for text in section["paragraphs"]:
            doc.add_paragraph(text)
    doc.add_heading(labels.outputs_heading(), level=2)
    for text in narrative["outputs_introduction"]:
        doc.add_paragraph(text)
    bullet = doc.styles["List Bullet"]
    table = doc.add_table(rows=1, cols=2)
    table.style = "Table Grid"
    header = table.rows[0].cells
    merged = header[0].merge(header[1])
    merged.text = labels.outputs_heading()
    merged.paragraphs[0].runs[0].font.bold = True
    _repeat_as_header(table.rows[0])
    for row in narrative["outputs"]:
        label_cell, items_cell = table.add_row().cells
        label_cell.text = labels.category_label(row["category"])
        label_cell.paragraphs[0].runs[0].font.bold = True
        if not row["items"]:
            items_cell.text = labels.none_recorded()
            continue
        items_cell.text = row["items"][0]
        items_cell.paragraphs[0].style = bullet
        for item in row["items"][1:]:
            items_cell.add_paragraph(item, style=bullet)
    _finish(table, [4, 13.4])
