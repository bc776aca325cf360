"""Change-only writes shared by every app's services, so history records real changes and nothing else.

A save that changes nothing writes nothing: imports can run twice, and a form saved unchanged adds no
history entry. `Changes` tallies what a write created, updated, deleted or left alone, per kind of record,
for the summaries imports and commands print.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, Literal, TypeVar

from django.contrib.auth.base_user import AbstractBaseUser
from django.db import models

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

    def tally(self, kind: str, outcome: Outcome, count: int = 1) -> None:
        if count:
            bucket = getattr(self, outcome)
            bucket[kind] = bucket.get(kind, 0) + count

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
        instance._change_reason = reason  # type: ignore[attr-defined]


def _auto_now_fields(instance: models.Model) -> list[str]:
    return [
        model_field.name for model_field in instance._meta.concrete_fields if getattr(model_field, "auto_now", False)
    ]


def model_update(
    *, instance: ModelT, data: dict[str, Any], fields: Iterable[str] | None = None, user: Actor = None, reason: str = ""
) -> tuple[ModelT, bool]:
    """Set the values of `data` (only `fields` of it, when given) that differ, then validate and save them.

    Returns the instance and whether anything changed; nothing is written when nothing differs.
    Many-to-many fields in `data` are set after the save.
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
    if changed:
        instance.full_clean()
        history_mark(instance, user=user, reason=reason)
        update_fields = [*changed, *(name for name in _auto_now_fields(instance) if name not in changed)]
        instance.save(update_fields=update_fields)
    for name, pks in changed_links.items():
        getattr(instance, name).set(pks)
    return instance, bool(changed or changed_links)


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
    instance = model._default_manager.filter(**lookup).first()
    outcome: Outcome
    if instance is None:
        instance = model_create(model=model, data={**lookup, **data}, user=user, reason=reason)
        outcome = "created"
    else:
        _, updated = model_update(instance=instance, data=data, user=user, reason=reason)
        outcome = "updated" if updated else "unchanged"
    if changes is not None:
        changes.tally(kind or str(model._meta.verbose_name_plural), outcome)
    return instance, outcome


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
            _, updated = model_update(instance=row, data=values, user=user, reason=reason)
            changes.tally(kind, "updated" if updated else "unchanged")
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
