"""Who changed what, when and why: one reading of django-simple-history's records for every app.

Each app keeps history on the records users edit (`HistoricalRecords()`). A page shows it with
`history_entries` (one entry per historical record, with the fields that differ from the same object's
previous record, computed by simple-history's `diff_against`) and the `partials/history.html` table.
"""

import datetime
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.db import models
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

# The reasons the services themselves give a change, stored in English as they are: shown in the reader's
# language (a reason a person typed is shown as typed).
SYSTEM_REASONS = {
    "Deleted": _("Deleted"),
    "Edited": _("Edited"),
    "Edited from an Excel upload": _("Edited from an Excel upload"),
    "Edited in the browser": _("Edited in the browser"),
    "Entered": _("Entered"),
    "Evidence added": _("Evidence added"),
    "Evidence removed": _("Evidence removed"),
    "Imported": _("Imported"),
    "Imported from a published table": _("Imported from a published table"),
    "Planned": _("Planned"),
    "Progress update": _("Progress update"),
    "Recorded": _("Recorded"),
    "Recorded before history was kept": _("Recorded before history was kept"),
    "Recorded from an Excel upload": _("Recorded from an Excel upload"),
    "Submitted": _("Submitted"),
    "Validated": _("Validated"),
    "Validated by import of a published table": _("Validated by import of a published table"),
    "Withdrawn": _("Withdrawn"),
}


def history_reason(stored: str | None) -> str:
    """The reason of a change as the reader reads it: a service's own reason translated, a person's as typed."""
    text = stored or ""
    return str(SYSTEM_REASONS.get(text, text))


HISTORY_KINDS = {"+": _("created"), "~": _("changed"), "-": _("deleted")}
EMPTY = "—"
_UNSET = object()
# Bookkeeping every model may carry; never shown as a change.
NOT_COMPARED = frozenset({"id", "created_at", "updated_at", "version"})


@dataclass(frozen=True)
class FieldChange:
    field: str
    old: str
    new: str


@dataclass(frozen=True)
class HistoryEntry:
    """One change: when, by whom (a user, or None for an import or the system), what and why."""

    when: datetime.datetime
    who: object
    kind: str
    what: str
    reason: str
    changes: tuple[FieldChange, ...] = ()
    status: str = ""
    version: int | None = None


def value_display(record: models.Model, model_field: models.Field, value: object = _UNSET) -> str:
    """A field's value as a reader sees it: a choice's label, a related record's name, a date, a list."""
    if value is _UNSET:
        value = getattr(record, model_field.name, None)
    if model_field.choices and value not in (None, ""):
        return str(dict(model_field.flatchoices).get(value, value))
    if value in (None, "", [], ()):
        return EMPTY
    if isinstance(value, bool):
        return str(_("yes") if value else _("no"))
    if isinstance(value, datetime.datetime):
        return date_format(value, "DATETIME_FORMAT")
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return ", ".join(str(item) for item in value)
    return str(value)


def _compared_fields(history_model: Any, fields: Sequence[str] | None, exclude: Iterable[str]) -> list[str]:
    instance_fields = {model_field.name for model_field in history_model.instance_type._meta.concrete_fields}
    if fields is not None:
        return [name for name in fields if name in instance_fields]
    excluded = NOT_COMPARED | set(exclude)
    # A reader field's English column repeats the field itself; its French and Spanish ones are changes of their own.
    excluded |= {f"{name}_en" for name in instance_fields if f"{name}_en" in instance_fields}
    return [
        model_field.name
        for model_field in history_model._meta.concrete_fields
        if model_field.name in instance_fields
        and model_field.name not in excluded
        and not model_field.name.startswith("history_")
    ]


def history_changes(*, new: Any, old: Any, fields: Sequence[str] | None = None) -> tuple[FieldChange, ...]:
    """The fields that differ between two historical records of one object, in the order of `fields`.

    `fields` defaults to every tracked field but bookkeeping; select_related any foreign key shown.
    """
    compared = _compared_fields(type(new), fields, ())
    meta = type(new).instance_type._meta
    delta = new.diff_against(old, included_fields=compared, foreign_keys_are_objs=True)
    return tuple(
        FieldChange(
            field=str(meta.get_field(change.field).verbose_name),
            old=value_display(old, meta.get_field(change.field), change.old),
            new=value_display(new, meta.get_field(change.field), change.new),
        )
        for change in sorted(delta.changes, key=lambda change: compared.index(change.field))
    )


def history_entries(
    records: Iterable,
    *,
    what: str | Callable[[object], str] = "",
    fields: Sequence[str] | None = None,
    exclude: Iterable[str] = (),
    status_field: str = "",
) -> list[HistoryEntry]:
    """One entry per historical record, newest first, with the fields that differ from the previous record.

    `records` are historical records of one model (select_related the users and any foreign key shown);
    `what` labels the record changed (a text, or a function of the record); `fields` limits the compared
    fields (default: every tracked field but `exclude` and bookkeeping); `status_field`, when given, is
    shown beside each entry.
    """
    records = list(records)
    if not records:
        return []
    history_model = type(records[0])
    compared = _compared_fields(history_model, fields, exclude)
    meta = history_model.instance_type._meta
    pk_name = meta.pk.attname
    records.sort(key=lambda record: (record.history_date, record.history_id))
    previous_by_object: dict = {}
    entries = []
    for record in records:
        key = getattr(record, pk_name)
        previous = previous_by_object.get(key)
        changes: tuple[FieldChange, ...] = ()
        if previous is not None and record.history_type == "~":
            changes = history_changes(new=record, old=previous, fields=compared)
        previous_by_object[key] = record
        entries.append(
            HistoryEntry(
                when=record.history_date,
                who=record.history_user,
                kind=str(HISTORY_KINDS.get(record.history_type, record.history_type)),
                what=str(what(record) if callable(what) else what),
                reason=history_reason(record.history_change_reason),
                changes=changes,
                status=value_display(record, meta.get_field(status_field)) if status_field else "",
                version=getattr(record, "version", None),
            )
        )
    entries.reverse()
    return entries


def history_merge(*entry_lists: Iterable[HistoryEntry]) -> list[HistoryEntry]:
    """Several records' entries as one list, newest first."""
    merged = [entry for entries in entry_lists for entry in entries]
    merged.sort(key=lambda entry: entry.when, reverse=True)
    return merged


class IndexedHistoricalRecords(HistoricalRecords):
    """HistoricalRecords whose history table also has the indexes given (simple_history's own option,
    SIMPLE_HISTORY_DATE_INDEX, adds the same one to every app's history tables), and whose `no_db_index`
    also reaches the history_user column."""

    def __init__(self, *args: Any, indexes: Sequence[models.Index] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.extra_indexes = tuple(indexes)

    def get_meta_options(self, model: type[models.Model]) -> dict[str, Any]:
        options: dict[str, Any] = super().get_meta_options(model)
        options["indexes"] = (*options.get("indexes", ()), *self.extra_indexes)
        return options

    def _get_history_user_fields(self) -> dict[str, Any]:
        # simple_history's `no_db_index` covers the copied fields only, not its own history_user.
        fields: dict[str, Any] = super()._get_history_user_fields()
        for name, field in fields.items():
            if name in self.no_db_index:
                field.db_index = False
        return fields
