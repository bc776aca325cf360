"""Importing published indicator tables."""

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils.translation import gettext_lazy as _
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from indicators.counts_cache import counts_cache_invalidate
from indicators.models import Indicator, PublishedFigure, Result, Target
from indicators.results_table import IndicatorRow, Problem, results_table_parse
from indicators.services.framework import biennium_ensure_open
from outcomes.models import Biennium, Outcome
from places.selectors import place_index, region_list
from rbm.exceptions import ApplicationError

_M = TypeVar("_M", bound=models.Model)

IMPORTED = "Imported from a published table"
REVALIDATED = "Validated by import of a published table"
IMPORT_FAILED = _("The table was not imported: %(count)d problem(s) found; nothing was saved.")


class ImportRejected(ApplicationError):
    """An import found problems; `problems` lists every one of them and nothing was saved."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__(IMPORT_FAILED % {"count": len(problems)}, extra={"problems": [str(p) for p in problems]})
        self.problems = problems


@dataclass
class ImportSummary:
    created: dict[str, int] = field(default_factory=dict)
    updated: dict[str, int] = field(default_factory=dict)
    unchanged: dict[str, int] = field(default_factory=dict)

    def tally(self, kind: str, outcome: str, count: int = 1) -> None:
        if count:
            bucket = getattr(self, outcome)
            bucket[kind] = bucket.get(kind, 0) + count

    @property
    def changed(self) -> bool:
        return bool(self.created or self.updated)


def _upsert(model: type[_M], lookup: dict[str, Any], values: dict[str, Any], summary: ImportSummary, kind: str) -> _M:
    """Create or update one row, saving only when something differs so history stays truthful."""
    instance = model._default_manager.filter(**lookup).first()
    if instance is None:
        instance = model(**lookup, **values)
        instance.full_clean()
        instance.save()
        summary.tally(kind, "created")
        return instance
    changed = {name: value for name, value in values.items() if getattr(instance, name) != value}
    if not changed:
        summary.tally(kind, "unchanged")
        return instance
    for name, value in changed.items():
        setattr(instance, name, value)
    instance.full_clean()
    instance.save()
    summary.tally(kind, "updated")
    return instance


@transaction.atomic
def results_table_import(*, text: str, biennium: Biennium, source: str = "") -> ImportSummary:
    """Import a published indicator table: outcome, indicators, targets, published figures, results.

    All or nothing: every problem is collected and reported, and nothing is saved if there is one.
    Running it again on the same table changes nothing.
    """
    biennium_ensure_open(biennium=biennium)
    table = results_table_parse(
        text=text, biennium_label=biennium.label, places=place_index(), regions=list(region_list())
    )
    if table.problems:
        raise ImportRejected(table.problems)

    summary = ImportSummary()
    framework = biennium.framework
    outcome = _upsert(
        Outcome,
        {"framework": framework, "number": table.outcome_number},
        {
            "statement": table.outcome_statement,
            "position": int(table.outcome_number) if table.outcome_number.isdigit() else 0,
        },
        summary,
        "outcomes",
    )
    for position, row in enumerate(table.rows, start=1):
        singular = row.unit[:-1] if row.unit.endswith("s") else row.unit
        if row.unit.casefold() == "member states":
            singular = "member State"
        indicator = _upsert(
            Indicator,
            {"framework": framework, "code": row.code},
            {
                "outcome": outcome,
                "statement": row.statement,
                "unit": row.unit,
                "unit_singular": singular,
                "unit_kind": Indicator.UnitKind.PLACES,
                "position": position,
            },
            summary,
            "indicators",
        )
        _upsert(
            Target,
            {"indicator": indicator, "biennium": biennium},
            {"value": row.target.value, "text": row.target_text},
            summary,
            "targets",
        )
        _upsert(
            PublishedFigure,
            {"indicator": indicator, "biennium": biennium},
            {
                "text": row.published_text,
                "value": row.published.value,
                "member_states": row.published.member_states,
                "territories": row.published.territories,
                "source": source,
            },
            summary,
            "published figures",
        )
        _results_upsert(indicator=indicator, biennium=biennium, row=row, summary=summary)
    return summary


def _results_upsert(*, indicator: Indicator, biennium: Biennium, row: IndicatorRow, summary: ImportSummary) -> None:
    """Create the listed results in bulk (with their history rows), validating any left unvalidated."""
    existing = {
        result.place_id: result
        for result in Result.objects.filter(indicator=indicator, biennium=biennium, entity_name="")
    }
    to_create, to_update = [], []
    for cell in row.places:
        result = existing.get(cell.place.id)
        if result is None:
            result = Result(
                indicator=indicator,
                biennium=biennium,
                place=cell.place,
                reported_name=cell.reported_name,
                status=Result.Status.VALIDATED,
                source=Result.Source.IMPORT,
            )
            result.clean()
            to_create.append(result)
        elif result.status != Result.Status.VALIDATED or result.reported_name != cell.reported_name:
            result.status = Result.Status.VALIDATED
            result.reported_name = cell.reported_name
            result.version += 1
            to_update.append(result)
        else:
            summary.tally("results", "unchanged")
    if to_create or to_update:
        counts_cache_invalidate()
    if to_create:
        bulk_create_with_history(to_create, Result, batch_size=1000, default_change_reason=IMPORTED)
    if to_update:
        bulk_update_with_history(
            to_update,
            Result,
            ["status", "reported_name", "version"],
            batch_size=1000,
            default_change_reason=REVALIDATED,
        )
    summary.tally("results", "created", len(to_create))
    summary.tally("results", "updated", len(to_update))


def results_table_import_file(*, path: str, biennium: Biennium) -> ImportSummary:
    file = Path(path)
    try:
        text = file.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as error:
        raise ValidationError({"path": str(error)}) from error
    return results_table_import(text=text, biennium=biennium, source=file.name)
