"""Helpers shared by the evaluation services: scope checks and change-only writes that keep history truthful."""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.contrib.auth.models import User
from django.db import models
from django.utils.translation import gettext_lazy as _

from accounts.selectors import user_scope
from evaluations.models import Evaluation
from evaluations.selectors.scope import evaluation_scope_ids, scope_covers
from rbm.exceptions import NotAllowed

if TYPE_CHECKING:
    from django.db.models.fields.related_descriptors import ManyRelatedManager

ROLE_CANNOT_RECORD = _("Your role does not allow entering or changing evaluations.")
OUT_OF_SCOPE = _(
    "This evaluation is outside your scope: it must be tagged only with regions and outcomes you work on "
    "(an evaluation tagged with none is global)."
)
CANNOT_PUBLISH = _("Only a manager or an administrator can publish an evaluation or withdraw it.")


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


def ensure_can_edit(
    *,
    user: User,
    evaluation: Evaluation | None = None,
    region_ids: Iterable[int] | None = None,
    outcome_ids: Iterable[int] | None = None,
) -> None:
    """Refuse unless the user may edit the evaluation (as stored, or as it is about to be tagged)."""
    scope = user_scope(user=user)
    if not scope.can_record:
        raise NotAllowed(ROLE_CANNOT_RECORD)
    if evaluation is not None:
        region_ids, outcome_ids = evaluation_scope_ids(evaluation=evaluation)
    if not scope_covers(scope=scope, region_ids=set(region_ids or ()), outcome_ids=set(outcome_ids or ())):
        raise NotAllowed(OUT_OF_SCOPE)


def save(instance: models.Model, *, user: User | None, reason: str = "") -> None:
    """Validate and save, naming who changed it and why in its history (no user: an import)."""
    instance.full_clean()
    # django-simple-history reads these attributes when the instance is saved; no stub declares them.
    instance._history_user = user  # type: ignore[attr-defined]
    if reason:
        instance._change_reason = reason  # type: ignore[attr-defined]
    instance.save()


def assign(instance: models.Model, values: Mapping[str, Any]) -> bool:
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
    model: type[models.Model],
    parent: dict[str, Any],
    key_fields: tuple[str, ...],
    desired: list[dict[str, Any]],
    user: User | None,
    changes: Changes,
    reason: str = "",
) -> None:
    """Make a parent's child rows match `desired` (one dict of field values each, keyed by `key_fields`).

    Only rows that differ are written, so history records real changes and a repeated write adds none.
    """
    existing = {
        tuple(getattr(row, name) for name in key_fields): row for row in model._default_manager.filter(**parent)
    }
    wanted: set[tuple[Any, ...]] = set()
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
            row._history_user = user  # type: ignore[attr-defined]  # read by django-simple-history on delete
            row.delete()
            changes.tally(kind, "deleted")


def sync_links(
    *,
    kind: str,
    manager: "ManyRelatedManager[Any, Any]",
    objects: Iterable[models.Model],
    changes: Changes,
    add_only: bool = False,
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
    if current == wanted:
        return
    manager.set(list(wanted))
    changes.tally(kind, "updated")
