"""Reading the results framework and deriving indicator counts from validated results."""

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, TypedDict

from django.db.models import Count, FilteredRelation, Q, QuerySet
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from indicators.figures import count_label
from indicators.models import Indicator, Result
from outcomes.models import Biennium, Outcome
from outcomes.selectors import outcome_list
from places.models import Place, Region
from places.selectors import region_list

DISCREPANCY_MEMBER_STATES = ngettext_lazy(
    "The published figure counts %(published)d member State; validated results give %(derived)d.",
    "The published figure counts %(published)d member States; validated results give %(derived)d.",
    "published",
)
DISCREPANCY_TERRITORIES = ngettext_lazy(
    "The published figure counts %(published)d territory; validated results give %(derived)d.",
    "The published figure counts %(published)d territories; validated results give %(derived)d.",
    "published",
)
DISCREPANCY_TOTAL = _("The published figure is %(published)d; validated results give %(derived)d.")


class PublishedCounts(TypedDict):
    value: int
    text: str


class IndicatorCounts(TypedDict):
    """The counts object of one indicator in a biennium, as the API, the dashboard and the reports show it."""

    indicator: str
    biennium: str
    unit: str
    target: int | None
    target_text: str | None
    result: int
    member_states: int
    territories: int
    by_region: dict[str, int]
    label: str
    target_met: bool | None
    published: PublishedCounts | None
    discrepancies: list[str]


def indicator_list(*, biennium: Biennium) -> QuerySet[Indicator]:
    return (
        Indicator.objects.filter(framework_id=biennium.framework_id)
        .select_related("outcome")
        .order_by("outcome__position", "outcome__number", "position", "code")
    )


def indicator_get(*, biennium: Biennium, code: str) -> Indicator:
    """Resolve an indicator code within the framework of the biennium asked for."""
    return indicator_list(biennium=biennium).get(code=code.strip())


def indicator_counts_list(
    *,
    biennium: Biennium,
    indicators: QuerySet[Indicator] | None = None,
    outcome: Outcome | None = None,
    region: Region | None = None,
) -> list[IndicatorCounts]:
    """Derive the counts object of each indicator of a biennium from validated results.

    Three queries whatever the number of indicators or results: regions, indicators with their
    target and published figure, and one grouped aggregate over results.
    """
    regions = list(region_list())
    chosen = (indicators if indicators is not None else indicator_list(biennium=biennium)).filter(
        framework_id=biennium.framework_id
    )
    if outcome is not None:
        chosen = chosen.filter(outcome=outcome)
    values = chosen.annotate(
        biennium_target=FilteredRelation("targets", condition=Q(targets__biennium=biennium)),
        biennium_published=FilteredRelation("published_figures", condition=Q(published_figures__biennium=biennium)),
    ).values(
        "id",
        "code",
        "unit",
        "unit_singular",
        "unit_kind",
        "biennium_target__value",
        "biennium_target__text",
        "biennium_published__text",
        "biennium_published__value",
        "biennium_published__member_states",
        "biennium_published__territories",
    )
    rows = list(values)

    validated = Result.objects.filter(
        biennium=biennium, status=Result.Status.VALIDATED, indicator_id__in=[row["id"] for row in rows]
    )
    if region is not None:
        validated = validated.filter(place__region=region)
    groups = validated.values("indicator_id", "place__region_id", "place__kind").annotate(
        units=Count("id"), places=Count("place", distinct=True)
    )
    tallies: dict[int, list[Mapping[str, Any]]] = defaultdict(list)
    for group in groups:
        tallies[group["indicator_id"]].append(group)

    region_names = {item.id: item.name for item in regions}
    return [_counts_object(row, biennium, regions, region_names, tallies[row["id"]]) for row in rows]


def indicator_counts(*, biennium: Biennium, indicator: Indicator, region: Region | None = None) -> IndicatorCounts:
    return indicator_counts_list(
        biennium=biennium, indicators=Indicator.objects.filter(pk=indicator.pk), region=region
    )[0]


def _counts_object(
    row: Mapping[str, Any],
    biennium: Biennium,
    regions: list[Region],
    region_names: dict[int, str],
    groups: list[Mapping[str, Any]],
) -> IndicatorCounts:
    counts_places = row["unit_kind"] == Indicator.UnitKind.PLACES
    by_region = {item.name: 0 for item in regions}
    member_states = territories = total = 0
    for group in groups:
        by_region[region_names[group["place__region_id"]]] += group["units"]
        total += group["units"]
        if group["place__kind"] == Place.Kind.TERRITORY:
            territories += group["places"]
        else:
            member_states += group["places"]

    target = row["biennium_target__value"]
    published: PublishedCounts | None = None
    if row["biennium_published__text"] is not None:
        published = {"value": row["biennium_published__value"], "text": row["biennium_published__text"]}

    return {
        "indicator": row["code"],
        "biennium": biennium.label,
        "unit": row["unit"],
        "target": target,
        "target_text": row["biennium_target__text"] or None,
        "result": total,
        "member_states": member_states,
        "territories": territories,
        "by_region": by_region,
        "label": count_label(
            total=total,
            member_states=member_states,
            territories=territories,
            unit=row["unit"],
            unit_singular=row["unit_singular"],
            counts_places=counts_places,
        ),
        "target_met": None if target is None else total >= target,
        "published": published,
        "discrepancies": _discrepancies(row, total=total, member_states=member_states, territories=territories),
    }


def _discrepancies(row: Mapping[str, Any], *, total: int, member_states: int, territories: int) -> list[str]:
    if row["biennium_published__text"] is None:
        return []
    published_states = row["biennium_published__member_states"]
    published_territories = row["biennium_published__territories"] or 0
    sentences = []
    if published_states is None:
        if row["biennium_published__value"] != total:
            sentences.append(DISCREPANCY_TOTAL % {"published": row["biennium_published__value"], "derived": total})
        return sentences
    if published_states != member_states:
        sentences.append(DISCREPANCY_MEMBER_STATES % {"published": published_states, "derived": member_states})
    if published_territories != territories:
        sentences.append(DISCREPANCY_TERRITORIES % {"published": published_territories, "derived": territories})
    return sentences


@dataclass
class IndicatorRow:
    indicator: Indicator
    counts: IndicatorCounts
    places_by_region: dict[str, list[Result]]


@dataclass
class OutcomeTable:
    outcome: Outcome
    rows: list[IndicatorRow] = field(default_factory=list)


def indicator_table(*, biennium: Biennium, outcome: Outcome | None = None) -> list[OutcomeTable]:
    """The biennium's indicator tables, one per outcome, in the layout of the implementation report.

    Each row carries its counts and, per region, the validated results in alphabetical order of the
    place name as printed. A fixed number of queries, whatever the size of the framework.
    """
    indicators = list(indicator_list(biennium=biennium).filter(**({"outcome": outcome} if outcome else {})))
    counts = {
        item["indicator"]: item
        for item in indicator_counts_list(
            biennium=biennium, indicators=Indicator.objects.filter(pk__in=[i.pk for i in indicators])
        )
    }
    results = (
        Result.objects.filter(biennium=biennium, status=Result.Status.VALIDATED, indicator__in=indicators)
        .select_related("place__region")
        .only("indicator_id", "entity_name", "reported_name", "place__name", "place__kind", "place__region__name")
    )
    listed: dict[int, dict[str, list[Result]]] = defaultdict(lambda: defaultdict(list))
    for result in results:
        listed[result.indicator_id][result.place.region.name].append(result)

    tables: dict[int, OutcomeTable] = {}
    for indicator in indicators:
        table = tables.setdefault(indicator.outcome_id, OutcomeTable(outcome=indicator.outcome))
        counts_item = counts[indicator.code]
        places_by_region = {
            name: sorted(listed[indicator.id][name], key=lambda result: result.display_name.casefold())
            for name in counts_item["by_region"]
        }
        table.rows.append(IndicatorRow(indicator=indicator, counts=counts_item, places_by_region=places_by_region))
    if outcome is None:
        for extra in outcome_list(biennium=biennium).exclude(pk__in=tables):
            tables[extra.pk] = OutcomeTable(outcome=extra)
    return sorted(tables.values(), key=lambda table: (table.outcome.position, table.outcome.number))
