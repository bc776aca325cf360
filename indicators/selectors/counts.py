"""Deriving indicator counts from validated results: the counts object of the API, the command and the pages.

`indicator_counts_cached` and `indicator_counts_list_cached` read them through the counts cache, keyed by what
the client asked for, so that a repeated request reads no database at all; the services that change what
counts derive from drop the cache (`indicators.counts_cache.counts_cache_invalidate`).
"""

from collections import defaultdict
from collections.abc import Mapping
from datetime import datetime
from typing import Any, TypedDict

from django.db import connections
from django.db.models import Aggregate, Count, FilteredRelation, OuterRef, Q, QuerySet, Subquery, Sum
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from indicators.counts_cache import counts_cache_get, counts_cache_key, counts_cache_set
from indicators.figures import count_label, entities_note
from indicators.models import Indicator, Result, ResultTally
from indicators.rules import INDICATOR_UNKNOWN, IndicatorNotFound
from indicators.selectors.indicators import indicator_list, outcome_resolve
from outcomes.models import Biennium, Outcome
from outcomes.selectors import biennium_get
from places.models import Place, Region
from places.selectors import region_get, region_list
from rbm.replica import primary_read, replica_read
from rbm.translation import localized_fields, translated_term

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


class PublishedFigureCount(TypedDict):
    value: int
    text: str


class IndicatorCounts(TypedDict):
    """The counts object: the same in this selector, the management command and the API."""

    indicator: str
    biennium: str
    unit: str
    target: int | None
    target_text: str | None
    result: int
    member_states: int
    territories: int
    by_region: dict[str, int]
    places: int
    unnamed: int
    label: str
    target_met: bool | None
    published: PublishedFigureCount | None
    discrepancies: list[str]
    notes: list[str]


def results_validated(*, biennium: Biennium, as_of: datetime | None = None) -> QuerySet[Any]:
    """The biennium's validated results now or, with `as_of`, as they stood at that moment.

    As of a moment, each result is read from its last history record made by then: a result validated after
    the moment does not count, one validated before and reopened after still does, one deleted by then does
    not. The rows have a result's fields (`id` is the result's), so callers aggregate them alike.
    """
    if as_of is None:
        return Result.objects.filter(biennium=biennium, status=Result.Status.VALIDATED)
    records: QuerySet[Any] = Result.history.model.objects.all()
    last = (
        records.filter(id=OuterRef("id"), history_date__lte=as_of)
        .order_by("-history_date", "-history_id")
        .values("history_id")[:1]
    )
    return (
        records.filter(biennium=biennium, status=Result.Status.VALIDATED, history_date__lte=as_of)
        .filter(history_id=Subquery(last))
        .exclude(history_type="-")
    )


def validated_tallies(*, biennium: Biennium, as_of: datetime | None = None) -> tuple[QuerySet[Any], Aggregate]:
    """Rows standing for the biennium's validated results, and the aggregate that counts the results among them.

    Now, the results' tallies (one row per indicator and place, its results summed); as of a moment, the
    results themselves as they stood then (`results_validated`, each row one result). Either has the paths
    `indicator`, `place` and `biennium`, so callers filter and group them alike.
    """
    if as_of is None:
        return ResultTally.objects.filter(biennium=biennium, status=Result.Status.VALIDATED), Sum("results")
    return results_validated(biennium=biennium, as_of=as_of), Count("id")


@replica_read
def indicator_counts_list(
    *,
    biennium: Biennium,
    indicators: QuerySet[Indicator] | None = None,
    outcome: Outcome | None = None,
    region: Region | None = None,
    as_of: datetime | None = None,
) -> list[IndicatorCounts]:
    """Derive the counts object of each indicator of a biennium from validated results, now or as of a moment
    (from the results' kept history; targets and published figures are those recorded now).

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
        *localized_fields("unit", "unit_singular"),
        "unit_kind",
        "biennium_target__value",
        "biennium_target__text",
        "biennium_published__text",
        "biennium_published__value",
        "biennium_published__member_states",
        "biennium_published__territories",
    )
    rows: list[Mapping[str, Any]] = list(values)
    if not rows:
        return []

    ids = [row["id"] for row in rows]
    if as_of is None:
        groups = _place_groups_kept(biennium=biennium, indicator_ids=ids, region=region)
    else:
        validated = results_validated(biennium=biennium, as_of=as_of).filter(indicator_id__in=ids)
        if region is not None:
            validated = validated.filter(place__region=region)
        groups = _place_tallies(validated)
    tallies: dict[int, list[Mapping[str, Any]]] = defaultdict(list)
    for group in groups:
        tallies[group["indicator_id"]].append(group)

    # Read once: each name is a translated field, looked up in the active language on every access.
    region_names = {item.id: item.name for item in regions}
    return [_counts_object(row, biennium, region_names, tallies[row["id"]]) for row in rows]


def _place_groups_kept(*, biennium: Biennium, indicator_ids: list[int], region: Region | None) -> list[dict[str, Any]]:
    """As `_place_tallies` gives them, from the results' tallies: each tally is one place's validated results of
    an indicator (a tally with none is removed), so counting tallies counts places."""
    tallies = ResultTally.objects.filter(
        biennium=biennium, status=Result.Status.VALIDATED, indicator_id__in=indicator_ids
    )
    if region is not None:
        tallies = tallies.filter(place__region=region)
    groups = (
        tallies.order_by()
        .values("indicator_id", "place__region_id", "place__kind")
        .annotate(units=Sum("results"), places=Count("id"), unnamed=Sum("unnamed"))
    )
    return [dict(group) for group in groups]


def _place_tallies(validated: QuerySet[Any]) -> list[dict[str, Any]]:
    """Per indicator, region and kind of place: results (`units`), distinct places and unnamed entities.

    Grouped down to the place first, then again over those groups, in one statement: a hash aggregate on ids,
    where a distinct count of places per group would sort every validated result of the biennium (and the
    model's ordering would join the biennium and the indicator to each of them); and the rows that come back
    are a few per indicator, not one per place. The ORM cannot group over a grouped query, so its compiled
    inner query is wrapped here, as `recommendation_follow_up_counts` does.
    """
    per_place = (
        validated.order_by()
        .values("indicator_id", "place__region_id", "place__kind", "place_id")
        .annotate(units=Count("id"), unnamed=Count("id", filter=Q(entity_unnamed=True)))
    )
    database = per_place.db
    inner_sql, params = per_place.query.get_compiler(using=database).as_sql()
    sql = (
        'SELECT per_place.indicator_id, per_place."place__region_id", per_place."place__kind", '  # noqa: S608 - ORM-compiled, values as params
        "SUM(per_place.units), COUNT(*), SUM(per_place.unnamed) "
        f"FROM ({inner_sql}) per_place "
        'GROUP BY per_place.indicator_id, per_place."place__region_id", per_place."place__kind"'
    )
    with connections[database].cursor() as cursor:
        cursor.execute(sql, params)
        return [
            {
                "indicator_id": indicator_id,
                "place__region_id": region_id,
                "place__kind": kind,
                "units": int(units),
                "places": places,
                "unnamed": int(unnamed),
            }
            for indicator_id, region_id, kind, units, places, unnamed in cursor.fetchall()
        ]


@replica_read
def indicator_counts(
    *, biennium: Biennium, indicator: Indicator, region: Region | None = None, as_of: datetime | None = None
) -> IndicatorCounts:
    return indicator_counts_list(
        biennium=biennium, indicators=Indicator.objects.filter(pk=indicator.pk), region=region, as_of=as_of
    )[0]


def _counts_object(
    row: Mapping[str, Any], biennium: Biennium, region_names: dict[int, str], groups: list[Mapping[str, Any]]
) -> IndicatorCounts:
    counts_places = row["unit_kind"] == Indicator.UnitKind.PLACES
    by_region = dict.fromkeys(region_names.values(), 0)
    member_states = territories = total = unnamed = 0
    for group in groups:
        by_region[region_names[group["place__region_id"]]] += group["units"]
        total += group["units"]
        unnamed += group["unnamed"]
        if group["place__kind"] == Place.Kind.TERRITORY:
            territories += group["places"]
        else:
            member_states += group["places"]

    # The units in the active language (the organisation's words for "member States" until translated).
    unit, unit_singular = translated_term(row, "unit"), translated_term(row, "unit_singular")
    target = row["biennium_target__value"]
    note = _entities_note(
        row,
        total=total,
        places=member_states + territories,
        unnamed=unnamed,
        unit=unit,
        unit_singular=unit_singular,
    )
    published: PublishedFigureCount | None = None
    if row["biennium_published__text"] is not None:
        published = {"value": row["biennium_published__value"], "text": row["biennium_published__text"]}

    return {
        "indicator": row["code"],
        "biennium": biennium.label,
        "unit": unit,
        "target": target,
        "target_text": row["biennium_target__text"] or None,
        "result": total,
        "member_states": member_states,
        "territories": territories,
        "by_region": by_region,
        "places": member_states + territories,
        "unnamed": unnamed,
        "label": count_label(
            total=total,
            member_states=member_states,
            territories=territories,
            unit=unit,
            unit_singular=unit_singular,
            counts_places=counts_places,
        ),
        "target_met": None if target is None else total >= target,
        "published": published,
        "discrepancies": []
        if note
        else _discrepancies(row, total=total, member_states=member_states, territories=territories),
        "notes": [note] if note else [],
    }


def _entities_note(
    row: Mapping[str, Any], *, total: int, places: int, unnamed: int, unit: str, unit_singular: str
) -> str:
    """The plain words beside an entities figure whose published table left entities unnamed ("" when there is
    nothing to say). They replace the discrepancy: a published total above the named entities is explained by
    those not named, not a difference; a total below the results derived stays a discrepancy."""
    if row["unit_kind"] == Indicator.UnitKind.PLACES or row["biennium_published__text"] is None or not unnamed:
        return ""
    published = row["biennium_published__value"]
    if published < total:
        return ""
    return entities_note(
        published=published,
        places=places,
        named=total - unnamed,
        unit=unit,
        unit_singular=unit_singular,
    )


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


def indicator_counts_cached(*, biennium: str, code: str, as_of: datetime | None = None) -> IndicatorCounts:
    """One indicator's counts (as of a moment, if given), the biennium and code as the client wrote them, from
    the counts cache.

    Raises ValidationError for a biennium that does not exist, IndicatorNotFound for a code not in its framework;
    neither is cached.
    """
    key = counts_cache_key("indicator-counts", code, biennium, as_of)
    counts: IndicatorCounts | None = counts_cache_get(key)
    if counts is None:
        # What is cached is read on the primary: a replica's figure, a moment behind, would be kept for an hour.
        with primary_read():
            period = biennium_get(label=biennium)
            # The indicator is resolved by the counts' own query (as `indicator_get` resolves it), not read first.
            found = indicator_counts_list(
                biennium=period, indicators=indicator_list(biennium=period).filter(code=code.strip()), as_of=as_of
            )
            if not found:
                raise IndicatorNotFound(INDICATOR_UNKNOWN % {"code": code, "biennium": period.label})
            counts = found[0]
        counts_cache_set(key, counts)
    return counts


def indicator_counts_list_cached(
    *, biennium: str, outcome: str = "", region: str = "", as_of: datetime | None = None
) -> list[IndicatorCounts]:
    """The counts of every indicator of a biennium, optionally of one outcome (its number) or in one region (its
    code or name), as of a moment if given, from the counts cache. Raises ValidationError on the filter that
    names nothing; not cached."""
    key = counts_cache_key("counts-list", biennium, outcome, region, as_of)
    cached: list[IndicatorCounts] | None = counts_cache_get(key)
    if cached is not None:
        return cached
    with primary_read():  # what is cached is read on the primary (see above)
        period = biennium_get(label=biennium)
        counts = indicator_counts_list(
            biennium=period,
            outcome=outcome_resolve(biennium=period, number=outcome),
            region=region_get(name=region) if region else None,
            as_of=as_of,
        )
    counts_cache_set(key, counts)
    return counts
