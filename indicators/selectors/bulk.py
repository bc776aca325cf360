"""Excel bulk entry, the reading side: the template an officer fills in, and what an uploaded workbook would do.

The plan applies the same checks as `result_record` and `result_update` (scope, content, criteria,
uniqueness, locked and awaiting states, the closed biennium), reusing their messages, but set-wise: a
fixed number of queries whatever the number of rows.
"""

import re
from dataclasses import asdict, dataclass, field
from io import BytesIO
from zipfile import BadZipFile

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db.models import QuerySet
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils.exceptions import InvalidFileException
from openpyxl.worksheet.datavalidation import DataValidation

from accounts.selectors import user_scope
from indicators.models import Indicator, Result, ResultEvidence, ResultUpload
from indicators.selectors.entry import places_in_scope
from indicators.selectors.results import result_list
from indicators.services.framework import BIENNIUM_CLOSED
from indicators.services.results import (
    OUT_OF_SCOPE,
    RESULT_AWAITING_VALIDATION,
    RESULT_LOCKED,
    UNKNOWN_CRITERIA,
    WRONG_FRAMEWORK,
    _check_content,
)
from outcomes.models import Biennium
from places.models import Place
from places.selectors import place_index

RESULTS_SHEET = "Results"
PLACES_SHEET = "Places"
ABOUT_SHEET = "About"
MAX_ROWS = 10_000
HEADER_SEARCH_ROWS = 10

NOT_A_WORKBOOK = _("This file is not an Excel workbook (.xlsx) that can be read; save it as .xlsx and try again.")
HEADERS_MISSING = _(
    "The first sheet has no header row naming the columns %(columns)s; start from the template of this indicator."
)
ENTITY_COLUMN_MISSING = _("Indicator %(code)s counts %(unit)s: the sheet needs a column “%(column)s”.")
OTHER_TEMPLATE = _(
    "This workbook is the template of indicator %(code)s for %(biennium)s; upload it from that indicator's page."
)
NO_ROWS = _("The workbook has no result rows under its header row.")
TOO_MANY_ROWS = _("The workbook has more than %(limit)d rows; split it into several uploads.")
PLACE_REQUIRED = _("Name the member State or territory.")
PLACE_UNKNOWN = _("“%(name)s” is not a member State or territory known here; use the spelling in the Places sheet.")
ENTITY_TOO_LONG = _("The entity's name is longer than %(limit)d characters.")
CRITERIA_NOT_NUMBERS = _("Write the criteria met as numbers separated by commas (e.g. 1, 3), not “%(value)s”.")
LINK_INVALID = _("“%(link)s” is not a web address; write it in full, starting with https://.")
VERSION_INVALID = _("The version “%(value)s” is not a number; leave the cell as the template gave it.")
ROW_STALE = _(
    "This result changed after the template was downloaded (version %(version)d, now %(current)d); "
    "download the template again."
)
DUPLICATE_ROW = _("Row %(row)d already gives %(place)s.")
ROW_ERROR = _("Row %(row)d: %(message)s")


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    width: int


def upload_columns(*, indicator: Indicator) -> list[Column]:
    """The template's columns, in order; the entity column only for indicators counting entities."""
    columns = [Column("place", str(_("Member State or territory")), 28)]
    if not indicator.counts_places:
        columns.append(Column("entity_name", indicator.unit_singular.capitalize(), 32))
    columns += [
        Column("description", str(_("What changed")), 60),
        Column("evidence", str(_("Evidence")), 45),
        Column("criteria_met", str(_("Criteria met")), 14),
        Column("links", str(_("Links")), 40),
        Column("version", str(_("Version (leave as it is)")), 12),
    ]
    return columns


def _header_keys(indicator: Indicator) -> dict[str, str]:
    """Header text (folded) to column key, in the current language and in English."""
    keys = {}
    for language in {translation.get_language() or "en", "en"}:
        with translation.override(language):
            for column in upload_columns(indicator=indicator):
                keys[column.label.casefold()] = column.key
    keys.update({"place": "place", "country": "place", "entity": "entity_name", "version": "version"})
    return keys


@dataclass
class UploadRow:
    row: int
    action: str
    place: str
    entity: str = ""
    result_id: int | None = None
    version: int | None = None
    changes: list[dict] = field(default_factory=list)
    links: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    values: dict = field(default_factory=dict)

    CREATE = "create"
    UPDATE = "update"
    UNCHANGED = "unchanged"
    ERROR = "error"

    @property
    def key(self) -> tuple:
        return (self.row, self.action, self.result_id, self.version)


@dataclass
class UploadPlan:
    rows: list[UploadRow] = field(default_factory=list)
    file_errors: list[str] = field(default_factory=list)

    def _count(self, action: str) -> int:
        return sum(1 for row in self.rows if row.action == action)

    @property
    def to_create(self) -> int:
        return self._count(UploadRow.CREATE)

    @property
    def to_update(self) -> int:
        return self._count(UploadRow.UPDATE)

    @property
    def unchanged(self) -> int:
        return self._count(UploadRow.UNCHANGED)

    @property
    def error_rows(self) -> list[UploadRow]:
        return [row for row in self.rows if row.errors]

    @property
    def has_errors(self) -> bool:
        return bool(self.file_errors or self.error_rows)

    @property
    def error_messages(self) -> list[str]:
        """Every problem, file-wide first, then each row's, naming the row."""
        messages = list(self.file_errors)
        for row in self.error_rows:
            messages += [str(ROW_ERROR % {"row": row.row, "message": message}) for message in row.errors]
        return messages

    def as_json(self) -> dict:
        return {"rows": [asdict(row) for row in self.rows], "file_errors": [str(text) for text in self.file_errors]}

    @classmethod
    def from_json(cls, data: dict) -> "UploadPlan":
        return cls(
            rows=[UploadRow(**row) for row in data.get("rows", [])], file_errors=list(data.get("file_errors", []))
        )


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _criteria_text(numbers) -> str:
    return ", ".join(str(number) for number in numbers)


def _shown(name: str, value) -> str:
    if name == "criteria_met":
        return _criteria_text(value) if value else "—"
    return value or ""


def _read_workbook(content: bytes):
    try:
        return load_workbook(BytesIO(content), read_only=True, data_only=True)
    except (BadZipFile, InvalidFileException, KeyError, ValueError, TypeError, IndexError, OSError):
        raise ValidationError({"workbook": NOT_A_WORKBOOK}) from None


def _template_of(workbook) -> tuple[str, str] | None:
    if ABOUT_SHEET not in workbook.sheetnames:
        return None
    cells = list(workbook[ABOUT_SHEET].iter_rows(min_row=1, max_row=2, max_col=2, values_only=True))
    if len(cells) < 2:
        return None
    return _text(cells[0][1]), _text(cells[1][1])


def _header(rows, keys: dict[str, str]) -> tuple[int, dict[int, str]] | None:
    for number, values in enumerate(rows, start=1):
        found = {
            index: keys[_text(value).casefold()]
            for index, value in enumerate(values)
            if _text(value).casefold() in keys
        }
        if {"place", "description"} <= set(found.values()):
            return number, found
        if number >= HEADER_SEARCH_ROWS:
            return None
    return None


def result_upload_plan(
    *, user, indicator: Indicator, biennium: Biennium, content: bytes, lock: bool = False
) -> UploadPlan:
    """What a workbook would do: each row's action (create, update, unchanged) or the reasons it is refused.

    Raises ValidationError when the file is not a readable workbook. `lock` reads the indicator's results
    for update, for the commit.
    """
    workbook = _read_workbook(content)
    plan = UploadPlan()
    if biennium.is_closed:
        plan.file_errors.append(str(BIENNIUM_CLOSED % {"biennium": biennium.label}))
    if indicator.framework_id != biennium.framework_id:
        plan.file_errors.append(str(WRONG_FRAMEWORK % {"code": indicator.code, "biennium": biennium.label}))
    template = _template_of(workbook)
    if template is not None and template != (indicator.code, biennium.label):
        plan.file_errors.append(str(OTHER_TEMPLATE % {"code": template[0], "biennium": template[1]}))
        return plan

    sheet = workbook[RESULTS_SHEET] if RESULTS_SHEET in workbook.sheetnames else workbook.worksheets[0]
    rows = sheet.iter_rows(values_only=True)
    columns = upload_columns(indicator=indicator)
    header = _header(rows, _header_keys(indicator))
    if header is None:
        labels = [column.label for column in columns if column.key in {"place", "description"}]
        plan.file_errors.append(str(HEADERS_MISSING % {"columns": " and ".join(f"“{label}”" for label in labels)}))
        return plan
    header_row, positions = header
    if not indicator.counts_places and "entity_name" not in positions.values():
        plan.file_errors.append(
            str(
                ENTITY_COLUMN_MISSING
                % {"code": indicator.code, "unit": indicator.unit, "column": indicator.unit_singular.capitalize()}
            )
        )
        return plan

    checker = _RowChecker(user=user, indicator=indicator, biennium=biennium, lock=lock)
    for number, values in enumerate(rows, start=header_row + 1):
        cells = {key: _text(values[index]) if index < len(values) else "" for index, key in positions.items()}
        if not any(cells.values()):
            continue
        if len(plan.rows) >= MAX_ROWS:
            plan.file_errors.append(str(TOO_MANY_ROWS % {"limit": MAX_ROWS}))
            break
        plan.rows.append(checker.check(number, cells))
    if not plan.rows and not plan.file_errors:
        plan.file_errors.append(str(NO_ROWS))
    return plan


class _RowChecker:
    """Everything the rows are checked against, read once."""

    def __init__(self, *, user, indicator: Indicator, biennium: Biennium, lock: bool):
        self.indicator = indicator
        self.scope = user_scope(user=user)
        index = place_index()
        self.places = index
        self.codes: dict[str, Place] = {}
        for place in index.by_name.values():
            self.codes[place.iso3.upper()] = place
            if place.iso2:
                self.codes[place.iso2.upper()] = place
        self.criteria = set(indicator.criteria.values_list("number", flat=True))
        existing = Result.objects.filter(indicator=indicator, biennium=biennium).only(
            "id", "place_id", "entity_name", "description", "evidence", "criteria_met", "status", "version"
        )
        if lock:
            existing = existing.select_for_update()
        self.existing = {(result.place_id, result.entity_name): result for result in existing}
        self.links: dict[int, set[str]] = {}
        for result_id, url in (
            ResultEvidence.objects.filter(result__indicator=indicator, result__biennium=biennium)
            .exclude(url="")
            .values_list("result_id", "url")
        ):
            self.links.setdefault(result_id, set()).add(url)
        self.seen: dict[tuple, int] = {}
        self.validate_url = URLValidator(schemes=["http", "https"])
        self.labels = {name: str(Result._meta.get_field(name).verbose_name) for name in _COMPARED}

    def _place(self, name: str, errors: list[str]) -> Place | None:
        if not name:
            errors.append(str(PLACE_REQUIRED))
            return None
        place = self.places.resolve(name) or self.codes.get(name.upper())
        if place is None:
            errors.append(str(PLACE_UNKNOWN % {"name": name}))
            return None
        if not self.scope.covers(region_id=place.region_id, outcome_id=self.indicator.outcome_id):
            errors.append(str(OUT_OF_SCOPE % {"place": place.name, "code": self.indicator.code}))
        return place

    def _criteria(self, text: str, errors: list[str]) -> list[int]:
        tokens = [token for token in re.split(r"[,;\s]+", text) if token]
        if any(not token.isdigit() for token in tokens):
            errors.append(str(CRITERIA_NOT_NUMBERS % {"value": text}))
            return []
        numbers = sorted({int(token) for token in tokens})
        unknown = [str(number) for number in numbers if number not in self.criteria]
        if unknown:
            errors.append(str(UNKNOWN_CRITERIA % {"code": self.indicator.code, "numbers": ", ".join(unknown)}))
        return numbers

    def _links(self, text: str, errors: list[str]) -> list[str]:
        links = []
        for link in (line.strip() for line in text.splitlines()):
            if not link:
                continue
            try:
                if len(link) > 500:
                    raise ValidationError(link)
                self.validate_url(link)
            except ValidationError:
                errors.append(str(LINK_INVALID % {"link": link[:80]}))
                continue
            if link not in links:
                links.append(link)
        return links

    def check(self, number: int, cells: dict[str, str]) -> UploadRow:
        errors: list[str] = []
        place = self._place(cells.get("place", ""), errors)
        entity = cells.get("entity_name", "")
        description = cells.get("description", "")
        shown_place = place.name if place else cells.get("place", "")
        try:
            _check_content(
                indicator=self.indicator,
                place=place or Place(name=shown_place or "?"),
                entity_name=entity,
                description=description,
            )
        except ValidationError as invalid:
            errors += [str(message) for messages in invalid.message_dict.values() for message in messages]
        if len(entity) > 255:
            errors.append(str(ENTITY_TOO_LONG % {"limit": 255}))
        criteria = self._criteria(cells.get("criteria_met", ""), errors)
        links = self._links(cells.get("links", ""), errors)
        version = None
        if cells.get("version"):
            if cells["version"].isdigit():
                version = int(cells["version"])
            else:
                errors.append(str(VERSION_INVALID % {"value": cells["version"]}))

        row = UploadRow(row=number, action=UploadRow.CREATE, place=shown_place, entity=entity, links=links)
        if place is not None:
            key = (place.pk, entity)
            if key in self.seen:
                errors.append(str(DUPLICATE_ROW % {"row": self.seen[key], "place": entity or place.name}))
            else:
                self.seen[key] = number
            values = {"description": description, "evidence": cells.get("evidence", ""), "criteria_met": criteria}
            row.values = {"place_id": place.pk, "entity_name": entity, **values}
            current = self.existing.get(key)
            if current is not None:
                self._compare(row, current, values, version, errors)
        row.errors = errors
        if errors:
            row.action = UploadRow.ERROR
        return row

    def _compare(self, row: UploadRow, current: Result, values: dict, version: int | None, errors: list[str]):
        row.result_id, row.version = current.pk, current.version
        if current.status == Result.Status.VALIDATED:
            errors.append(str(RESULT_LOCKED))
        elif current.status == Result.Status.SUBMITTED:
            errors.append(str(RESULT_AWAITING_VALIDATION))
        elif version is not None and version != current.version:
            errors.append(str(ROW_STALE % {"version": version, "current": current.version}))
        row.changes = [
            {"field": self.labels[name], "was": _shown(name, getattr(current, name)), "now": _shown(name, value)}
            for name, value in values.items()
            if getattr(current, name) != value
        ]
        known = self.links.get(current.pk, set())
        row.links = [link for link in row.links if link not in known]
        row.action = UploadRow.UPDATE if row.changes or row.links else UploadRow.UNCHANGED


_COMPARED = ("description", "evidence", "criteria_met")


def result_upload_template(*, user, indicator: Indicator, biennium: Biennium) -> bytes:
    """An Excel workbook to fill in: the results the user may still change, places in scope, the criteria."""
    columns = upload_columns(indicator=indicator)
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = RESULTS_SHEET
    sheet.append([column.label for column in columns])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="DCE3EE")
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    for index, column in enumerate(columns, start=1):
        sheet.column_dimensions[sheet.cell(row=1, column=index).column_letter].width = column.width
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
            "criteria_met": _criteria_text(result.criteria_met),
            "links": "\n".join(evidence.url for evidence in result.attachments.all() if evidence.url),
            "version": result.version,
        }
        sheet.append([values[column.key] for column in columns])

    places = workbook.create_sheet(PLACES_SHEET)
    names = [place.name for place in places_in_scope(user=user, indicator=indicator)]
    for name in names:
        places.append([name])
    places.column_dimensions["A"].width = 40
    if names:
        choice = DataValidation(
            type="list", formula1=f"={PLACES_SHEET}!$A$1:$A${len(names)}", allow_blank=True, errorStyle="warning"
        )
        choice.error = str(PLACE_UNKNOWN % {"name": "…"})
        sheet.add_data_validation(choice)
        choice.add(f"A2:A{MAX_ROWS + 1}")

    about = workbook.create_sheet(ABOUT_SHEET)
    for line in _about_lines(indicator=indicator, biennium=biennium):
        about.append(line)
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


def result_upload_get(*, user, pk: int) -> ResultUpload:
    """One of the user's own uploads; ResultUpload.DoesNotExist for anyone else's."""
    if not user.is_authenticated:
        raise ResultUpload.DoesNotExist
    return ResultUpload.objects.select_related("indicator__outcome", "biennium").get(pk=pk, uploaded_by=user)


def result_upload_list(*, user, indicator: Indicator, biennium: Biennium) -> QuerySet[ResultUpload]:
    return ResultUpload.objects.filter(uploaded_by=user, indicator=indicator, biennium=biennium).defer(
        "content", "plan"
    )[:10]
