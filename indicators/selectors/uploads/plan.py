"""What an uploaded workbook would do, row by row.

The plan applies the same checks as `result_record` and `result_update` (scope, content, criteria,
uniqueness, locked and awaiting states, the closed biennium), reusing their messages, but set-wise: a
fixed number of queries whatever the number of rows.
"""

import hashlib
import re
from collections.abc import Sequence
from dataclasses import dataclass, field, fields

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils import formats, timezone
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from accounts.selectors import AnyUser, user_scope
from indicators.models import CountryProgrammeOutcome, Indicator, Result, ResultEvidence
from indicators.parsers.workbook import NO_ROWS, shown_value, workbook_parse
from indicators.rules import (
    CPO_OTHER_PLACE,
    CPO_UNKNOWN,
    OUT_OF_SCOPE,
    criteria_unknown,
    framework_mismatch,
    result_content_errors,
    result_edit_refusal,
)
from indicators.selectors.results import RESULT_HISTORY_FIELDS
from outcomes.models import Biennium
from outcomes.rules import BIENNIUM_CLOSED
from places.models import Place
from places.selectors import place_index_build, place_unknown_message
from rbm import limits
from rbm.history import history_changes
from rbm.template_library import person as person_name

PLACE_REQUIRED = _("Name the member State or territory.")
PLACE_NOT_IN_SHEET = _(
    "“%(name)s” is not a member State or territory known here; use the spelling in the Places sheet."
)
ENTITY_TOO_LONG = _("The entity's name is longer than %(limit)d characters.")
TEXT_TOO_LONG = _("“%(column)s” holds %(length)d characters; it may hold at most %(limit)d.")
CRITERIA_NOT_NUMBERS = _("Write the criteria met as numbers separated by commas (e.g. 1, 3), not “%(value)s”.")
LINK_INVALID = _("“%(link)s” is not a web address; write it in full, starting with https://.")
VERSION_INVALID = _("The version “%(value)s” is not a number; leave the cell as the template gave it.")
ROW_STALE = _(
    "This result changed after the template was downloaded (version %(version)d, now %(current)d); "
    "download the template again."
)
ROW_VERSION_MISSING = _(
    "A result for %(place)s is already recorded (version %(current)d), but this row gives no version, so it "
    "could overwrite newer changes; download the template again, or copy the result's version into the row."
)
CONFLICT_NOTE = _("Last changed by %(who)s on %(when)s.")
SOMEONE = _("someone")
DUPLICATE_ROW = _("Row %(row)d already gives %(place)s.")
ROW_ERROR = _("Row %(row)d: %(message)s")


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
    # A row updating a result without its version, or with a stale one: the version it read (None when it
    # gave none), what changed since (field, was, now), and who changed it last and when.
    conflict: bool = False
    read_version: int | None = None
    meanwhile: list[dict] = field(default_factory=list)
    conflict_note: str = ""

    CREATE = "create"
    UPDATE = "update"
    UNCHANGED = "unchanged"
    ERROR = "error"

    @property
    def key(self) -> tuple:
        return (self.row, self.action, self.result_id, self.version)


@dataclass
class UploadPlan:
    """What an upload would do. `cells` keeps the rows as read from the workbook, so the commit checks them
    again without reading the file; `read_errors` are the workbook's own problems (layout, size)."""

    rows: list[UploadRow] = field(default_factory=list)
    file_errors: list[str] = field(default_factory=list)
    read_errors: list[str] = field(default_factory=list)
    cells: list[tuple[int, dict[str, str]]] = field(default_factory=list)
    # A digest of everything the rows were checked against (see `_RowChecker.basis`).
    basis: str = ""

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
    def conflict_rows(self) -> list[UploadRow]:
        return [row for row in self.rows if row.conflict]

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
        return {
            "rows": [{name: getattr(row, name) for name in _ROW_FIELDS} for row in self.rows],
            "file_errors": [str(text) for text in self.file_errors],
            "read_errors": [str(text) for text in self.read_errors],
            "cells": [[number, cells] for number, cells in self.cells],
            "basis": self.basis,
        }

    @classmethod
    def from_json(cls, data: dict) -> "UploadPlan":
        return cls(
            rows=[UploadRow(**row) for row in data.get("rows", [])],
            file_errors=list(data.get("file_errors", [])),
            read_errors=list(data.get("read_errors", [])),
            cells=[(number, cells) for number, cells in data.get("cells", [])],
            basis=data.get("basis", ""),
        )


_ROW_FIELDS = [item.name for item in fields(UploadRow)]


def result_upload_plan(*, user: AnyUser, indicator: Indicator, biennium: Biennium, content: bytes) -> UploadPlan:
    """What a workbook would do: each row's action (create, update, unchanged) or the reasons it is refused.

    Raises ValidationError when the file is not a readable workbook.
    """
    read_errors, cells = workbook_parse(indicator=indicator, biennium=biennium, content=content)
    return result_upload_rows_plan(
        user=user, indicator=indicator, biennium=biennium, cells=cells, read_errors=read_errors
    )


def result_upload_rows_plan(
    *,
    user: AnyUser,
    indicator: Indicator,
    biennium: Biennium,
    cells: list[tuple[int, dict[str, str]]],
    read_errors: Sequence[str] = (),
    lock: bool = False,
    previewed: "UploadPlan | None" = None,
) -> UploadPlan:
    """Check rows already read from a workbook against the results as they are now.

    `lock` reads the indicator's results for update, for the commit. `previewed` is the plan of the same rows
    made earlier (the preview): when it found nothing wrong and nothing the rows were checked against has
    changed since (its basis), its rows stand as checked then, and are not checked one by one again.
    """
    plan = UploadPlan(read_errors=list(read_errors), cells=list(cells))
    if biennium.is_closed:
        plan.file_errors.append(str(BIENNIUM_CLOSED % {"biennium": biennium.label}))
    if mismatch := framework_mismatch(indicator=indicator, biennium=biennium):
        plan.file_errors.append(mismatch)
    plan.file_errors += plan.read_errors
    if cells:
        checker = _RowChecker(user=user, indicator=indicator, biennium=biennium, lock=lock)
        plan.basis = checker.basis(cells)
        unchanged = previewed is not None and previewed.basis == plan.basis and previewed.cells == plan.cells
        if unchanged and previewed is not None and not plan.file_errors and not previewed.has_errors:
            plan.rows = previewed.rows
        else:
            plan.rows = [checker.check(number, row) for number, row in cells]
            conflicts_describe(rows=plan.conflict_rows)
    elif not plan.file_errors:
        plan.file_errors.append(str(NO_ROWS))
    return plan


# What of a result the rows are checked against (and all that is read of it): the fields compared, its
# entity, status and version.
_BASIS_RESULT_FIELDS = (
    "id",
    "place_id",
    "entity_name",
    "entity_unnamed",
    "description",
    "evidence",
    "criteria_met",
    "programme_outcome_id",
    "status",
    "version",
)


class _RowChecker:
    """Everything the rows are checked against, read once."""

    def __init__(self, *, user: AnyUser, indicator: Indicator, biennium: Biennium, lock: bool):
        self.indicator = indicator
        self.scope = user_scope(user=user)
        index = place_index_build()
        self.places = index
        self.codes: dict[str, Place] = {}
        for place in index.by_name.values():
            self.codes[place.iso3.upper()] = place
            if place.iso2:
                self.codes[place.iso2.upper()] = place
        self.criteria = set(indicator.criteria.values_list("number", flat=True))
        existing = Result.objects.filter(indicator=indicator, biennium=biennium).only(*_BASIS_RESULT_FIELDS)
        if lock:
            existing = existing.select_for_update()
        self.existing = {(result.place_id, result.entity_name): result for result in existing}
        # Each place's result whose entity a published table did not name: a row naming an entity of that place
        # (one not recorded yet) names it, rather than adding a second result beside it.
        self.unnamed = {result.place_id: result for result in self.existing.values() if result.entity_unnamed}
        self.named_rows: dict[int, int] = {}  # unnamed result id → the row that names it
        self.links: dict[int, set[str]] = {}
        for result_id, url in (
            ResultEvidence.objects.filter(result__indicator=indicator, result__biennium=biennium)
            .exclude(url="")
            .values_list("result_id", "url")
        ):
            self.links.setdefault(result_id, set()).add(url)
        # Every CPO by code, its id and place: read (one query) at the first row naming one.
        self.programme_outcomes: dict[str, list[tuple[int, int, str]]] | None = None
        self.programme_outcome_codes: dict[int, str] = {}
        self.seen: dict[tuple, int] = {}
        # The places named so far, as written: a workbook names the same few places on many rows.
        self.resolved: dict[str, Place | None] = {}
        self.validate_url = URLValidator(schemes=["http", "https"])
        # Every compared name is a concrete field of Result, never a reverse relation.
        self.labels = {name: str(Result._meta.get_field(name).verbose_name) for name in ("entity_name", *_COMPARED)}  # type: ignore[union-attr]

    def _covers(self, place: Place) -> bool:
        return self.scope.covers(region_id=place.region_id, outcome_id=self.indicator.outcome_id)

    def basis(self, cells: list[tuple[int, dict[str, str]]]) -> str:
        """A digest of everything the rows are checked against: the user's scope, the indicator and its
        criteria, its results in this biennium and their links, the place each name resolves to and, when a
        row names a CPO, every CPO. Rows checked against the same basis come out the same."""
        digest = hashlib.sha256()

        def feed(*values: object) -> None:
            digest.update(repr(values).encode())

        indicator = self.indicator
        feed(self.scope.visibility, indicator.pk, indicator.outcome_id, indicator.counts_places, sorted(self.criteria))
        for result in sorted(self.existing.values(), key=lambda result: result.pk):
            feed(*(getattr(result, name) for name in _BASIS_RESULT_FIELDS))
        for result_id in sorted(self.links):
            feed(result_id, sorted(self.links[result_id]))
        for name in sorted({row.get("place", "") for _number, row in cells}):
            place = self._resolve(name) if name else None
            feed(name, (place.pk, place.region_id) if place is not None else None)
        if any(row.get("programme_outcome", "").strip() for _number, row in cells):
            if self.programme_outcomes is None:
                self._programme_outcomes_read()
            feed(sorted((code, sorted(entries)) for code, entries in (self.programme_outcomes or {}).items()))
        return digest.hexdigest()

    def _resolve(self, name: str) -> Place | None:
        if name not in self.resolved:
            self.resolved[name] = self.places.resolve(name) or self.codes.get(name.upper())
        return self.resolved[name]

    def _place(self, name: str, errors: list[str]) -> Place | None:
        if not name:
            errors.append(str(PLACE_REQUIRED))
            return None
        place = self._resolve(name)
        if place is None:
            errors.append(place_unknown_message(name=name, index=self.places, unknown=PLACE_NOT_IN_SHEET))
            return None
        if not self._covers(place):
            errors.append(str(OUT_OF_SCOPE % {"place": place.name, "code": self.indicator.code}))
        return place

    def _criteria(self, text: str, errors: list[str]) -> list[int]:
        tokens = [token for token in re.split(r"[,;\s]+", text) if token]
        if any(not token.isdigit() for token in tokens):
            errors.append(str(CRITERIA_NOT_NUMBERS % {"value": text}))
            return []
        numbers = sorted({int(token) for token in tokens})
        if message := criteria_unknown(indicator=self.indicator, numbers=numbers, known=self.criteria):
            errors.append(message)
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

    def _programme_outcome(self, text: str, place: Place | None, errors: list[str]) -> int | None:
        """The id of the CPO the cell names for the row's place; an error for another place's or an unknown code."""
        code = text.strip().upper()
        if not code or place is None:
            return None
        if self.programme_outcomes is None:
            self._programme_outcomes_read()
        candidates = (self.programme_outcomes or {}).get(code, [])
        for pk, place_id, _name in candidates:
            if place_id == place.pk:
                return pk
        if candidates:
            errors.append(str(CPO_OTHER_PLACE % {"code": code, "other": candidates[0][2], "place": place.name}))
        else:
            errors.append(str(CPO_UNKNOWN % {"place": place.name, "code": code[:20]}))
        return None

    def check(self, number: int, cells: dict[str, str]) -> UploadRow:
        errors: list[str] = []
        place = self._place(cells.get("place", ""), errors)
        entity = cells.get("entity_name", "")
        description = cells.get("description", "")
        shown_place = place.name if place else cells.get("place", "")
        unnamed = self.unnamed.get(place.pk) if place is not None else None
        errors += result_content_errors(
            indicator=self.indicator,
            place_name=shown_place or "?",
            entity_name=entity,
            description=description,
            entity_unnamed=unnamed is not None and not entity,
        ).values()
        if len(entity) > 255:
            errors.append(str(ENTITY_TOO_LONG % {"limit": 255}))
        for name, limit in (("description", limits.RESULT_DESCRIPTION_MAX), ("evidence", limits.RESULT_EVIDENCE_MAX)):
            if len(cells.get(name, "")) > limit:
                column = capfirst(Result._meta.get_field(name).verbose_name)  # type: ignore[union-attr]
                errors.append(str(TEXT_TOO_LONG % {"column": column, "length": len(cells[name]), "limit": limit}))
        criteria = self._criteria(cells.get("criteria_met", ""), errors)
        links = self._links(cells.get("links", ""), errors)
        programme_outcome_id = self._programme_outcome(cells.get("programme_outcome", ""), place, errors)
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
            values: dict[str, object] = {
                "description": description,
                "evidence": cells.get("evidence", ""),
                "criteria_met": criteria,
            }
            # A workbook without the CPO column leaves the results' CPOs as they are.
            if "programme_outcome" in cells:
                values["programme_outcome_id"] = programme_outcome_id
            current = self.existing.get(key)
            if current is None and unnamed is not None and (place.pk, "") not in self.seen:
                # The row names the place's unnamed entity: the same result, its entity named.
                current = unnamed
                values = {"entity_name": entity, **values}
                self.named_rows.setdefault(unnamed.pk, number)
            elif current is not None and current.pk in self.named_rows:
                errors.append(str(DUPLICATE_ROW % {"row": self.named_rows[current.pk], "place": place.name}))
            row.values = {"place_id": place.pk, "entity_name": entity, **values}
            # A result outside the user's scope is neither compared nor described: its existence stays unseen.
            if current is not None and self._covers(place):
                self._compare(row, current, values, version, errors)
        row.errors = errors
        if errors:
            row.action = UploadRow.ERROR
        return row

    def _programme_outcomes_read(self) -> None:
        self.programme_outcomes = {}
        for pk, code, place_id, place_name in CountryProgrammeOutcome.objects.values_list(
            "pk", "code", "place_id", "place__name"
        ):
            self.programme_outcomes.setdefault(code, []).append((pk, place_id, place_name))
            self.programme_outcome_codes[pk] = code

    def _shown(self, name: str, value: object) -> str:
        if name == "programme_outcome_id":
            if isinstance(value, int) and self.programme_outcomes is None:
                self._programme_outcomes_read()
            return self.programme_outcome_codes.get(value, "") if isinstance(value, int) else ""
        return shown_value(name, value)

    def _compare(self, row: UploadRow, current: Result, values: dict, version: int | None, errors: list[str]) -> None:
        row.result_id, row.version = current.pk, current.version
        row.changes = [
            {
                "field": self.labels[name],
                "was": self._shown(name, getattr(current, name)),
                "now": self._shown(name, value),
            }
            for name, value in values.items()
            if getattr(current, name) != value
        ]
        known = self.links.get(current.pk, set())
        row.links = [link for link in row.links if link not in known]
        row.action = UploadRow.UPDATE if row.changes or row.links else UploadRow.UNCHANGED
        if refusal := result_edit_refusal(status=current.status):
            errors.append(refusal)
        elif version is not None and version != current.version:
            errors.append(str(ROW_STALE % {"version": version, "current": current.version}))
            row.conflict, row.read_version = True, version
        elif version is None and row.action == UploadRow.UPDATE:
            errors.append(str(ROW_VERSION_MISSING % {"place": row.entity or row.place, "current": current.version}))
            row.conflict = True


def conflicts_describe(*, rows: list[UploadRow]) -> None:
    """Say, for each conflicting row, what changed since the version it read and who changed the result last.

    One query for all rows: the history of their results.
    """
    if not rows:
        return
    records: dict[int, list] = {}
    history = (
        Result.history.filter(id__in={row.result_id for row in rows})
        .select_related("history_user", "place")
        .order_by("id", "-history_date", "-history_id")
    )
    for record in history:
        records.setdefault(record.id, []).append(record)
    for row in rows:
        found = records.get(row.result_id or 0, [])
        if not found:
            continue
        latest = found[0]
        who = person_name(latest.history_user) if latest.history_user else str(SOMEONE)
        when = formats.date_format(timezone.localtime(latest.history_date), "DATETIME_FORMAT")
        row.conflict_note = str(CONFLICT_NOTE % {"who": who, "when": when})
        seen = next((record for record in found if record.version == row.read_version), None)
        if seen is not None:
            row.meanwhile = [
                {"field": change.field, "was": change.old, "now": change.new}
                for change in history_changes(new=latest, old=seen, fields=RESULT_HISTORY_FIELDS)
            ]


_COMPARED = ("description", "evidence", "criteria_met", "programme_outcome_id")
