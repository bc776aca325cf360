"""The revised activity matrix of a plan of action, in the layout of its appendix plus a status column:
category, activity, means of action (key outputs in bold), timing, the revision's added column, and
where each key output stands in the biennium. Web page, Word, Excel and PDF, from the same data."""

import io
import zipfile
from datetime import UTC

from django.template.loader import render_to_string
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from docx import Document
from docx.enum.section import WD_ORIENT
from docx.shared import Cm, Pt
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.writer.excel import ExcelWriter

from reports.builders import ReportDocument, labels
from reports.builders.archive import restamp
from reports.builders.web import _css_string


def _status_label(value: str) -> str:
    from plans.models import KeyOutputStatus

    return str(dict(KeyOutputStatus.Status.choices).get(value, _("not reported")))


def title(data) -> str:
    return _("Revised activity matrix: %(title)s %(period)s") % {
        "title": data["plan"]["title"],
        "period": data["plan"]["period"],
    }


def subtitle(data) -> str:
    return _("%(symbol)s, as revised by %(revision)s; status of the key outputs in %(biennium)s.") % {
        "symbol": data["plan"]["symbol"],
        "revision": data["revision"]["symbol"],
        "biennium": data["biennium"],
    }


def columns(data) -> list[str]:
    names = [_("Category of activities"), _("Activity"), _("Means of action (key outputs in bold)"), _("Timing")]
    if data["revision"]["extra_column"]:
        names.append(data["revision"]["extra_column"])
    names.append(_("Status in %(biennium)s") % {"biennium": data["biennium"]})
    return names


def status_lines(data, means) -> list[str]:
    lines = []
    for output in means["key_outputs"]:
        text = f"{output['text']}: {_status_label(output['status'])}"
        if output["status"] and output.get("biennium") != data["biennium"]:
            text += f" ({output['biennium']})"
        if output["status"] == "dropped" and output.get("reason"):
            text += f" — {output['reason']}"
        lines.append(text)
    return lines


def rows(data) -> list[dict]:
    """One row per means of action; category and activity cells span their rows."""
    found = []
    for category in data["categories"]:
        span = sum(max(len(activity["means"]), 1) for activity in category["activities"])
        first = True
        for activity in category["activities"]:
            for index, means in enumerate(activity["means"] or [None]):
                found.append(
                    {
                        "category": _category_label(category) if first else None,
                        "category_span": span,
                        "activity": _activity_label(category, activity) if index == 0 else None,
                        "activity_span": max(len(activity["means"]), 1),
                        "means": means,
                        "status": status_lines(data, means) if means else [],
                    }
                )
                first = False
    return found


def _category_label(category) -> str:
    return category["title"] if category["cross_cutting"] else f"{category['code']}. {category['title']}"


def _activity_label(category, activity) -> str:
    return activity["text"] if category["cross_cutting"] else f"{activity['number']}. {activity['text']}"


def _means_prefix(means) -> str:
    return f"({means['numeral']}) " if means["numeral"] else ""


def _pieces(means) -> list[tuple[str, bool]]:
    """The means' text cut into (text, bold) pieces, its key outputs bold."""
    text, position, pieces = means["text"], 0, []
    for output in means["key_outputs"]:
        found = text.find(output["text"], position)
        if found < 0:
            continue
        pieces.append((text[position:found], False))
        pieces.append((output["text"], True))
        position = found + len(output["text"])
    pieces.append((text[position:], False))
    return [(piece, bold) for piece, bold in pieces if piece]


def _html_means(means) -> str:
    parts = [escape(_means_prefix(means))]
    for piece, bold in _pieces(means):
        parts.append(f"<strong>{escape(piece)}</strong>" if bold else escape(piece))
    return mark_safe("".join(parts))  # noqa: S308 - every piece is escaped


def render(document: ReportDocument) -> str:
    data = document.data
    table_rows = [{**row, "means_html": _html_means(row["means"]) if row["means"] else ""} for row in rows(data)]
    return render_to_string(
        "reports/plan_matrix.html",
        {
            "language": get_language() or "en",
            "title": title(data),
            "subtitle": subtitle(data),
            "matrix_title": data["revision"]["matrix_title"],
            "provenance": labels.provenance(data_read_at=document.data_read_at, content_hash=document.content_hash),
            "content_hash": document.content_hash,
            "created": document.data_read_at.isoformat(),
            "columns": columns(data),
            "has_extra": bool(data["revision"]["extra_column"]),
            "rows": table_rows,
            "page_label": _css_string(labels.page_label()),
            "of_label": _css_string(labels.of_label()),
            "running_title": _css_string(data["plan"]["symbol"]),
        },
    )


def build_html(document: ReportDocument) -> bytes:
    return render(document).encode("utf-8")


def build_pdf(document: ReportDocument) -> bytes:
    from weasyprint import HTML

    return HTML(string=render(document)).write_pdf()


def build_docx(document: ReportDocument) -> bytes:
    data = document.data
    doc = Document()
    properties = doc.core_properties
    properties.title = title(data)
    properties.subject = document.content_hash
    properties.author = properties.last_modified_by = "RBM"
    properties.revision = 1
    read_at = document.data_read_at.astimezone(UTC).replace(tzinfo=None)
    properties.created = properties.modified = read_at
    section = doc.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Cm(29.7), Cm(21)
    section.left_margin = section.right_margin = Cm(1.5)
    doc.styles["Normal"].font.size = Pt(9)
    doc.add_heading(title(data), 0)
    doc.add_paragraph(subtitle(data))
    doc.add_paragraph(labels.provenance(data_read_at=document.data_read_at, content_hash=document.content_hash))
    if data["revision"]["matrix_title"]:
        doc.add_heading(data["revision"]["matrix_title"], 1)
    names = columns(data)
    table = doc.add_table(rows=1, cols=len(names))
    table.style = doc.styles["Table Grid"]
    for cell, name in zip(table.rows[0].cells, names, strict=True):
        cell.paragraphs[0].add_run(name).bold = True
    category_cell = activity_cell = None
    for row in rows(data):
        cells = table.add_row().cells
        if row["category"] is not None:
            cells[0].text = row["category"]
            category_cell = cells[0]
        elif category_cell is not None:
            category_cell = category_cell.merge(cells[0])
        if row["activity"] is not None:
            cells[1].text = row["activity"]
            activity_cell = cells[1]
        elif activity_cell is not None:
            activity_cell = activity_cell.merge(cells[1])
        means = row["means"]
        if means:
            paragraph = cells[2].paragraphs[0]
            paragraph.add_run(_means_prefix(means))
            for piece, bold in _pieces(means):
                paragraph.add_run(piece).bold = bold
            cells[3].text = means["timing"]
            if len(names) == 6:
                cells[4].text = means["extra"]
        cells[-1].text = "\n".join(row["status"])
    buffer = io.BytesIO()
    doc.save(buffer)
    return restamp(buffer.getvalue(), when=document.data_read_at)


def build_xlsx(document: ReportDocument) -> bytes:
    data = document.data
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Activity matrix")[:31]
    read_at = document.data_read_at.replace(tzinfo=None)
    workbook.properties.creator = "RBM"
    workbook.properties.title = title(data)
    workbook.properties.subject = document.content_hash
    workbook.properties.created = workbook.properties.modified = read_at
    sheet.append([title(data)])
    sheet["A1"].font = Font(bold=True, size=14)
    sheet.append([subtitle(data)])
    sheet.append([labels.provenance(data_read_at=document.data_read_at, content_hash=document.content_hash)])
    sheet.append([])
    names = [_("Ref."), *columns(data), _("Key outputs")]
    sheet.append(names)
    fill = PatternFill("solid", fgColor="E8ECF3")
    for cell in sheet[sheet.max_row]:
        cell.font = Font(bold=True)
        cell.fill = fill
    wrap = Alignment(wrap_text=True, vertical="top")
    for row in rows(data):
        means = row["means"] or {"ref": "", "text": "", "timing": "", "extra": "", "key_outputs": [], "numeral": ""}
        values = [
            means["ref"],
            row["category"] or "",
            row["activity"] or "",
            _means_prefix(means) + means["text"] if row["means"] else "",
            means["timing"],
        ]
        if data["revision"]["extra_column"]:
            values.append(means["extra"])
        values.append("\n".join(row["status"]))
        values.append("; ".join(output["text"] for output in means["key_outputs"]))
        sheet.append(values)
        for cell in sheet[sheet.max_row]:
            cell.alignment = wrap
    for letter, width in zip("ABCDEFGH", (9, 28, 40, 60, 14, 40, 34, 30), strict=False):
        sheet.column_dimensions[letter].width = width
    sheet.freeze_panes = "A6"
    buffer = io.BytesIO()
    ExcelWriter(workbook, zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, allowZip64=True)).save()
    return restamp(buffer.getvalue(), when=document.data_read_at)


BUILD = {"html": build_html, "docx": build_docx, "xlsx": build_xlsx, "pdf": build_pdf}
