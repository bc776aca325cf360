"""Reading a published indicator table in the layout of a programme implementation report.

The layout (tab-separated, as in seed 000):

    Outcome 4: <statement>
    Indicators  <biennium> targets  <biennium> results
                                    Total No.  Africa  Americas  Arab States  Asia-Pacific  Europe-Central Asia
    Indicator 4.1: <statement>  10 member States  11 member States  Ethiopia Lesotho Niger  ...

Region cells list place names separated by spaces. An indicator counting something other than places
("Number of workers' organizations that …") is published the same way: its cells list the countries where the
entities are, without naming them, and its total may exceed the number of countries listed.

Parsing collects every problem with its line and column instead of stopping at the first, so one run tells
the user everything to fix.
"""

import re
from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

from indicators.figures import Figure, entity_figure_parse, figure_parse
from outcomes.parsers.headings import NO_OUTCOME, OUTCOME_HEADING
from places.models import Place, Region
from places.selectors import PlaceIndex, place_mention_list, place_unknown_message, region_resolve
from rbm.parsers import Problem

_INDICATOR = re.compile(r"^\s*Indicator\s+(\d+(?:\.\d+)+)\s*[:.]\s*(.+?)\s*$")
_HEADER_BIENNIUM = re.compile(r"(\d{4}\s*-\s*\d{2})\s+targets", re.IGNORECASE)
_UNIT = re.compile(r"^Number of (.+?)(?:\s+(?:that|which|where|whose|in which|with|for which)\b|,)", re.IGNORECASE)
_FIGURE_UNIT = re.compile(r"^\s*\d[\d,]*\s+([^\d(;]+?)\s*(?:\(.*)?$")
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
FIGURE_TOO_LARGE = _("The figure “%(text)s” is larger than any count RBM holds (%(limit)s).")
UNIT_TOO_LONG = _("The unit “%(unit)s…” is longer than %(limit)d characters.")
# The largest value a published figure or target holds (a PositiveIntegerField on every database).
FIGURE_MAX = 2_147_483_647
UNIT_MAX = 100
FIGURE_TEXT_MAX = 200
FIGURE_TEXT_TOO_LONG = _("The figure “%(text)s…” is longer than %(limit)d characters.")
NO_UNIT = _("The statement does not start “Number of …”, so its unit cannot be read.")


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
    counts_places: bool = True
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


def unit_from_figure(text: str) -> str | None:
    """The unit a published figure is written in: "38 workers' organizations (in 36 countries)" → "workers'
    organizations"; None when the figure is a bare number."""
    match = _FIGURE_UNIT.match(text)
    return match.group(1).strip() if match else None


def unit_counts_places(unit: str) -> bool:
    """Whether a unit read from a statement counts places (member States, countries) rather than entities in
    them (workers' organizations, agencies)."""
    return unit.casefold() in PLACE_UNITS


def unit_singular(unit: str) -> str:
    """The singular of a published plural unit: "member States" → "member State", "agencies" → "agency"."""
    if unit.casefold() == "member states":
        return "member State"
    if unit.endswith("ies"):
        return unit[:-3] + "y"
    return unit[:-1] if unit.endswith("s") else unit


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
    unit = unit_from_statement(statement)
    counts_places = unit is None or unit_counts_places(unit)
    # An entities total counts the entities: "38 workers' organizations (in 36 member States)" is 38.
    read = figure_parse if counts_places else entity_figure_parse
    target, published = read(target_text), read(published_text)
    if not counts_places:
        # The statement may qualify the unit ("national workers' organizations"); the figures name it as counted.
        unit = unit_from_figure(published_text) or unit
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
    for column, text, figure in ((total_column, target_text, target), (total_column + 1, published_text, published)):
        if len(text) > FIGURE_TEXT_MAX:
            problems.append(
                Problem(
                    line=number,
                    column=column,
                    message=FIGURE_TEXT_TOO_LONG % {"text": text[:40], "limit": FIGURE_TEXT_MAX},
                )
            )
        elif figure is not None and figure.value > FIGURE_MAX:
            problems.append(
                Problem(line=number, column=column, message=FIGURE_TOO_LARGE % {"text": text, "limit": FIGURE_MAX})
            )
    if unit is None:
        problems.append(Problem(line=number, column=1, message=str(NO_UNIT)))
    elif len(unit) > UNIT_MAX:
        problems.append(Problem(line=number, column=1, message=UNIT_TOO_LONG % {"unit": unit[:40], "limit": UNIT_MAX}))

    row = ParsedIndicatorRow(
        number, code, statement, unit or "", target_text, target, published_text, published, counts_places
    )
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
