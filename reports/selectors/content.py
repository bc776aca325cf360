"""The content of a report: everything it shows, read from the database only, and its hash."""

import hashlib
import json
from collections import Counter
from dataclasses import dataclass
from datetime import datetime
from typing import NotRequired, TypedDict

from django.db import connections, transaction
from django.utils import timezone, translation

from evaluations.selectors import recommendation_annex
from indicators.models import Result
from indicators.selectors import IndicatorTableRow, indicator_table, restatement_list
from indicators.selectors.counts import PublishedFigureCount
from outcomes.models import Biennium
from outcomes.parsers.narrative import paragraphs
from outcomes.selectors import (
    SECTION_HEADINGS,
    edition_before,
    outcome_list,
    outcome_narrative_map,
    significant_output_table,
)
from places.selectors import region_list
from rbm.replica import read_alias, replica_read


class PlaceEntry(TypedDict):
    """A place listed under an indicator. An indicator counting entities lists each place once, with the number of
    its entities (`entities`, absent for an indicator counting places, so that their content and hash stay
    as they were); an edition stored before that lists one entry per entity, without it, and still prints so."""

    name: str
    territory: bool
    entities: NotRequired[int]


class ResultAnnexRow(TypedDict):
    """A validated result as the annex "results by indicator" prints it."""

    place: str
    territory: bool
    cpo_code: str
    cpo_title: str
    criteria_met: list[int]
    result: str


class EntitiesNote(TypedDict):
    """What the note beside an entities figure says: the total as published, the countries its table lists, how
    many of its entities are named since (worded in each language by the report's labels)."""

    published: int
    places: int
    named: int
    unit_singular: str


class IndicatorEntry(TypedDict):
    """An indicator's row of the report: its counts, and the places of its validated results by region."""

    code: str
    statement: str
    unit: str
    target: int | None
    target_text: str | None
    result: int
    label: str
    member_states: int
    territories: int
    by_region: dict[str, int]
    target_met: bool | None
    published: PublishedFigureCount | None
    discrepancies: list[str]
    places: dict[str, list[PlaceEntry]]
    results: dict[str, list[ResultAnnexRow]]
    # Only for an entities figure with a note, so that the content (and hash) of every other report stays as it was.
    entities: NotRequired[EntitiesNote]


class NarrativeSection(TypedDict):
    name: str
    paragraphs: list[str]


class OutputCategory(TypedDict):
    category: str
    items: list[str]


class Narrative(TypedDict):
    recorded: bool
    sections: list[NarrativeSection]
    outputs_introduction: list[str]
    outputs: list[OutputCategory]


class AnnexEntry(TypedDict):
    """A recommendation linked to an outcome, with the Office's stance and the state of its follow-up."""

    evaluation_title: str
    evaluation_symbol: str
    evaluation_date: str
    number: str
    text: str
    stance: str
    follow_up: str
    actions_total: int
    actions_completed: int


class OutcomeSection(TypedDict):
    number: str
    statement: str
    indicators: list[IndicatorEntry]
    narrative: Narrative
    recommendations: list[AnnexEntry]


class SummaryRow(TypedDict):
    number: str
    statement: str
    indicators: int
    met: int
    not_met: int
    no_target: int


class Summary(TypedDict):
    outcomes: list[SummaryRow]
    indicators: int
    met: int
    not_met: int
    no_target: int


class RegionEntry(TypedDict):
    name: str
    short_name: str


class RestatementEntry(TypedDict):
    """A change made after the last edition to what an indicator's figure counts: when (the day), why, what moved."""

    date: str
    indicator: str
    place: str
    counted: bool
    figure_before: int
    figure_after: int
    reason: str


class Restatements(TypedDict):
    """The figures restated since the biennium's last edition before the report's moment."""

    edition_number: int
    edition_title: str
    edition_date: str
    changes: list[RestatementEntry]


class ReportData(TypedDict):
    """Everything a report shows, as plain JSON: no time stamps, no ids, no headings or labels."""

    biennium: str
    # The language the texts are read in (each falls back to English field by field): in the hash too.
    language: str
    framework: str
    regions: list[RegionEntry]
    summary: Summary
    outcomes: list[OutcomeSection]
    restatements: Restatements | None


@dataclass(frozen=True)
class ReportContent:
    """What a report shows (`data`, plain JSON), when it was read, and the hash of its canonical JSON."""

    data: ReportData
    data_read_at: datetime
    content_hash: str


@replica_read
def report_content(
    *, biennium: Biennium, outcome_ids: list[int] | None = None, as_of: datetime | None = None
) -> ReportContent:
    """Read everything the report shows, in one consistent snapshot, as plain JSON-ready data; with `as_of`, the
    indicator tables (figures and places) as they stood at that moment, from the results' kept history.

    The data holds no time stamps or ids, and the builders add every heading and label, so reading
    unchanged data again gives the same hash. (A few phrases come worded from the data's own apps, such
    as the Office's stance and discrepancy sentences, so the hash is that of the report's language.)
    A fixed number of queries whatever the size of the framework.
    """
    # One transaction on the database the reads go to (the replica, when there is one and no write is open).
    alias = read_alias()
    connection = connections[alias]
    outermost = not connection.in_atomic_block
    with transaction.atomic(using=alias):
        if connection.vendor == "postgresql" and outermost:
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
        data_read_at = timezone.now()
        data = _content(biennium=biennium, outcome_ids=outcome_ids, as_of=as_of)
        data["restatements"] = _restatements(biennium=biennium, data=data, moment=as_of or data_read_at, as_of=as_of)
    return ReportContent(data=data, data_read_at=data_read_at, content_hash=report_content_hash(data))


def report_content_hash(data: ReportData) -> str:
    """SHA-256 of the canonical JSON of the data: sorted keys, no insignificant spaces, UTF-8."""
    canonical = json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def _content(*, biennium: Biennium, outcome_ids: list[int] | None, as_of: datetime | None) -> ReportData:
    regions = list(region_list())
    outcomes = list(outcome_list(biennium=biennium).filter(**({"pk__in": outcome_ids} if outcome_ids else {})))
    wanted = {outcome.pk for outcome in outcomes}
    tables = {
        table.outcome.pk: table
        for table in indicator_table(biennium=biennium, as_of=as_of)
        if table.outcome.pk in wanted
    }
    narratives = outcome_narrative_map(biennium=biennium, outcome_ids=sorted(wanted))
    annex = report_annex(outcome_ids=sorted(wanted))

    sections = []
    for outcome in outcomes:
        table = tables.get(outcome.pk)
        narrative = narratives.get(outcome.pk)
        sections.append(
            OutcomeSection(
                number=outcome.number,
                statement=outcome.statement,
                indicators=[_indicator(row) for row in (table.rows if table else [])],
                narrative=Narrative(
                    recorded=narrative is not None,
                    sections=[
                        NarrativeSection(
                            name=name, paragraphs=paragraphs(getattr(narrative, name) if narrative else "")
                        )
                        for name in SECTION_HEADINGS
                    ],
                    outputs_introduction=paragraphs(narrative.outputs_introduction if narrative else ""),
                    outputs=[
                        OutputCategory(category=category, items=items)
                        for category, _label, items in significant_output_table(narrative=narrative)
                    ],
                ),
                recommendations=annex.get(outcome.pk, []),
            )
        )
    return ReportData(
        biennium=biennium.label,
        language=(translation.get_language() or "en").split("-")[0],
        framework=biennium.framework.name,
        regions=[RegionEntry(name=region.name, short_name=region.short_name) for region in regions],
        summary=_summary(sections),
        outcomes=sections,
        restatements=None,
    )


def _restatements(
    *, biennium: Biennium, data: ReportData, moment: datetime, as_of: datetime | None
) -> Restatements | None:
    """The section "figures restated since the edition of …": changes to the report's indicators made after the
    biennium's last edition before the report's moment (none when no edition precedes it)."""
    edition = edition_before(biennium=biennium, moment=moment)
    if edition is None:
        return None
    codes = {indicator["code"] for outcome in data["outcomes"] for indicator in outcome["indicators"]}
    return Restatements(
        edition_number=edition.number,
        edition_title=edition.title,
        edition_date=timezone.localdate(edition.as_of).isoformat(),
        changes=[
            RestatementEntry(
                date=timezone.localdate(item.when).isoformat(),
                indicator=item.indicator,
                place=item.place,
                counted=item.counted,
                figure_before=item.figure_before,
                figure_after=item.figure_after,
                reason=item.reason,
            )
            for item in restatement_list(biennium=biennium, since=edition.as_of, until=as_of)
            if item.indicator in codes
        ],
    )


def _indicator(row: IndicatorTableRow) -> IndicatorEntry:
    counts = row.counts
    entry = IndicatorEntry(
        code=row.indicator.code,
        statement=row.indicator.statement,
        unit=counts["unit"],
        target=counts["target"],
        target_text=counts["target_text"],
        result=counts["result"],
        label=counts["label"],
        member_states=counts["member_states"],
        territories=counts["territories"],
        by_region=counts["by_region"],
        target_met=counts["target_met"],
        published=counts["published"],
        discrepancies=[str(sentence) for sentence in counts["discrepancies"]],
        places={region: _places(row, results) for region, results in row.places_by_region.items()},
        results={
            region: [
                ResultAnnexRow(
                    place=result.display_name,
                    territory=result.place.is_territory,
                    cpo_code=result.programme_outcome.code if result.programme_outcome else "",
                    cpo_title=result.programme_outcome.title if result.programme_outcome else "",
                    criteria_met=list(result.criteria_met or []),
                    result=result.description,
                )
                for result in results
            ]
            for region, results in row.places_by_region.items()
        },
    )
    if counts["notes"] and counts["published"] is not None:
        entry["entities"] = EntitiesNote(
            published=counts["published"]["value"],
            places=counts["places"],
            named=counts["result"] - counts["unnamed"],
            unit_singular=row.indicator.unit_singular,
        )
    return entry


def _places(row: IndicatorTableRow, results: list[Result]) -> list[PlaceEntry]:
    """A region's places under an indicator: each result's place, or, for entities, each place once with the
    number of its entities (the results are read for the annex anyway: counted here, not queried again)."""
    if row.indicator.counts_places:
        return [PlaceEntry(name=result.display_name, territory=result.place.is_territory) for result in results]
    entities = Counter((result.place.name, result.place.is_territory) for result in results)
    return [
        PlaceEntry(name=name, territory=territory, entities=count)
        for (name, territory), count in sorted(entities.items(), key=lambda item: item[0][0].casefold())
    ]


def _summary(sections: list[OutcomeSection]) -> Summary:
    rows = []
    for section in sections:
        indicators = section["indicators"]
        rows.append(
            SummaryRow(
                number=section["number"],
                statement=section["statement"],
                indicators=len(indicators),
                met=sum(1 for item in indicators if item["target_met"] is True),
                not_met=sum(1 for item in indicators if item["target_met"] is False),
                no_target=sum(1 for item in indicators if item["target_met"] is None),
            )
        )
    return Summary(
        outcomes=rows,
        indicators=sum(row["indicators"] for row in rows),
        met=sum(row["met"] for row in rows),
        not_met=sum(row["not_met"] for row in rows),
        no_target=sum(row["no_target"] for row in rows),
    )


def report_annex(*, outcome_ids: list[int]) -> dict[int, list[AnnexEntry]]:
    """The annex: evaluation recommendations linked to each outcome, with the Office's stance and follow-up."""
    annex = recommendation_annex(outcome_ids=outcome_ids)
    return {
        outcome_id: [
            AnnexEntry(
                evaluation_title=item["evaluation_title"],
                evaluation_symbol=item["evaluation_symbol"] or "",
                evaluation_date=_iso_date(item["evaluation_date"]),
                number=str(item["number"]),
                text=item["text"],
                stance=str(item["stance"] or ""),
                follow_up=item["follow_up"],
                actions_total=item["actions_total"],
                actions_completed=item["actions_completed"],
            )
            for item in items
        ]
        for outcome_id, items in annex.items()
    }


def _iso_date(value: object) -> str:
    if value is None:
        return ""
    return value.isoformat() if hasattr(value, "isoformat") else str(value)
