"""The report as an Excel workbook: a summary sheet, one sheet per outcome, and a flat data sheet.

Written in openpyxl's write-only mode: each row goes to the sheet's temporary file as it is appended,
so the workbook's size does not grow the memory of the process (a scale-10 annex has tens of thousands
of rows), and appending stays linear (an ordinary sheet's `max_row` walks every cell). Column widths and
frozen panes are therefore set before a sheet's first row, merged ranges and filters by row number.
"""

import io
import re
import zipfile
from copy import copy

from django.utils.translation import gettext
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.styles.cell_style import StyleArray
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.cell_range import CellRange
from openpyxl.writer.excel import ExcelWriter

from rbm.cells import xlsx_cell
from reports.builders import ReportDocument, labels
from reports.builders.archive import restamp

BOLD = Font(bold=True)
TITLE = Font(bold=True, size=14)
HEADING = Font(bold=True, size=12)
HEAD_FILL = PatternFill("solid", fgColor="E8ECF3")
WRAP = Alignment(wrap_text=True, vertical="top")
_SHEET_UNSAFE = re.compile(r"[\[\]:*?/\\]")


class _Sheet:
    """A write-only sheet and the number of its last row; each row is styled as it is appended.

    A style is registered with the workbook once per combination of font, fill and alignment, and each
    cell then takes a copy of its indices (`_style`, as openpyxl's own documentation copies styles):
    setting `cell.font` and the rest hashes the style against the workbook's list on every cell, a third
    of the time of an annex of tens of thousands of rows.
    """

    def __init__(self, sheet, widths: list[int]) -> None:
        self.sheet = sheet
        self.rows = 0
        self.styles: dict[tuple[int, int, int], StyleArray] = {}
        for column, width in enumerate(widths, start=1):
            sheet.column_dimensions[get_column_letter(column)].width = width

    def _style(self, font, fill, alignment) -> StyleArray:
        key = (id(font), id(fill), id(alignment))
        if key not in self.styles:
            prototype = WriteOnlyCell(self.sheet)
            if font is not None:
                prototype.font = font
            if fill is not None:
                prototype.fill = fill
            if alignment is not None:
                prototype.alignment = alignment
            self.styles[key] = prototype._style
        return self.styles[key]

    def add(self, values: list, *, font=None, fill=None, alignment=None, first_only: bool = False) -> None:
        """Append a row; `font`, `fill` and `alignment` go to its cells (its first cell only, with `first_only`)."""
        style = None if font is fill is alignment is None else self._style(font, fill, alignment)
        cells = []
        for index, value in enumerate(values):
            if value is None:
                cells.append(None)
                continue
            cell = xlsx_cell(self.sheet, value)
            if style is not None and not (first_only and index):
                quoted = cell.quotePrefix  # a text cell that reads like a formula keeps its quote prefix
                cell._style = copy(style)
                if quoted:
                    cell.quotePrefix = True
            cells.append(cell)
        self.sheet.append(cells)
        self.rows += 1

    def header(self, texts: list) -> None:
        self.add(texts, font=BOLD, fill=HEAD_FILL)


def build(document: ReportDocument) -> bytes:
    data = document.data
    workbook = Workbook(write_only=True)
    read_at = document.data_read_at.replace(tzinfo=None)
    workbook.properties.creator = "RBM"
    workbook.properties.title = labels.title(data)
    workbook.properties.subject = document.content_hash
    workbook.properties.created = read_at
    workbook.properties.modified = read_at

    used: set[str] = set()
    _summary_sheet(workbook.create_sheet(_sheet_title(gettext("Summary"), used)), document)
    for outcome in data["outcomes"]:
        sheet = workbook.create_sheet(_sheet_title(labels.outcome_heading(outcome).split(":")[0], used))
        _outcome_sheet(sheet, data, outcome)
    _results_annex_sheet(workbook.create_sheet(_sheet_title(_results_annex_title(), used)), data)
    _data_sheet(workbook.create_sheet(_sheet_title(_data_title(), used)), data)
    _reconciliation_sheet(workbook.create_sheet(_sheet_title(labels.reconciliation_sheet_title(), used)), data)

    buffer = io.BytesIO()
    # ExcelWriter rather than Workbook.save, which stamps the file with the current time.
    ExcelWriter(workbook, zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, allowZip64=True)).save()
    return restamp(buffer.getvalue(), when=document.data_read_at)


def _results_annex_title() -> str:
    return gettext("Results by indicator")


def _results_annex_sheet(worksheet, data: dict) -> None:
    """The annex "results by indicator": one row per result, under its indicator and region."""
    sheet = _Sheet(worksheet, [40, 18, 24, 12, 36, 12, 60])
    sheet.add([labels.results_annex_heading()], font=HEADING)
    sheet.header([labels.indicators_column(), gettext("Region"), *labels.results_annex_columns()])
    for indicator in labels.results_annex_iter(data):
        if not indicator["regions"]:
            sheet.add([indicator["heading"], "", labels.no_results()])
        for region, rows in indicator["regions"]:
            for row in rows:
                sheet.add([indicator["heading"], region, *row], alignment=WRAP)


def _data_title() -> str:
    return gettext("Data")


def _sheet_title(wanted: str, used: set[str]) -> str:
    title = _SHEET_UNSAFE.sub("-", wanted)[:31] or "Sheet"
    candidate, number = title, 2
    while candidate in used:
        suffix = f" ({number})"
        candidate, number = title[: 31 - len(suffix)] + suffix, number + 1
    used.add(candidate)
    return candidate


def _summary_sheet(worksheet, document: ReportDocument) -> None:
    data = document.data
    sheet = _Sheet(worksheet, [80, 12, 14, 16, 12])
    sheet.add([labels.title(data)], font=TITLE)
    sheet.add([data["framework"]])
    sheet.add([labels.provenance(data_read_at=document.data_read_at, content_hash=document.content_hash)])
    sheet.add([])
    sheet.add([labels.summary_heading()], font=HEADING)
    sheet.add([labels.summary_sentence(data["summary"])])
    sheet.header(labels.summary_columns())
    rows = labels.summary_rows(data["summary"])
    for row in rows[:-1]:
        sheet.add(row)
    sheet.add(rows[-1], font=BOLD)
    if restated := labels.restatements_table(data):
        heading, columns, changes = restated
        sheet.add([])
        sheet.add([heading], font=HEADING)
        if changes:
            sheet.header(columns)
            for change in changes:
                # Reasons are typed by people: text cells, never a formula Excel would run.
                sheet.add(change)
        else:
            sheet.add([labels.no_restatements()])


def _outcome_sheet(worksheet, data: dict, outcome: dict) -> None:
    regions = data["regions"]
    biennium = data["biennium"]
    sheet = _Sheet(worksheet, [60, 18, 22] + [22] * len(regions))
    sheet.add([labels.outcome_heading(outcome)], font=HEADING)
    sheet.add([])
    if outcome["indicators"]:
        columns = 3 + len(regions)
        first = sheet.rows + 1
        heads = {"font": BOLD, "fill": HEAD_FILL, "alignment": WRAP}
        top = [labels.indicators_column(), labels.targets_column(biennium), labels.results_column(biennium)]
        sheet.add(top + [""] * (columns - 3), **heads)
        sheet.add(["", "", labels.total_column(), *(region["short_name"] for region in regions)], **heads)
        for merged in ((first, 1, first + 1, 1), (first, 2, first + 1, 2), (first, 3, first, columns)):
            worksheet.merged_cells.add(
                CellRange(min_row=merged[0], min_col=merged[1], max_row=merged[2], max_col=merged[3])
            )
        territories = False
        for indicator in outcome["indicators"]:
            places = []
            for region in regions:
                names = indicator["places"][region["name"]]
                territories = territories or any(place["territory"] for place in names)
                places.append("\n".join(labels.place_name(place) for place in names))
            total = "\n".join([indicator["label"], labels.target_status(indicator)])
            sheet.add(
                [labels.indicator_heading(indicator), labels.target_text(indicator), total, *places], alignment=WRAP
            )
        if territories:
            sheet.add([labels.territory_note()])
        if notes := labels.figure_notes(outcome):
            sheet.add([labels.figure_notes_heading()])
            for code, note in notes:
                sheet.add([code, note])
    else:
        sheet.add([labels.no_indicators()])

    narrative = outcome["narrative"]
    if not narrative["recorded"]:
        sheet.add([])
        sheet.add([labels.no_narrative()])
    else:
        for section in narrative["sections"]:
            if section["paragraphs"]:
                _text_block(sheet, labels.section_heading(section["name"], biennium), section["paragraphs"])
        _text_block(sheet, labels.outputs_heading(), narrative["outputs_introduction"])
        for row in narrative["outputs"]:
            sheet.add([labels.category_label(row["category"])], font=BOLD)
            for item in row["items"] or [labels.none_recorded()]:
                sheet.add([f"• {item}" if row["items"] else item], alignment=WRAP)

    sheet.add([])
    sheet.add([labels.annex_heading()], font=HEADING)
    if outcome["recommendations"]:
        sheet.header(labels.annex_columns())
        for item in outcome["recommendations"]:
            sheet.add(
                [
                    labels.evaluation_cell(item),
                    item["number"],
                    item["text"],
                    labels.stance(item),
                    labels.follow_up(item),
                ],
                alignment=WRAP,
            )
    else:
        sheet.add([labels.no_recommendations()])


def _text_block(sheet: _Sheet, heading: str, paragraphs: list[str]) -> None:
    sheet.add([])
    sheet.add([heading], font=HEADING)
    for paragraph in paragraphs:
        sheet.add([paragraph], alignment=WRAP)


def _data_sheet(worksheet, data: dict) -> None:
    """One row per indicator and place: the table behind the report, ready to filter and pivot."""
    header = [
        gettext("Biennium"),
        gettext("Outcome"),
        gettext("Indicator"),
        gettext("Indicator statement"),
        gettext("Target"),
        gettext("Target as published"),
        gettext("Result"),
        gettext("Result label"),
        gettext("Target met"),
        gettext("Region"),
        gettext("Place"),
        gettext("Territory"),
    ]
    sheet = _Sheet(worksheet, [10, 9, 10, 50, 8, 18, 8, 30, 10, 24, 30, 10])
    worksheet.freeze_panes = "A2"
    sheet.header(header)
    yes, no = gettext("yes"), gettext("no")
    for outcome in data["outcomes"]:
        for indicator in outcome["indicators"]:
            common = [
                data["biennium"],
                outcome["number"],
                indicator["code"],
                indicator["statement"],
                indicator["target"],
                indicator["target_text"],
                indicator["result"],
                indicator["label"],
                None if indicator["target_met"] is None else (yes if indicator["target_met"] else no),
            ]
            for region in data["regions"]:
                for place in indicator["places"][region["name"]]:
                    sheet.add([*common, region["name"], place["name"], yes if place["territory"] else no])
    worksheet.auto_filter.ref = f"A1:{get_column_letter(len(header))}{sheet.rows}"


def _reconciliation_sheet(worksheet, data: dict) -> None:
    """The discrepancies between derived and published figures: a check sheet, apart from the published tables."""
    sheet = _Sheet(worksheet, [10, 10, 30, 80])
    sheet.add([labels.reconciliation_heading()], font=HEADING)
    sheet.add([labels.reconciliation_intro()])
    sheet.add([])
    rows = labels.reconciliation_rows(data)
    if rows:
        sheet.header(labels.reconciliation_columns())
        for row in rows:
            sheet.add(row, alignment=WRAP)
    else:
        sheet.add([labels.reconciliation_none()])
