"""Importing published indicator tables."""

import logging
from pathlib import Path

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from indicators.counts_cache import counts_cache_invalidate
from indicators.models import Indicator, PublishedFigure, Result, Target
from indicators.parsers.results_table import ParsedIndicatorRow, results_table_parse, unit_singular
from indicators.services.bulk import results_bulk_create, results_bulk_update
from outcomes.models import Biennium, Outcome
from outcomes.rules import biennium_ensure_open
from places.selectors import place_index_build, region_list
from rbm.bulk import collector_paused
from rbm.parsers import ImportRejected, text_file_read
from rbm.services import Changes, model_bulk_upsert, model_upsert

logger = logging.getLogger(__name__)

IMPORTED = "Imported from a published table"
REVALIDATED = "Validated by import of a published table"
IMPORT_FAILED = _("The table was not imported: %(count)d problem(s) found; nothing was saved.")


@collector_paused()
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
    # Each kind of record read once and its new rows written at once: a table lists dozens of indicators.
    codes = [row.code for row in table.rows]
    indicators = model_bulk_upsert(
        model=Indicator,
        existing=Indicator.objects.filter(framework=framework, code__in=codes).select_related("framework", "outcome"),
        key=("framework", "code"),
        rows=[
            {
                "framework": framework,
                "code": row.code,
                "outcome": outcome,
                "statement": row.statement,
                "unit": row.unit,
                "unit_singular": unit_singular(row.unit),
                "unit_kind": Indicator.UnitKind.PLACES if row.counts_places else Indicator.UnitKind.ENTITIES,
                "position": position,
            }
            for position, row in enumerate(table.rows, start=1)
        ],
        changes=changes,
        kind="indicators",
    )
    model_bulk_upsert(
        model=Target,
        existing=Target.objects.filter(indicator__in=indicators, biennium=biennium),
        key=("indicator", "biennium"),
        rows=[
            {"indicator": indicator, "biennium": biennium, "value": row.target.value, "text": row.target_text}
            for indicator, row in zip(indicators, table.rows, strict=True)
        ],
        changes=changes,
        kind="targets",
    )
    model_bulk_upsert(
        model=PublishedFigure,
        existing=PublishedFigure.objects.filter(indicator__in=indicators, biennium=biennium),
        key=("indicator", "biennium"),
        rows=[
            {
                "indicator": indicator,
                "biennium": biennium,
                "text": row.published_text,
                "value": row.published.value,
                "member_states": row.published.member_states,
                "territories": row.published.territories,
                "source": source,
            }
            for indicator, row in zip(indicators, table.rows, strict=True)
        ],
        changes=changes,
        kind="published figures",
    )
    listed = list(zip(indicators, table.rows, strict=True))
    _results_upsert(listed=listed, biennium=biennium, changes=changes)
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


def _results_upsert(
    *, listed: list[tuple[Indicator, ParsedIndicatorRow]], biennium: Biennium, changes: Changes
) -> None:
    """Create the results the rows list (in bulk, with their history rows), validating any left unvalidated.

    The indicators' results are read in one query and written in one bulk insert and one bulk update.
    """
    results: dict[int, list[Result]] = {indicator.pk: [] for indicator, _row in listed}
    for result in Result.objects.filter(indicator__in=list(results), biennium=biennium).order_by(
        "indicator_id", "entity_name", "pk"
    ):
        results[result.indicator_id].append(result)
    to_create: list[Result] = []
    to_update: list[Result] = []
    for indicator, row in listed:
        _results_plan(
            indicator=indicator,
            biennium=biennium,
            row=row,
            current=results[indicator.pk],
            to_create=to_create,
            to_update=to_update,
            changes=changes,
        )
    results_bulk_create(results=to_create, user=None, change_reason=IMPORTED, validate=False)  # checked by row
    results_bulk_update(
        results=to_update, fields=["status", "reported_name", "version"], user=None, change_reason=REVALIDATED
    )
    changes.tally("results", "created", len(to_create))
    changes.tally("results", "updated", len(to_update))


def _results_plan(
    *,
    indicator: Indicator,
    biennium: Biennium,
    row: ParsedIndicatorRow,
    current: list[Result],
    to_create: list[Result],
    to_update: list[Result],
    changes: Changes,
) -> None:
    """Add to `to_create` and `to_update` what one indicator's row needs, of its `current` results.

    A place listed under an indicator counting entities gets one result whose entity is marked as not named in
    the source. A place that already has a result under it (one whose entity an officer has named since, say)
    is covered: the table names no entity, so it neither adds an unnamed one beside it nor renames it.
    """
    existing: dict[int, Result] = {}
    for result in current:  # by entity name, then id
        # The place's unnamed result ("" sorts first) or, for entities, its first named one.
        if indicator.counts_places and result.entity_name:
            continue
        existing.setdefault(result.place_id, result)
    validated_places = {result.place_id for result in current if result.status == Result.Status.VALIDATED}
    # The new results of a row differ only by their place and the name reported for it, so the model's rules
    # (indicator and biennium of one framework; an entity, or none for places) are checked once per row, and
    # the results are built from ids (setting a related object asks the database router, once per object).
    unnamed = not indicator.counts_places
    Result(indicator=indicator, biennium=biennium, entity_unnamed=unnamed).clean()
    for cell in row.places:
        found = existing.get(cell.place.id)
        if found is None:
            to_create.append(
                Result(
                    indicator_id=indicator.pk,
                    biennium_id=biennium.pk,
                    place_id=cell.place.id,
                    entity_unnamed=unnamed,
                    reported_name=cell.reported_name,
                    status=Result.Status.VALIDATED,
                    source=Result.Source.IMPORT,
                )
            )
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


def results_table_import_file(*, path: str, biennium: Biennium) -> Changes:
    return results_table_import(text=text_file_read(path=path), biennium=biennium, source=Path(path).name)
