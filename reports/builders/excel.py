"""The report as an Excel workbook: a summary sheet, one sheet per outcome, and a flat data sheet."""

import io
import re
import zipfile

from django.utils.translation import gettext
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.writer.excel import ExcelWriter

from rbm.cells import xlsx_append, xlsx_set
from reports.builders import ReportDocument, labels
from reports.builders.archive import restamp

BOLD = Font(bold=True)
TITLE = Font(bold=True, size=14)
HEADING = Font(bold=True, size=12)
HEAD_FILL = PatternFill("solid", fgColor="E8ECF3")
WRAP = Alignment(wrap_text=True, vertical="top")
_SHEET_UNSAFE = re.compile(r"[\[\]:*?/\\]")


def build(document: ReportDocument) -> bytes:
    data = document.data
    workbook = Workbook()
    read_at = document.data_read_at.replace(tzinfo=None)
    workbook.properties.creator = "RBM"
    workbook.properties.title = labels.title(data)
    workbook.properties.subject = document.content_hash
    workbook.properties.created = read_at
    workbook.properties.modified = read_at

    _summary_sheet(workbook.active, document)
    used = {workbook.active.title}
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


def _results_annex_sheet(sheet, data: dict) -> None:
    """The annex "results by indicator": one row per result, under its indicator and region."""
    xlsx_append(sheet, [labels.results_annex_heading()])
    sheet.cell(row=1, column=1).font = HEADING
    _header(sheet, [labels.indicators_column(), gettext("Region"), *labels.results_annex_columns()])
    for indicator in labels.results_annex(data):
        if not indicator["regions"]:
            xlsx_append(sheet, [indicator["heading"], "", labels.no_results()])
        for region, rows in indicator["regions"]:
            for row in rows:
                xlsx_append(sheet, [indicator["heading"], region, *row])
                for cell in sheet[sheet.max_row]:
                    cell.alignment = WRAP
    _widths(sheet, [40, 18, 24, 12, 36, 12, 60])


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


def _summary_sheet(sheet, document: ReportDocument) -> None:
    data = document.data
    sheet.title = gettext("Summary")
    xlsx_append(sheet, [labels.title(data)])
    sheet["A1"].font = TITLE
    xlsx_append(sheet, [data["framework"]])
    xlsx_append(sheet, [labels.provenance(data_read_at=document.data_read_at, content_hash=document.content_hash)])
    xlsx_append(sheet, [])
    xlsx_append(sheet, [labels.summary_heading()])
    sheet.cell(row=sheet.max_row, column=1).font = HEADING
    xlsx_append(sheet, [labels.summary_sentence(data["summary"])])
    _header(sheet, labels.summary_columns())
    for row in labels.summary_rows(data["summary"]):
        xlsx_append(sheet, row)
    for cell in sheet[sheet.max_row]:
        cell.font = BOLD
    if restated := labels.restatements_table(data):
        heading, columns, rows = restated
        sheet.append([])
        sheet.append([heading])
        sheet.cell(row=sheet.max_row, column=1).font = HEADING
        if rows:
            _header(sheet, columns)
            for row in rows:
                sheet.append(row)
                for cell in sheet[sheet.max_row]:
                    # Reasons are typed by people: text, never a formula Excel would run.
                    if isinstance(cell.value, str) and cell.value.startswith("="):
                        cell.data_type = "s"
        else:
            sheet.append([labels.no_restatements()])
    _widths(sheet, [80, 12, 14, 16, 12])


def _outcome_sheet(sheet, data: dict, outcome: dict) -> None:
    regions = data["regions"]
    biennium = data["biennium"]
    xlsx_append(sheet, [labels.outcome_heading(outcome)])
    sheet["A1"].font = HEADING
    xlsx_append(sheet, [])
    if outcome["indicators"]:
        columns = 3 + len(regions)
        xlsx_append(
            sheet, [labels.indicators_column(), labels.targets_column(biennium), labels.results_column(biennium)]
        )
        first = sheet.max_row
        xlsx_append(sheet, [None, None, labels.total_column(), *(region["short_name"] for region in regions)])
        sheet.merge_cells(start_row=first, start_column=1, end_row=first + 1, end_column=1)
        sheet.merge_cells(start_row=first, start_column=2, end_row=first + 1, end_column=2)
        sheet.merge_cells(start_row=first, start_column=3, end_row=first, end_column=columns)
        for row in sheet.iter_rows(min_row=first, max_row=first + 1, max_col=columns):
            for cell in row:
                cell.font, cell.fill, cell.alignment = BOLD, HEAD_FILL, WRAP
        territories = False
        for indicator in outcome["indicators"]:
            places = []
            for region in regions:
                names = indicator["places"][region["name"]]
                territories = territories or any(place["territory"] for place in names)
                places.append("\n".join(labels.place_name(place) for place in names))
            total = "\n".join([indicator["label"], labels.target_status(indicator)])
            xlsx_append(sheet, [labels.indicator_heading(indicator), labels.target_text(indicator), total, *places])
            for cell in sheet[sheet.max_row]:
                cell.alignment = WRAP
        if territories:
            xlsx_append(sheet, [labels.territory_note()])
        if notes := labels.figure_notes(outcome):
            xlsx_append(sheet, [labels.figure_notes_heading()])
            for code, note in notes:
                xlsx_append(sheet, [code, note])
    else:
        xlsx_append(sheet, [labels.no_indicators()])

    narrative = outcome["narrative"]
    if not narrative["recorded"]:
        xlsx_append(sheet, [])
        xlsx_append(sheet, [labels.no_narrative()])
    else:
        for section in narrative["sections"]:
            if section["paragraphs"]:
                _text_block(sheet, labels.section_heading(section["name"], biennium), section["paragraphs"])
        _text_block(sheet, labels.outputs_heading(), narrative["outputs_introduction"])
        for row in narrative["outputs"]:
            xlsx_append(sheet, [labels.category_label(row["category"])])
            sheet.cell(row=sheet.max_row, column=1).font = BOLD
            for item in row["items"] or [labels.none_recorded()]:
                xlsx_append(sheet, [f"• {item}" if row["items"] else item])
                sheet.cell(row=sheet.max_row, column=1).alignment = WRAP

    xlsx_append(sheet, [])
    xlsx_append(sheet, [labels.annex_heading()])
    sheet.cell(row=sheet.max_row, column=1).font = HEADING
    if outcome["recommendations"]:
        _header(sheet, labels.annex_columns())
        for item in outcome["recommendations"]:
            xlsx_append(
                sheet,
                [
                    labels.evaluation_cell(item),
                    item["number"],
                    item["text"],
                    labels.stance(item),
                    labels.follow_up(item),
                ],
            )
            for cell in sheet[sheet.max_row]:
                cell.alignment = WRAP
    else:
        xlsx_append(sheet, [labels.no_recommendations()])
    _widths(sheet, [60, 18, 22] + [22] * len(regions))


def _text_block(sheet, heading: str, paragraphs: list[str]) -> None:
    xlsx_append(sheet, [])
    xlsx_append(sheet, [heading])
    sheet.cell(row=sheet.max_row, column=1).font = HEADING
    for paragraph in paragraphs:
        xlsx_append(sheet, [paragraph])
        sheet.cell(row=sheet.max_row, column=1).alignment = WRAP


def _data_sheet(sheet, data: dict) -> None:
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
    _header(sheet, header, row_one=True)
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
                    xlsx_append(sheet, [*common, region["name"], place["name"], yes if place["territory"] else no])
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(header))}{max(sheet.max_row, 1)}"
    _widths(sheet, [10, 9, 10, 50, 8, 18, 8, 30, 10, 24, 30, 10])


def _reconciliation_sheet(sheet, data: dict) -> None:
    """The discrepancies between derived and published figures: a check sheet, apart from the published tables."""
    xlsx_append(sheet, [labels.reconciliation_heading()])
    sheet["A1"].font = HEADING
    xlsx_append(sheet, [labels.reconciliation_intro()])
    xlsx_append(sheet, [])
    rows = labels.reconciliation_rows(data)
    if rows:
        _header(sheet, labels.reconciliation_columns())
        for row in rows:
            xlsx_append(sheet, row)
            for cell in sheet[sheet.max_row]:
                cell.alignment = WRAP
    else:
        xlsx_append(sheet, [labels.reconciliation_none()])
    _widths(sheet, [10, 10, 30, 80])


def _header(sheet, texts: list[str], *, row_one: bool = False) -> None:
    if row_one:
        for column, text in enumerate(texts, start=1):
            xlsx_set(sheet.cell(row=1, column=column), text)
    else:
        xlsx_append(sheet, texts)
    for cell in sheet[sheet.max_row if not row_one else 1]:
        cell.font, cell.fill = BOLD, HEAD_FILL


def _widths(sheet, widths: list[int]) -> None:
    for column, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(column)].width = width
