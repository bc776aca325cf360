"""Reading a CSV of country programme outcomes: one row per CPO, with its programme and contributions.

The columns (a heading row names them; their order is free, `programme*` may be empty):

    place,code,title,programme,programme_period,programme_status,contributions
    Ghana,GHA101,Social protection floor extended,Ghana DWCP,2014-2017,active,2014-15: 4.2 4.3; 2016-17: 4

`place` is an ISO code or any spelling of the place's name; `contributions` lists, per biennium, the
indicators (4.2) or outcomes (4) the CPO contributes to. Every problem is collected with its line, so one
run reports everything to fix.
"""

import csv
import io
import re
from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

from indicators.models import CountryProgramme, Indicator
from indicators.rules import programme_outcome_code_problem
from outcomes.models import Biennium, Outcome
from places.models import Place
from places.selectors import PlaceIndex, place_resolve, place_unknown_message
from rbm.parsers import Problem

COLUMNS = ("place", "code", "title", "programme", "programme_period", "programme_status", "contributions")
REQUIRED = ("place", "code", "title")
TITLE_LIMIT = 500
PROGRAMME_TITLE_LIMIT = 300

CSV_EMPTY = _("The file holds no heading row; the first row names the columns: %(columns)s.")
CSV_MISSING_COLUMNS = _("The heading row lacks the columns: %(columns)s.")
CSV_UNREADABLE = _("The file is not readable CSV: %(error)s")
CSV_NUL = _("The row holds a NUL character.")
VALUE_REQUIRED = _("The %(column)s is empty.")
VALUE_TOO_LONG = _("The %(column)s is longer than %(limit)d characters.")
CODE_LISTED_TWICE = _("CPO %(code)s is listed again (first on line %(line)d); give each CPO once.")
PERIOD_INVALID = _("“%(text)s” is not a programme period; write the years, e.g. 2014-2017.")
PERIOD_REQUIRED = _("The programme “%(title)s” is new: give its period, e.g. 2014-2017.")
PERIOD_WITHOUT_PROGRAMME = _("A programme period or status is given without the programme's title.")
STATUS_INVALID = _("“%(text)s” is not a programme status; give one of: %(choices)s.")
CONTRIBUTION_INVALID = _("“%(text)s” is not a contribution; write the biennium, a colon and codes, e.g. 2014-15: 4.2.")
BIENNIUM_UNKNOWN = _("There is no biennium %(label)s.")
CONTRIBUTION_UNKNOWN = _("%(biennium)s has no indicator or outcome %(code)s.")

_PERIOD = re.compile(r"^\s*(\d{4})\s*[-–]\s*(\d{2}|\d{4})\s*$")
_CONTRIBUTION = re.compile(r"^\s*(\d{4}\s*-\s*\d{2})\s*:\s*(.*)$")


@dataclass
class ContributionRow:
    biennium: Biennium
    outcome: Outcome
    indicator: Indicator | None


@dataclass
class ProgrammeOutcomeRow:
    line: int
    place: Place
    code: str
    title: str
    programme_title: str = ""
    programme_start: int | None = None
    programme_end: int | None = None
    programme_status: str = CountryProgramme.Status.ACTIVE
    contributions: list[ContributionRow] = field(default_factory=list)


@dataclass
class ProgrammeOutcomeTable:
    rows: list[ProgrammeOutcomeRow] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


@dataclass(frozen=True)
class Framework:
    """What contributions are read against: the biennia, and each one's outcomes and indicators by code."""

    biennia: dict[str, Biennium]
    outcomes: dict[tuple[int, str], Outcome]
    indicators: dict[tuple[int, str], Indicator]


def programme_outcome_table_parse(*, text: str, index: PlaceIndex, framework: Framework) -> ProgrammeOutcomeTable:
    """Every row of the CSV as a CPO to save, or the problems that stop the import."""
    table = ProgrammeOutcomeTable()
    if "\x00" in text:
        lines = [number for number, line in enumerate(text.splitlines(), start=1) if "\x00" in line]
        table.problems.extend(Problem(line=number, message=str(CSV_NUL)) for number in lines)
        return table
    reader = csv.DictReader(io.StringIO(text))
    try:
        heading = [name.strip().lower() for name in (reader.fieldnames or [])]
    except csv.Error as error:
        table.problems.append(Problem(line=1, message=str(CSV_UNREADABLE % {"error": error})))
        return table
    if not heading:
        table.problems.append(Problem(line=1, message=str(CSV_EMPTY % {"columns": ", ".join(COLUMNS)})))
        return table
    missing = [name for name in REQUIRED if name not in heading]
    if missing:
        table.problems.append(Problem(line=1, message=str(CSV_MISSING_COLUMNS % {"columns": ", ".join(missing)})))
        return table
    reader.fieldnames = heading
    first_lines: dict[tuple[int, str], int] = {}
    try:
        for record in reader:
            line = reader.line_num
            values = {name: (record.get(name) or "").strip() for name in COLUMNS}
            if not any(values.values()):
                continue
            row = _row(line=line, values=values, index=index, framework=framework, problems=table.problems)
            if row is None:
                continue
            key = (row.place.pk, row.code)
            if key in first_lines:
                message = CODE_LISTED_TWICE % {"code": row.code, "line": first_lines[key]}
                table.problems.append(Problem(line=line, message=str(message)))
                continue
            first_lines[key] = line
            table.rows.append(row)
    except csv.Error as error:
        table.problems.append(Problem(line=reader.line_num, message=str(CSV_UNREADABLE % {"error": error})))
    return table


def _row(
    *, line: int, values: dict[str, str], index: PlaceIndex, framework: Framework, problems: list[Problem]
) -> ProgrammeOutcomeRow | None:
    found: list[Problem] = []

    def problem(message) -> None:
        found.append(Problem(line=line, message=str(message)))

    for name in REQUIRED:
        if not values[name]:
            problem(VALUE_REQUIRED % {"column": name})
    for name, limit in (("title", TITLE_LIMIT), ("programme", PROGRAMME_TITLE_LIMIT)):
        if len(values[name]) > limit:
            problem(VALUE_TOO_LONG % {"column": name, "limit": limit})
    place = place_resolve(name=values["place"], index=index) if values["place"] else None
    if values["place"] and place is None:
        problem(place_unknown_message(name=values["place"][:100], index=index))
    code = values["code"].upper()
    if place is not None and code and (message := programme_outcome_code_problem(code=code, place=place)):
        problem(message)
    row = ProgrammeOutcomeRow(line=line, place=place, code=code, title=values["title"])  # type: ignore[arg-type]
    _programme(values=values, row=row, problem=problem)
    row.contributions = _contributions(text=values["contributions"], framework=framework, problem=problem)
    if found or place is None:
        problems.extend(found)
        return None
    return row


def _programme(*, values: dict[str, str], row: ProgrammeOutcomeRow, problem) -> None:
    row.programme_title = values["programme"]
    if not row.programme_title:
        if values["programme_period"] or values["programme_status"]:
            problem(PERIOD_WITHOUT_PROGRAMME)
        return
    period = _PERIOD.match(values["programme_period"]) if values["programme_period"] else None
    if values["programme_period"] and period is None:
        problem(PERIOD_INVALID % {"text": values["programme_period"][:40]})
    if period is not None:
        start, end = int(period.group(1)), period.group(2)
        row.programme_start = start
        row.programme_end = int(end) if len(end) == 4 else start - start % 100 + int(end)
    status = values["programme_status"].lower()
    choices = {str(value): value for value in CountryProgramme.Status.values}
    choices.update({str(label).lower(): value for value, label in CountryProgramme.Status.choices})
    if status and status not in choices:
        problem(STATUS_INVALID % {"text": status[:40], "choices": ", ".join(CountryProgramme.Status.values)})
    elif status:
        row.programme_status = choices[status]


def contributions_parse(*, text: str, framework: Framework) -> tuple[list[ContributionRow], list[str]]:
    """The contributions a text lists ("2014-15: 4.2 4.3; 2016-17: 4"), and why any of it cannot be read."""
    problems: list[str] = []
    contributions = _contributions(
        text=text, framework=framework, problem=lambda message: problems.append(str(message))
    )
    return contributions, problems


def _contributions(*, text: str, framework: Framework, problem) -> list[ContributionRow]:
    contributions: list[ContributionRow] = []
    for part in (piece for piece in text.split(";") if piece.strip()):
        match = _CONTRIBUTION.match(part)
        if match is None:
            problem(CONTRIBUTION_INVALID % {"text": part.strip()[:60]})
            continue
        label = re.sub(r"\s+", "", match.group(1))
        biennium = framework.biennia.get(label)
        if biennium is None:
            problem(BIENNIUM_UNKNOWN % {"label": label})
            continue
        codes = [code for code in re.split(r"[\s,]+", match.group(2)) if code]
        if not codes:
            problem(CONTRIBUTION_INVALID % {"text": part.strip()[:60]})
        for code in codes:
            indicator = framework.indicators.get((biennium.framework_id, code))
            outcome = indicator.outcome if indicator else framework.outcomes.get((biennium.framework_id, code))
            if outcome is None:
                problem(CONTRIBUTION_UNKNOWN % {"biennium": label, "code": code[:20]})
                continue
            contributions.append(ContributionRow(biennium=biennium, outcome=outcome, indicator=indicator))
    return contributions
