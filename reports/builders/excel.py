"""The report as an Excel workbook: a summary sheet, one sheet per outcome, and a flat data sheet.

Written with XlsxWriter, which writes a sheet's XML from its rows in one pass: a scale-10 annex has tens of
thousands of rows, and openpyxl's write-only mode, building a cell object and an XML element for each, took
four times as long. Cells go through `rbm.cells.XlsxRows`, the rules every workbook RBM writes follows; the
two long sheets (the results annex, the data sheet) have their rows written as SpreadsheetML text by the same
rules (`rbm.cells.XlsxStreamedRows`), halving the time again, and spliced in when the file is saved.
"""

import io
import re

import xlsxwriter
from django.utils.translation import gettext

from rbm.cells import XLSXWRITER_OPTIONS, XlsxRows, XlsxStreamedRows
from reports.builders import ReportDocument, labels
from reports.builders.archive import restamp

BOLD = {"bold": True}
TITLE = {"bold": True, "font_size": 14}
HEADING = {"bold": True, "font_size": 12}
HEAD = {"bold": True, "bg_color": "#E8ECF3", "pattern": 1}
HEAD_WRAPPED = {**HEAD, "text_wrap": True, "valign": "top"}
WRAP = {"text_wrap": True, "valign": "top"}
_SHEET_UNSAFE = re.compile(r"[\[\]:*?/\\]")


class _Sheet:
    """A sheet and the number of rows written to it; each row is styled as it is written."""

    def __init__(self, cells: XlsxRows, sheet, widths: list[int]) -> None:
        self.cells = cells
        self.sheet = sheet
        self.rows = 0
        for column, width in enumerate(widths):
            sheet.set_column(column, column, width)

    def add(self, values: list, *, style: dict | None = None) -> None:
        """Write a row; `style` goes to its cells."""
        write, sheet, row = self.cells.write, self.sheet, self.rows
        for column, value in enumerate(values):
            if value is not None:
                write(sheet, row, column, value, style)
        self.rows += 1

    def header(self, texts: list) -> None:
        self.add(texts, style=HEAD)


def build(document: ReportDocument) -> bytes:
    data = document.data
    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(buffer, {**XLSXWRITER_OPTIONS, "in_memory": True})
    workbook.set_properties(
        {
            "title": labels.title(data),
            "subject": document.content_hash,
            "author": "RBM",
            # The data's time, never the clock's: the same data gives the same file.
            "created": document.data_read_at.replace(tzinfo=None),
        }
    )
    cells = XlsxRows(workbook)

    def sheet(wanted: str):
        return workbook.add_worksheet(_sheet_title(wanted, used))

    used: set[str] = set()
    _summary_sheet(cells, sheet(gettext("Summary")), document)
    for outcome in data["outcomes"]:
        _outcome_sheet(cells, sheet(labels.outcome_heading(outcome).split(":")[0]), data, outcome)
    annex = _results_annex_sheet(cells, sheet(_results_annex_title()), data)
    table = _data_sheet(cells, sheet(_data_title()), data)
    _reconciliation_sheet(cells, sheet(labels.reconciliation_sheet_title()), data)
    workbook.close()
    return restamp(
        buffer.getvalue(),
        when=document.data_read_at,
        rewrite={streamed.member: streamed.splice for streamed in (annex, table)},
    )


def _results_annex_title() -> str:
    return gettext("Results by indicator")


def _results_annex_sheet(cells: XlsxRows, worksheet, data: dict) -> XlsxStreamedRows:
    """The annex "results by indicator": one row per result, under its indicator and region (tens of thousands
    of rows at scale 10: streamed, see `XlsxStreamedRows`)."""
    sheet = _Sheet(cells, worksheet, [40, 18, 24, 12, 36, 12, 60])
    sheet.add([labels.results_annex_heading()], style=HEADING)
    sheet.header([labels.indicators_column(), gettext("Region"), *labels.results_annex_columns()])
    rows = XlsxStreamedRows(cells, worksheet, first_row=sheet.rows)
    for indicator in labels.results_annex_iter(data):
        if not indicator["regions"]:
            rows.add([indicator["heading"], "", labels.no_results()])
        for region, results in indicator["regions"]:
            for row in results:
                rows.add([indicator["heading"], region, *row], style=WRAP)
    return rows


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


def _summary_sheet(cells: XlsxRows, worksheet, document: ReportDocument) -> None:
    data = document.data
    sheet = _Sheet(cells, worksheet, [80, 12, 14, 16, 12])
    sheet.add([labels.title(data)], style=TITLE)
    sheet.add([data["framework"]])
    sheet.add([labels.provenance(data_read_at=document.data_read_at, content_hash=document.content_hash)])
    sheet.add([])
    sheet.add([labels.summary_heading()], style=HEADING)
    sheet.add([labels.summary_sentence(data["summary"])])
    sheet.header(labels.summary_columns())
    rows = labels.summary_rows(data["summary"])
    for row in rows[:-1]:
        sheet.add(row)
    sheet.add(rows[-1], style=BOLD)
    if restated := labels.restatements_table(data):
        heading, columns, changes = restated
        sheet.add([])
        sheet.add([heading], style=HEADING)
        if changes:
            sheet.header(columns)
            for change in changes:
                # Reasons are typed by people: text cells, never a formula Excel would run.
                sheet.add(change)
        else:
            sheet.add([labels.no_restatements()])


def _outcome_sheet(cells: XlsxRows, worksheet, data: dict, outcome: dict) -> None:
    regions = data["regions"]
    biennium = data["biennium"]
    sheet = _Sheet(cells, worksheet, [60, 18, 22] + [22] * len(regions))
    sheet.add([labels.outcome_heading(outcome)], style=HEADING)
    sheet.add([])
    if outcome["indicators"]:
        columns = 3 + len(regions)
        first = sheet.rows
        top = [labels.indicators_column(), labels.targets_column(biennium), labels.results_column(biennium)]
        # Indicators and targets span both heading rows; the results heading spans the total and the regions.
        spans = ((first, 0, first + 1, 0), (first, 1, first + 1, 1), (first, 2, first, columns - 1))
        for span, text in zip(spans, top, strict=True):
            cells.merge(worksheet, span, text, HEAD_WRAPPED)
        sheet.rows += 1
        sheet.add(
            [None, None, labels.total_column(), *(region["short_name"] for region in regions)], style=HEAD_WRAPPED
        )
        territories = False
        for indicator in outcome["indicators"]:
            places = []
            for region in regions:
                names = indicator["places"][region["name"]]
                territories = territories or any(place["territory"] for place in names)
                places.append("\n".join(labels.place_name(place) for place in names))
            total = "\n".join([indicator["label"], labels.target_status(indicator)])
            sheet.add([labels.indicator_heading(indicator), labels.target_text(indicator), total, *places], style=WRAP)
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
            sheet.add([labels.category_label(row["category"])], style=BOLD)
            for item in row["items"] or [labels.none_recorded()]:
                sheet.add([f"• {item}" if row["items"] else item], style=WRAP)

    sheet.add([])
    sheet.add([labels.annex_heading()], style=HEADING)
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
                style=WRAP,
            )
    else:
        sheet.add([labels.no_recommendations()])


def _text_block(sheet: _Sheet, heading: str, paragraphs: list[str]) -> None:
    sheet.add([])
    sheet.add([heading], style=HEADING)
    for paragraph in paragraphs:
        sheet.add([paragraph], style=WRAP)


def _data_sheet(cells: XlsxRows, worksheet, data: dict) -> XlsxStreamedRows:
    """One row per indicator and place: the table behind the report, ready to filter and pivot (streamed, as the
    annex is: thousands of rows at scale 10)."""
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
    sheet = _Sheet(cells, worksheet, [10, 9, 10, 50, 8, 18, 8, 30, 10, 24, 30, 10])
    worksheet.freeze_panes(1, 0)
    sheet.header(header)
    rows = XlsxStreamedRows(cells, worksheet, first_row=sheet.rows)
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
                    rows.add([*common, region["name"], place["name"], yes if place["territory"] else no])
    worksheet.autofilter(0, 0, rows.rows - 1, len(header) - 1)
    return rows


def _reconciliation_sheet(cells: XlsxRows, worksheet, data: dict) -> None:
    """The discrepancies between derived and published figures: a check sheet, apart from the published tables."""
    sheet = _Sheet(cells, worksheet, [10, 10, 30, 80])
    sheet.add([labels.reconciliation_heading()], style=HEADING)
    sheet.add([labels.reconciliation_intro()])
    sheet.add([])
    rows = labels.reconciliation_rows(data)
    if rows:
        sheet.header(labels.reconciliation_columns())
        for row in rows:
            sheet.add(row, style=WRAP)
    else:
        sheet.add([labels.reconciliation_none()])
