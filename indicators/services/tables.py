"""Importing published indicator tables."""

import logging
from pathlib import Path

from django.db import transaction
from django.utils.translation import gettext_lazy as _
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from indicators.counts_cache import counts_cache_invalidate
from indicators.models import Indicator, PublishedFigure, Result, Target
from indicators.parsers.results_table import ParsedIndicatorRow, results_table_parse, unit_singular
from outcomes.models import Biennium, Outcome
from outcomes.rules import biennium_ensure_open
from places.selectors import place_index_build, region_list
from rbm.parsers import ImportRejected, text_file_read
from rbm.services import Changes, model_upsert

logger = logging.getLogger(__name__)

IMPORTED = "Imported from a published table"
REVALIDATED = "Validated by import of a published table"
IMPORT_FAILED = _("The table was not imported: %(count)d problem(s) found; nothing was saved.")


@transaction.atomic
def results_table_import(*, text: str, biennium: Biennium, source: str = "") -> Changes:
    """Import a published indicator table: outcome, indicators, targets, published figures, results.

    All or nothing: every problem is collected and reported, and nothing is saved if there is one.
    Running it again on the same table changes nothing.
    """
    biennium_ensure_open(biennium=biennium)
    table = results_table_parse(
        text=text, biennium_label=biennium.label, places=place_index_build(), regions=list(region_list())
    )
    if table.problems:
        logger.info(
            "Published table %s for %s refused: %d problem(s)", source or "(text)", biennium.label, len(table.problems)
        )
        raise ImportRejected(table.problems, message=IMPORT_FAILED)

    changes = Changes()
    framework = biennium.framework
    outcome, _ = model_upsert(
        model=Outcome,
        lookup={"framework": framework, "number": table.outcome_number},
        data={
            "statement": table.outcome_statement,
            "position": int(table.outcome_number) if table.outcome_number.isdigit() else 0,
        },
        changes=changes,
        kind="outcomes",
    )
    for position, row in enumerate(table.rows, start=1):
        indicator, _ = model_upsert(
            model=Indicator,
            lookup={"framework": framework, "code": row.code},
            data={
                "outcome": outcome,
                "statement": row.statement,
                "unit": row.unit,
                "unit_singular": unit_singular(row.unit),
                "unit_kind": Indicator.UnitKind.PLACES if row.counts_places else Indicator.UnitKind.ENTITIES,
                "position": position,
            },
            changes=changes,
            kind="indicators",
        )
        model_upsert(
            model=Target,
            lookup={"indicator": indicator, "biennium": biennium},
            data={"value": row.target.value, "text": row.target_text},
            changes=changes,
            kind="targets",
        )
        model_upsert(
            model=PublishedFigure,
            lookup={"indicator": indicator, "biennium": biennium},
            data={
                "text": row.published_text,
                "value": row.published.value,
                "member_states": row.published.member_states,
                "territories": row.published.territories,
                "source": source,
            },
            changes=changes,
            kind="published figures",
        )
        _results_upsert(indicator=indicator, biennium=biennium, row=row, changes=changes)
    if changes.changed:
        counts_cache_invalidate()
    logger.info(
        "Published table %s imported for %s: created %s, updated %s, unchanged %s",
        source or "(text)",
        biennium.label,
        changes.created,
        changes.updated,
        changes.unchanged,
    )
    return changes


def _results_upsert(*, indicator: Indicator, biennium: Biennium, row: ParsedIndicatorRow, changes: Changes) -> None:
    """Create the listed results in bulk (with their history rows), validating any left unvalidated.

    A place listed under an indicator counting entities gets one result whose entity is marked as not named in
    the source. A place that already has a result under it (one whose entity an officer has named since, say)
    is covered: the table names no entity, so it neither adds an unnamed one beside it nor renames it.
    """
    existing: dict[int, Result] = {}
    for result in Result.objects.filter(indicator=indicator, biennium=biennium).order_by("entity_name", "pk"):
        # The place's unnamed result ("" sorts first) or, for entities, its first named one.
        if indicator.counts_places and result.entity_name:
            continue
        existing.setdefault(result.place_id, result)
    validated_places = set(
        Result.objects.filter(indicator=indicator, biennium=biennium, status=Result.Status.VALIDATED).values_list(
            "place_id", flat=True
        )
    )
    to_create: list[Result] = []
    to_update: list[Result] = []
    for cell in row.places:
        found = existing.get(cell.place.id)
        if found is None:
            result = Result(
                indicator=indicator,
                biennium=biennium,
                place=cell.place,
                entity_unnamed=not indicator.counts_places,
                reported_name=cell.reported_name,
                status=Result.Status.VALIDATED,
                source=Result.Source.IMPORT,
            )
            result.clean()
            to_create.append(result)
            continue
        result = found
        if result.entity_name and cell.place.id in validated_places:
            # One of the place's named entities is validated: the place is listed as the table lists it.
            changes.tally("results", "unchanged")
        elif result.status != Result.Status.VALIDATED or result.reported_name != cell.reported_name:
            result.status = Result.Status.VALIDATED
            result.reported_name = cell.reported_name
            result.version += 1
            to_update.append(result)
        else:
            changes.tally("results", "unchanged")
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
    changes.tally("results", "created", len(to_create))
    changes.tally("results", "updated", len(to_update))


def results_table_import_file(*, path: str, biennium: Biennium) -> Changes:
    return results_table_import(text=text_file_read(path=path), biennium=biennium, source=Path(path).name)
