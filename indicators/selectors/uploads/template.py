"""The Excel template an officer fills in for one indicator and biennium."""

from io import BytesIO

from django.utils.translation import gettext_lazy as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from accounts.selectors import AnyUser
from indicators.models import Indicator, Result
from indicators.parsers.workbook import (
    ABOUT_SHEET,
    MAX_ROWS,
    PLACES_SHEET,
    RESULTS_SHEET,
    criteria_text,
    workbook_columns,
)
from indicators.selectors.results import place_list_recordable, result_list
from indicators.selectors.uploads.plan import PLACE_NOT_IN_SHEET
from outcomes.models import Biennium
from rbm.cells import xlsx_append


def result_upload_template(*, user: AnyUser, indicator: Indicator, biennium: Biennium) -> bytes:
    """An Excel workbook to fill in: the results the user may still change, places in scope, the criteria."""
    columns = workbook_columns(indicator=indicator)
    workbook = Workbook()
    sheet = workbook.worksheets[0]
    sheet.title = RESULTS_SHEET
    xlsx_append(sheet, [column.label for column in columns])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="DCE3EE")
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    for index, column in enumerate(columns, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = column.width
    sheet.freeze_panes = "A2"

    editable = (
        result_list(user=user, biennium=biennium, indicator_id=indicator.pk)
        .filter(status__in=[Result.Status.DRAFT, Result.Status.RETURNED])
        .prefetch_related("attachments")
    )
    for result in editable:
        values = {
            "place": result.place.name,
            "entity_name": result.entity_name,
            "description": result.description,
            "evidence": result.evidence,
            "criteria_met": criteria_text(result.criteria_met),
            "links": "\n".join(evidence.url for evidence in result.attachments.all() if evidence.url),
            "programme_outcome": result.programme_outcome.code if result.programme_outcome else "",
            "version": result.version,
        }
        xlsx_append(sheet, [values[column.key] for column in columns])

    places = workbook.create_sheet(PLACES_SHEET)
    names = [place.name for place in place_list_recordable(user=user, indicator=indicator)]
    for name in names:
        xlsx_append(places, [name])
    places.column_dimensions["A"].width = 40
    if names:
        choice = DataValidation(
            type="list", formula1=f"={PLACES_SHEET}!$A$1:$A${len(names)}", allow_blank=True, errorStyle="warning"
        )
        choice.error = str(PLACE_NOT_IN_SHEET % {"name": "…"})
        sheet.add_data_validation(choice)
        choice.add(f"A2:A{MAX_ROWS + 1}")

    about = workbook.create_sheet(ABOUT_SHEET)
    for line in _about_lines(indicator=indicator, biennium=biennium):
        xlsx_append(about, line)
    about.column_dimensions["A"].width = 22
    about.column_dimensions["B"].width = 100
    for row in about.iter_rows():
        row[0].font = Font(bold=True)
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")

    output = BytesIO()
    workbook.save(output)
    return output.getvalue()


def _about_lines(*, indicator: Indicator, biennium: Biennium) -> list[list[str]]:
    # The first two rows identify the template; the upload checks them.
    lines = [
        [str(_("Indicator")), indicator.code],
        [str(_("Biennium")), biennium.label],
        [str(_("Statement")), indicator.statement],
        [str(_("Unit")), indicator.unit],
    ]
    criteria = list(indicator.criteria.all())
    if criteria:
        if indicator.criteria_rule == Indicator.CriteriaRule.ALL:
            rule = str(_("All of the criteria must be met."))
        else:
            rule = str(_("At least %(minimum)d of the criteria must be met.") % {"minimum": indicator.criteria_minimum})
        lines.append([str(_("Criteria rule")), rule])
        lines += [[str(_("Criterion %(number)d") % {"number": item.number}), item.text] for item in criteria]
    lines += [
        [""],
        [str(_("How to fill in")), str(_("One row per result on the Results sheet; keep the header row."))],
        ["", str(_("Name the member State or territory as in the Places sheet (the places in your scope)."))],
        ["", str(_("Criteria met: the numbers of the criteria, separated by commas, e.g. 1, 3."))],
        ["", str(_("Links: web addresses, one per line in the cell."))],
        ["", str(_("Rows already filled are results you can still change; leave their version as it is."))],
        ["", str(_("Uploading shows a preview; nothing is saved until you confirm, and only if every row is valid."))],
    ]
    return lines
