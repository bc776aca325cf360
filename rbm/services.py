"""Change-only writes shared by every app's services, so history records real changes and nothing else.

A save that changes nothing writes nothing: imports can run twice, and a form saved unchanged adds no
history entry. `Changes` tallies what a write created, updated, deleted or left alone, per kind of record,
for the summaries imports and commands print.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal, TypeVar

from django.contrib.auth.base_user import AbstractBaseUser
from django.db import models

from rbm.bulk import history_bulk_create
from rbm.limits import HISTORY_REASON_MAX

ModelT = TypeVar("ModelT", bound=models.Model)
# Who makes a change: a user, or None for an import or the system.
Actor = AbstractBaseUser | None
Outcome = Literal["created", "updated", "deleted", "unchanged"]


@dataclass
class Changes:
    """What a write created, updated, deleted or left alone, per kind of record ("results": 3)."""

    created: dict[str, int] = field(default_factory=dict)
    updated: dict[str, int] = field(default_factory=dict)
    deleted: dict[str, int] = field(default_factory=dict)
    unchanged: dict[str, int] = field(default_factory=dict)
    # The fields updates changed, per kind, in the order first changed ("narratives": ["areas_of_focus"]).
    fields: dict[str, list[str]] = field(default_factory=dict)

    def tally(self, kind: str, outcome: Outcome, count: int = 1) -> None:
        if count:
            bucket = getattr(self, outcome)
            bucket[kind] = bucket.get(kind, 0) + count

    def fields_note(self, kind: str, names: Iterable[str]) -> None:
        """Remember which fields of `kind` an update changed."""
        noted = self.fields.setdefault(kind, [])
        noted.extend(name for name in names if name not in noted)

    @property
    def changed(self) -> bool:
        return bool(self.created or self.updated or self.deleted)

    @property
    def kinds(self) -> list[str]:
        return sorted({*self.created, *self.updated, *self.deleted, *self.unchanged})


def history_mark(instance: models.Model, *, user: Actor = None, reason: str = "") -> None:
    """Tell django-simple-history who makes the next change and why, whether or not a request is around."""
    if user is not None:
        instance._history_user = user  # type: ignore[attr-defined]
    if reason:
        instance._change_reason = history_reason(reason)  # type: ignore[attr-defined]


def history_reason(reason: str) -> str:
    """`reason` cut to fit the history's reason column; the full text stays where it belongs (a validator's
    message on the result, a reopening's reason on the biennium's log)."""
    reason = str(reason)
    if len(reason) <= HISTORY_REASON_MAX:
        return reason
    return reason[: HISTORY_REASON_MAX - 1].rstrip() + "…"


def _auto_now_fields(instance: models.Model) -> list[str]:
    return [
        model_field.name for model_field in instance._meta.concrete_fields if getattr(model_field, "auto_now", False)
    ]


def model_update(
    *,
    instance: ModelT,
    data: dict[str, Any],
    fields: Iterable[str] | None = None,
    user: Actor = None,
    reason: str = "",
    stamp: dict[str, Any] | None = None,
    changes: Changes | None = None,
    kind: str = "",
) -> tuple[ModelT, bool]:
    """Set the values of `data` (only `fields` of it, when given) that differ, then validate and save them.

    Returns the instance and whether anything changed; nothing is written when nothing differs.
    Many-to-many fields in `data` are set after the save. `stamp` holds values written with any change but
    never compared, such as who made it (`{"updated_by": user}`). With `changes`, the update is tallied
    under `kind` (default: the model's plural name) with the names of the fields it changed.
    """
    names = list(data) if fields is None else [name for name in fields if name in data]
    many_to_many = {model_field.name for model_field in instance._meta.many_to_many}
    changed: list[str] = []
    changed_links: dict[str, list] = {}
    for name in names:
        value = data[name]
        if name in many_to_many:
            current = set(getattr(instance, name).values_list("pk", flat=True))
            wanted = {getattr(item, "pk", item) for item in value}
            if current != wanted:
                changed_links[name] = list(wanted)
        elif getattr(instance, name) != value:
            setattr(instance, name, value)
            changed.append(name)
    stamped = dict(stamp or {}) if changed or changed_links else {}
    for name, value in stamped.items():
        setattr(instance, name, value)
    if changed or stamped:
        instance.full_clean()
        history_mark(instance, user=user, reason=reason)
        written = [*changed, *(name for name in stamped if name not in changed)]
        instance.save(update_fields=[*written, *(name for name in _auto_now_fields(instance) if name not in written)])
    for name, pks in changed_links.items():
        getattr(instance, name).set(pks)
    updated = bool(changed or changed_links)
    if changes is not None:
        kind = kind or str(instance._meta.verbose_name_plural)
        changes.tally(kind, "updated" if updated else "unchanged")
        if updated:
            changes.fields_note(kind, [*changed, *changed_links])
    return instance, updated


def model_create(*, model: type[ModelT], data: dict, user: Actor = None, reason: str = "") -> ModelT:
    """Validate and save a new instance, naming who created it and why in its history."""
    instance = model(**data)
    instance.full_clean()
    history_mark(instance, user=user, reason=reason)
    instance.save()
    return instance


def model_upsert(
    *,
    model: type[ModelT],
    lookup: dict,
    data: dict,
    user: Actor = None,
    reason: str = "",
    changes: Changes | None = None,
    kind: str = "",
) -> tuple[ModelT, Outcome]:
    """Create the row `lookup` finds no match for, else update what differs; tally the outcome under `kind`."""
    kind = kind or str(model._meta.verbose_name_plural)
    instance = model._default_manager.filter(**lookup).first()
    if instance is None:
        instance = model_create(model=model, data={**lookup, **data}, user=user, reason=reason)
        if changes is not None:
            changes.tally(kind, "created")
        return instance, "created"
    _, updated = model_update(instance=instance, data=data, user=user, reason=reason, changes=changes, kind=kind)
    return instance, "updated" if updated else "unchanged"


def model_bulk_upsert(
    *,
    model: type[ModelT],
    existing: Iterable[ModelT],
    key: Sequence[str],
    rows: Sequence[dict],
    user: Actor = None,
    reason: str = "",
    changes: Changes | None = None,
    kind: str = "",
) -> list[ModelT]:
    """`model_upsert` of many rows of one model, the new ones written at once with their history (`rbm.bulk`).

    Each row (its `key` fields and its values) is matched on `key` to one of `existing`, the candidates the
    caller read in one query (with the related objects the rows set, so comparing them reads nothing): a
    match is updated where it differs (`model_update`), the others are validated and created together. The
    validation is `full_clean`'s without a query per row: related objects given as saved instances are not
    looked up again, and uniqueness is the key's (the database's constraints hold the rest). A key repeated
    in `rows` is one record, the later row's values winning, as successive `model_upsert` calls would give.
    Returns the instances in the order of `rows`.
    """
    kind = kind or str(model._meta.verbose_name_plural)
    concrete = {field.name: field.attname for field in model._meta.concrete_fields}
    attnames = [concrete[name] for name in key]
    found: dict[tuple, ModelT] = {
        tuple(getattr(instance, attname) for attname in attnames): instance for instance in existing
    }
    new: dict[tuple, ModelT] = {}
    instances: list[ModelT] = []
    for row in rows:
        row_key = tuple(getattr(row[name], "pk", row[name]) for name in key)
        instance = found.get(row_key)
        if instance is not None:
            data = {name: value for name, value in row.items() if name not in key}
            model_update(instance=instance, data=data, user=user, reason=reason, changes=changes, kind=kind)
        else:
            instance = new.get(row_key) or model(**row)
            for name, value in row.items():
                setattr(instance, name, value)
            saved_relations = [
                name
                for name, value in row.items()
                if isinstance(value, models.Model) and value.pk is not None and not value._state.adding
            ]
            instance.full_clean(exclude=saved_relations, validate_unique=False, validate_constraints=False)
            new[row_key] = instance
        instances.append(instance)
    history_bulk_create(
        model=model, objs=list(new.values()), user=user, change_reason=history_reason(reason) if reason else None
    )
    if changes is not None:
        changes.tally(kind, "created", len(new))
    return instances


def rows_sync(
    *,
    kind: str,
    model: type[models.Model],
    parent: dict,
    key_fields: tuple[str, ...],
    desired: list[dict],
    changes: Changes,
    user: Actor = None,
    reason: str = "",
) -> None:
    """Make a parent's child rows match `desired` (one dict of field values each, keyed by `key_fields`).

    Only rows that differ are written, so a repeated write adds no history.
    """
    existing = {
        tuple(getattr(row, name) for name in key_fields): row for row in model._default_manager.filter(**parent)
    }
    wanted = set()
    for values in desired:
        key = tuple(values[name] for name in key_fields)
        wanted.add(key)
        row = existing.get(key)
        if row is None:
            model_create(model=model, data={**parent, **values}, user=user, reason=reason)
            changes.tally(kind, "created")
        else:
            model_update(instance=row, data=values, user=user, reason=reason, changes=changes, kind=kind)
    for key, row in existing.items():
        if key not in wanted:
            history_mark(row, user=user, reason=reason)
            row.delete()
            changes.tally(kind, "deleted")


def links_sync(
    *, kind: str, manager: Any, objects: Iterable[models.Model], changes: Changes, add_only: bool = False
) -> None:
    """Set a many-to-many relation to `objects` (or only add them), writing nothing when it already matches."""
    current = set(manager.values_list("pk", flat=True))
    wanted = {obj.pk for obj in objects}
    if add_only:
        missing = wanted - current
        if missing:
            manager.add(*missing)
            changes.tally(kind, "created", len(missing))
        return
    if current != wanted:
        manager.set(list(wanted))
        changes.tally(kind, "updated")
