"""Reading a published indicator table in the layout of a programme implementation report.

The layout (tab-separated, as in seed 000):

    Outcome 4: <statement>
    Indicators  <biennium> targets  <biennium> results
                                    Total No.  Africa  Americas  Arab States  Asia-Pacific  Europe-Central Asia
    Indicator 4.1: <statement>  10 member States  11 member States  Ethiopia Lesotho Niger  ...

Region cells list place names separated by spaces. Parsing collects every problem with its line and
column instead of stopping at the first, so one run tells the user everything to fix.
"""

import re
from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

from indicators.figures import Figure, figure_parse
from outcomes.parsers.headings import NO_OUTCOME, OUTCOME_HEADING
from places.models import Place, Region
from places.selectors import PlaceIndex, place_mention_list, place_unknown_message, region_resolve
from rbm.parsers import Problem

_INDICATOR = re.compile(r"^\s*Indicator\s+(\d+(?:\.\d+)+)\s*[:.]\s*(.+?)\s*$")
_HEADER_BIENNIUM = re.compile(r"(\d{4}\s*-\s*\d{2})\s+targets", re.IGNORECASE)
_UNIT = re.compile(r"^Number of (.+?)(?:\s+(?:that|which|where|whose|in which|with|for which)\b|,)", re.IGNORECASE)
PLACE_UNITS = {"member states", "countries", "member states and territories", "countries and territories"}

NO_HEADER = _("No heading row with “Total No.” and the five regions was found.")
NO_INDICATORS = _("No “Indicator N.N: statement” rows were found under the heading.")
WRONG_BIENNIUM = _("The table is for %(table)s, not %(asked)s.")
UNKNOWN_REGION = _("“%(heading)s” is not a region.")
MISSING_REGIONS = _("The heading lacks the regions: %(regions)s.")
TOO_FEW_CELLS = _(
    "The row has %(found)d cells; %(expected)d are expected (indicator, target, total and one per region)."
)
UNREADABLE_TARGET = _("The target “%(text)s” holds no number.")
UNREADABLE_TOTAL = _("The result “%(text)s” holds no number.")
UNKNOWN_PLACE = _("“%(name)s” is not a known member State or territory.")
WRONG_REGION = _("%(place)s belongs to %(region)s, not %(column)s.")
LISTED_TWICE = _("%(place)s is listed twice for indicator %(code)s.")
NO_UNIT = _("The statement does not start “Number of …”, so its unit cannot be read.")
NOT_PLACE_UNIT = _(
    "Indicator %(code)s counts %(unit)s; a published table lists places only, so enter its results one by one."
)


@dataclass
class PlaceCell:
    place: Place
    reported_name: str


@dataclass
class ParsedIndicatorRow:
    line: int
    code: str
    statement: str
    unit: str
    target_text: str
    target: Figure
    published_text: str
    published: Figure
    places: list[PlaceCell] = field(default_factory=list)


@dataclass
class ResultsTable:
    outcome_number: str = ""
    outcome_statement: str = ""
    biennium_label: str = ""
    rows: list[ParsedIndicatorRow] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


def unit_from_statement(statement: str) -> str | None:
    match = _UNIT.match(statement.strip())
    return match.group(1).strip() if match else None


def results_table_parse(*, text: str, biennium_label: str, places: PlaceIndex, regions: list[Region]) -> ResultsTable:
    table = ResultsTable()
    lines = text.splitlines()
    region_columns: dict[int, Region] = {}
    headings: dict[int, str] = {}

    for number, line in enumerate(lines, start=1):
        if not table.outcome_number and (match := OUTCOME_HEADING.match(line)):
            table.outcome_number, table.outcome_statement = match.group(1), match.group(2)
        elif (match := _HEADER_BIENNIUM.search(line)) and "\t" in line and not table.biennium_label:
            table.biennium_label = re.sub(r"\s+", "", match.group(1))
            if table.biennium_label != biennium_label:
                table.problems.append(
                    Problem(
                        line=number, message=WRONG_BIENNIUM % {"table": table.biennium_label, "asked": biennium_label}
                    )
                )
        elif "Total No." in line and not region_columns:
            region_columns, headings = _read_heading(line, number, regions, table.problems)
        elif region_columns and (match := _INDICATOR.match(line.split("\t")[0])) and "\t" in line:
            row = _read_row(line, number, match, region_columns, headings, places, table.problems)
            if row is not None:
                table.rows.append(row)

    if not table.outcome_number:
        table.problems.insert(0, Problem(line=1, message=str(NO_OUTCOME)))
    if not region_columns:
        table.problems.insert(0, Problem(line=1, message=str(NO_HEADER)))
    elif not table.rows and not table.problems:
        table.problems.append(Problem(line=1, message=str(NO_INDICATORS)))
    return table


def _read_heading(line: str, number: int, regions: list[Region], problems: list[Problem]):
    cells = line.split("\t")
    total_column = next(index for index, cell in enumerate(cells) if cell.strip() == "Total No.")
    region_columns: dict[int, Region] = {}
    headings = {total_column: "Total No."}
    for index in range(total_column + 1, len(cells)):
        heading = cells[index].strip()
        if not heading:
            continue
        region = region_resolve(name=heading, regions=regions)
        if region is None:
            problems.append(
                Problem(line=number, column=index + 1, heading=heading, message=UNKNOWN_REGION % {"heading": heading})
            )
            continue
        region_columns[index] = region
        headings[index] = heading
    missing = [region.name for region in regions if region not in region_columns.values()]
    if missing and region_columns:
        problems.append(Problem(line=number, message=MISSING_REGIONS % {"regions": ", ".join(missing)}))
    return region_columns, headings


def _read_row(line, number, match, region_columns, headings, places, problems) -> ParsedIndicatorRow | None:
    cells = line.split("\t")
    code, statement = match.group(1), match.group(2)
    expected = max(region_columns) + 1
    if len(cells) < expected:
        problems.append(Problem(line=number, message=TOO_FEW_CELLS % {"found": len(cells), "expected": expected}))
        return None
    total_column = min(headings)
    target_text, published_text = cells[total_column - 1].strip(), cells[total_column].strip()
    target, published = figure_parse(target_text), figure_parse(published_text)
    before = len(problems)
    if target is None:
        problems.append(Problem(line=number, column=total_column, message=UNREADABLE_TARGET % {"text": target_text}))
    if published is None:
        problems.append(
            Problem(
                line=number,
                column=total_column + 1,
                heading="Total No.",
                message=UNREADABLE_TOTAL % {"text": published_text},
            )
        )
    unit = unit_from_statement(statement)
    if unit is None:
        problems.append(Problem(line=number, column=1, message=str(NO_UNIT)))
    elif unit.casefold() not in PLACE_UNITS:
        problems.append(Problem(line=number, column=1, message=NOT_PLACE_UNIT % {"code": code, "unit": unit}))

    row = ParsedIndicatorRow(number, code, statement, unit or "", target_text, target, published_text, published)
    seen: set[int] = set()
    for index, region in region_columns.items():
        heading = headings[index]
        for mention in place_mention_list(text=cells[index], index=places):
            if mention.place is None:
                problems.append(
                    Problem(
                        line=number,
                        column=index + 1,
                        heading=heading,
                        message=place_unknown_message(name=mention.text, index=places, unknown=UNKNOWN_PLACE),
                    )
                )
            elif mention.place.region_id != region.id:
                problems.append(
                    Problem(
                        line=number,
                        column=index + 1,
                        heading=heading,
                        message=WRONG_REGION
                        % {"place": mention.text, "region": mention.place.region.name, "column": region.name},
                    )
                )
            elif mention.place.id in seen:
                problems.append(
                    Problem(
                        line=number,
                        column=index + 1,
                        heading=heading,
                        message=LISTED_TWICE % {"place": mention.text, "code": code},
                    )
                )
            else:
                seen.add(mention.place.id)
                row.places.append(PlaceCell(place=mention.place, reported_name=mention.text))
    return row if len(problems) == before else None
