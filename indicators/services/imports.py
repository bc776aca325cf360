"""Importing published indicator tables."""

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from indicators.models import Indicator, PublishedFigure, Result, Target
from indicators.results_table import Problem, results_table_parse
from indicators.services.framework import biennium_ensure_open
from outcomes.models import Biennium, Outcome
from places.selectors import place_index, region_list
from rbm.exceptions import ApplicationError

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

    def tally(self, kind: str, outcome: str) -> None:
        bucket = getattr(self, outcome)
        bucket[kind] = bucket.get(kind, 0) + 1

    @property
    def changed(self) -> bool:
        return bool(self.created or self.updated)


def _upsert(model, lookup: dict, values: dict, summary: ImportSummary, kind: str):
    """Create or update one row, saving only when something differs so history stays truthful."""
    instance = model.objects.filter(**lookup).first()
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


def _results_upsert(*, indicator: Indicator, biennium: Biennium, row, summary: ImportSummary) -> None:
    existing = {
        result.place_id: result
        for result in Result.objects.filter(indicator=indicator, biennium=biennium, entity_name="")
    }
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
            result._change_reason = "Imported from a published table"
            summary.tally("results", "created")
        elif result.status == Result.Status.VALIDATED and result.reported_name == cell.reported_name:
            summary.tally("results", "unchanged")
            continue
        else:
            result.status = Result.Status.VALIDATED
            result.reported_name = cell.reported_name
            result._change_reason = "Validated by import of a published table"
            summary.tally("results", "updated")
        result.save()


def results_table_import_file(*, path: str, biennium: Biennium) -> ImportSummary:
    try:
        with open(path, encoding="utf-8-sig") as handle:
            text = handle.read()
    except (OSError, UnicodeDecodeError) as error:
        raise ValidationError({"path": str(error)}) from error
    return results_table_import(text=text, biennium=biennium, source=path.rsplit("/", 1)[-1])
