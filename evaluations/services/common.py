"""Helpers shared by the evaluation services: change-only writes that keep history truthful."""

from dataclasses import dataclass, field


@dataclass
class Changes:
    """What a write created, updated, deleted or left alone, per kind of record."""

    created: dict[str, int] = field(default_factory=dict)
    updated: dict[str, int] = field(default_factory=dict)
    deleted: dict[str, int] = field(default_factory=dict)
    unchanged: dict[str, int] = field(default_factory=dict)

    def tally(self, kind: str, outcome: str, count: int = 1) -> None:
        bucket = getattr(self, outcome)
        bucket[kind] = bucket.get(kind, 0) + count

    @property
    def changed(self) -> bool:
        return bool(self.created or self.updated or self.deleted)

    @property
    def kinds(self) -> list[str]:
        return sorted({*self.created, *self.updated, *self.deleted, *self.unchanged})


def save(instance, *, user, reason: str = "") -> None:
    """Validate and save, naming who changed it and why in its history."""
    instance.full_clean()
    instance._history_user = user
    if reason:
        instance._change_reason = reason
    instance.save()


def assign(instance, values: dict) -> bool:
    """Set the values that differ; return whether any did."""
    changed = False
    for name, value in values.items():
        if getattr(instance, name) != value:
            setattr(instance, name, value)
            changed = True
    return changed


def sync_rows(
    *,
    kind: str,
    model,
    parent: dict,
    key_fields: tuple[str, ...],
    desired: list[dict],
    user,
    changes: Changes,
    reason: str = "",
) -> None:
    """Make a parent's child rows match `desired` (one dict of field values each, keyed by `key_fields`).

    Only rows that differ are written, so history records real changes and a repeated write adds none.
    """
    existing = {tuple(getattr(row, name) for name in key_fields): row for row in model.objects.filter(**parent)}
    wanted = set()
    for values in desired:
        key = tuple(values[name] for name in key_fields)
        wanted.add(key)
        row = existing.get(key)
        if row is None:
            row = model(**parent, **values)
            save(row, user=user, reason=reason)
            changes.tally(kind, "created")
        elif assign(row, values):
            save(row, user=user, reason=reason)
            changes.tally(kind, "updated")
        else:
            changes.tally(kind, "unchanged")
    for key, row in existing.items():
        if key not in wanted:
            row._history_user = user
            row.delete()
            changes.tally(kind, "deleted")


def sync_links(*, kind: str, manager, objects, changes: Changes, add_only: bool = False) -> None:
    """Set a many-to-many relation to `objects` (or only add them), writing nothing when it already matches."""
    current = set(manager.values_list("pk", flat=True))
    wanted = {obj.pk for obj in objects}
    if add_only:
        missing = wanted - current
        if missing:
            manager.add(*missing)
            changes.tally(kind, "created", len(missing))
        return
    if current == wanted:
        return
    manager.set(list(wanted))
    changes.tally(kind, "updated")
