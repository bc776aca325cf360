"""Everything about one member State or territory, and the directory of them all: read-only, scoped to the reader.

A profile is one plain object (the page renders it, the API returns it as JSON) read with a fixed number of
queries whatever the number of results: visibility comes from the apps that own the records (results from
indicators, evaluations from evaluations), so anonymous visitors get validated results and published
evaluations only.
"""

import datetime
from collections import defaultdict
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import Case, Count, F, Max, Q, QuerySet, When, Window
from django.db.models.functions import RowNumber
from django.utils import timezone

from accounts.selectors import AnyUser, user_scope
from evaluations.models import EvaluationPlace, FollowUpState, Recommendation
from evaluations.selectors.evaluations import evaluation_queryset
from evaluations.selectors.recommendations import recommendation_follow_up_queryset
from indicators.models import CountryProgrammeOutcome, Indicator, Result
from indicators.selectors import result_list
from indicators.selectors.programmes import country_programme_list, programme_outcome_list
from outcomes.models import Biennium
from places.models import Place, PlaceAlias
from places.normalize import normalize_name
from places.selectors import place_list, place_resolve
from plans.models import TargetEvent
from rbm.replica import replica_read

# The paged list of a country's results: newest biennium first, then outcome and indicator as the page shows them.
PAGED_ORDER = (
    "-biennium__start_year",
    "indicator__outcome__position",
    "indicator__outcome__number",
    "indicator__position",
    "indicator__code",
    "place__name",
    "pk",
)

Profile = dict[str, Any]


def country_find(*, key: str) -> tuple[Place | None, bool]:
    """The place a URL key names and whether the key is its canonical ISO code (False: redirect to it)."""
    key = key.strip()[:200]
    exact = place_list().filter(iso3=key).first() if len(key) == 3 else None
    if exact is not None:
        return exact, True
    place = place_resolve(name=key) or (place_resolve(name=key.replace("-", " ")) if "-" in key else None)
    return place, False


@replica_read
def country_profile(*, user: AnyUser, place: Place, today: datetime.date | None = None) -> Profile:
    """The place, its programmes and CPOs, its results by biennium, outcome and indicator (with their status for
    those who may see drafts), the timeline of its results, and the evaluations covering it with their
    recommendations and follow-up."""
    results = result_list(user=user, place_id=place.pk)
    profile = _profile(user=user, place=place, results=results, today=today)
    profile.pop("_biennium_totals")
    profile["biennia"] = _biennia(
        results=list(results), counted=profile.pop("_counted"), shows_status=profile["shows_status"]
    )
    return profile


@replica_read
def country_profile_paged(
    *, user: AnyUser, place: Place, page: str | None, per_page: int, today: datetime.date | None = None
) -> tuple[Profile, Page]:
    """The place's profile with only one page of its results (newest biennium first, then outcome and
    indicator as the page shows them) under `biennia`, and that page; every figure still counts them all."""
    results = result_list(user=user, place_id=place.pk)
    profile = _profile(user=user, place=place, results=results, today=today)
    ordered = results.order_by(*PAGED_ORDER)
    _page_links(profile=profile, results=results, per_page=per_page)
    # The profile already counted them: the paginator need not count again.
    paginator = Paginator(ordered, per_page)
    paginator.count = profile["result_count"]
    chosen = paginator.get_page(page)
    profile["biennia"] = _biennia(
        results=list(chosen.object_list), counted=profile.pop("_counted"), shows_status=profile["shows_status"]
    )
    return profile, chosen


def _page_links(*, profile: dict[str, Any], results: QuerySet[Result], per_page: int) -> None:
    """The page of the paged list each in-page link lands on: the first page of each biennium of the timeline
    (from the counts per biennium) and the page of each result a CPO lists (from its rank in the list's order,
    one query)."""
    first_page: dict[str, int] = {}
    before = 0
    for label, total in profile.pop("_biennium_totals").items():
        first_page[label] = before // per_page + 1
        before += total
    for point in profile["timeline"]:
        point["page"] = first_page.get(point["biennium"], 1)
    listed = [pk for cpo in profile["programme_outcomes"] for pk in cpo["results"]]
    ranks: dict[int, int] = {}
    if listed:
        # Both are window expressions, so the filter applies to the ranked list (a WHERE would rank only these).
        ranked = results.annotate(
            rank=Window(RowNumber(), order_by=list(PAGED_ORDER)),
            linked=Window(Max(Case(When(pk__in=listed, then=1), default=0)), partition_by=[F("pk")]),
        )
        ranks = dict(ranked.filter(linked=1).values_list("pk", "rank"))
    for cpo in profile["programme_outcomes"]:
        cpo["result_links"] = [{"id": pk, "page": (ranks.get(pk, 1) - 1) // per_page + 1} for pk in cpo["results"]]


def _profile(*, user: AnyUser, place: Place, results: QuerySet[Result], today: datetime.date | None) -> dict[str, Any]:
    """Everything but the results by biennium, the figures from aggregates over the results (no row loaded);
    `_counted` holds the (biennium, indicator id) pairs the place counts under, for _biennia."""
    scope = user_scope(user=user)
    # One grouped aggregate gives the figures, the timeline and the indicators counted under.
    groups: list[dict[str, Any]] = [
        {
            **row,
            "biennium__label": Biennium(
                start_year=row["biennium__start_year"], end_year=row["biennium__end_year"]
            ).label,
        }
        for row in results.order_by()
        .values("biennium__start_year", "biennium__end_year", "indicator_id", "indicator__code")
        .annotate(total=Count("pk"), results=Count("pk", filter=Q(status=Result.Status.VALIDATED)))
    ]
    validated = [row for row in groups if row["results"]]
    return {
        "place": _place(place),
        "shows_status": scope.sees_unvalidated,
        "programmes": _programmes(place),
        "programme_outcomes": _programme_outcomes(place=place, results=results),
        "timeline": _timeline(validated),
        "evaluations": _evaluations(user=user, place=place, today=today or timezone.localdate()),
        "plan_events": _plan_events(place),
        "result_count": sum(row["total"] for row in groups),
        "validated_count": sum(row["results"] for row in validated),
        "_counted": {(row["biennium__label"], row["indicator_id"]) for row in validated},
        "_biennium_totals": _biennium_totals(groups),
    }


def _biennium_totals(groups: list[dict[str, Any]]) -> dict[str, int]:
    """How many results the place has in each biennium (all it may see), newest biennium first."""
    totals: dict[str, int] = defaultdict(int)
    years: dict[str, int] = {}
    for row in groups:
        totals[row["biennium__label"]] += row["total"]
        years[row["biennium__label"]] = row["biennium__start_year"]
    return {label: totals[label] for label in sorted(totals, key=years.__getitem__, reverse=True)}


def _place(place: Place) -> dict[str, Any]:
    aliases = sorted(
        {alias.name for alias in PlaceAlias.objects.filter(place=place)} - {place.name, place.official_name}
    )
    return {
        "iso3": place.iso3,
        "iso_numeric": place.iso_numeric,
        "name": place.name,
        "official_name": place.official_name or place.name,
        "kind": place.kind,
        "kind_label": str(place.get_kind_display()),
        "region": {"code": place.region.code, "name": place.region.name},
        "aliases": aliases,
    }


def _programmes(place: Place) -> list[dict[str, Any]]:
    return [
        {
            "id": programme.pk,
            "title": programme.title,
            "period": programme.period,
            "status": programme.status,
            "status_label": str(programme.get_status_display()),
        }
        for programme in country_programme_list(place=place)
    ]


def _programme_outcomes(*, place: Place, results: QuerySet[Result]) -> list[dict[str, Any]]:
    result_ids: dict[int, list[int]] = defaultdict(list)
    for programme_outcome_id, pk in results.filter(programme_outcome__isnull=False).values_list(
        "programme_outcome_id", "pk"
    ):
        result_ids[programme_outcome_id].append(pk)
    return [
        {
            "code": cpo.code,
            "title": cpo.title,
            "programme": cpo.programme.title if cpo.programme else None,
            "programme_period": cpo.programme.period if cpo.programme else None,
            "biennia": sorted({contribution.biennium.label for contribution in cpo.contributions.all()}),
            "contributions": [
                {
                    "biennium": contribution.biennium.label,
                    "outcome": contribution.outcome.number,
                    "indicator": contribution.indicator.code if contribution.indicator else None,
                }
                for contribution in cpo.contributions.all()
            ],
            "results": result_ids.get(cpo.pk, []),
        }
        for cpo in programme_outcome_list(place=place)
    ]


def _result(result: Result, *, shows_status: bool) -> dict[str, Any]:
    item: dict[str, Any] = {
        "id": result.pk,
        "biennium": result.biennium.label,
        "outcome": result.indicator.outcome.number,
        "indicator": result.indicator.code,
        "entity_name": result.entity_name,
        "description": result.description,
        "criteria_met": result.criteria_met,
        "programme_outcome": (
            {"code": result.programme_outcome.code, "title": result.programme_outcome.title}
            if result.programme_outcome
            else None
        ),
    }
    if shows_status:
        item["status"] = result.status
        item["status_label"] = str(result.get_status_display())
    return item


def _biennia(*, results: list[Result], counted: set[tuple[str, int]], shows_status: bool) -> list[dict[str, Any]]:
    """Per biennium, each outcome the place has results under, with every indicator of the outcome: whether
    the place counted under it (a validated result, among all its results: `counted`) and the results recorded
    there."""
    outcome_ids = {result.indicator.outcome_id for result in results}
    indicators_of: dict[int, list[Indicator]] = defaultdict(list)
    for indicator in Indicator.objects.filter(outcome_id__in=outcome_ids).order_by("position", "code"):
        indicators_of[indicator.outcome_id].append(indicator)
    grouped: dict[str, dict[int, list[Result]]] = defaultdict(lambda: defaultdict(list))
    bienniums: dict[str, Biennium] = {}
    outcomes: dict[int, Any] = {}
    for result in results:
        grouped[result.biennium.label][result.indicator.outcome_id].append(result)
        bienniums[result.biennium.label] = result.biennium
        outcomes[result.indicator.outcome_id] = result.indicator.outcome
    biennia = []
    for label in sorted(grouped, key=lambda label: bienniums[label].start_year, reverse=True):
        rows = []
        for outcome_id, outcome_results in sorted(
            grouped[label].items(), key=lambda item: (outcomes[item[0]].position, outcomes[item[0]].number)
        ):
            by_indicator: dict[int, list[Result]] = defaultdict(list)
            for result in outcome_results:
                by_indicator[result.indicator_id].append(result)
            indicators = [
                {
                    "code": indicator.code,
                    "statement": indicator.statement,
                    "counted": (label, indicator.pk) in counted,
                    "results": [_result(result, shows_status=shows_status) for result in by_indicator[indicator.pk]],
                }
                for indicator in indicators_of[outcome_id]
            ]
            outcome = outcomes[outcome_id]
            rows.append(
                {
                    "number": outcome.number,
                    "statement": outcome.statement,
                    "indicators_total": len(indicators),
                    "indicators_counted": sum(1 for indicator in indicators if indicator["counted"]),
                    "indicators": indicators,
                }
            )
        biennia.append({"biennium": label, "outcomes": rows})
    return biennia


def _timeline(validated: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The place's validated results per biennium, oldest first, with the indicators they count under, from the
    counts of validated results per biennium and indicator."""
    results: dict[str, int] = defaultdict(int)
    codes: dict[str, set[str]] = defaultdict(set)
    years: dict[str, int] = {}
    for row in validated:
        label = row["biennium__label"]
        results[label] += row["results"]
        codes[label].add(row["indicator__code"])
        years[label] = row["biennium__start_year"]
    return [
        {"biennium": label, "results": results[label], "indicators": sorted(codes[label])}
        for label in sorted(results, key=years.__getitem__)
    ]


def _plan_events(place: Place) -> list[dict[str, Any]]:
    """The place's dated events counting towards plans of action (ratifications, submissions), oldest first."""
    events = TargetEvent.objects.filter(place=place).select_related("target__plan").order_by("date", "target__ref")
    return [
        {
            "date": event.date.isoformat(),
            "event": event.target.event_label,
            "reference": event.reference,
            "plan": {"id": event.target.plan_id, "symbol": event.target.plan.symbol, "title": event.target.plan.title},
            "target": event.target.ref,
        }
        for event in events
    ]


def _evaluations(*, user: AnyUser, place: Place, today: datetime.date) -> list[dict[str, Any]]:
    evaluations = list(
        evaluation_queryset(user=user)
        .filter(pk__in=EvaluationPlace.objects.filter(place=place).values("evaluation_id"))
        .order_by("-year", "title", "pk")
    )
    recommendations: dict[int, list[dict[str, Any]]] = defaultdict(list)
    # The follow-up annotations are made by recommendation_follow_up_queryset, which the stubs cannot see.
    rows: Any = (
        recommendation_follow_up_queryset(today=today)
        .filter(evaluation__in=[evaluation.pk for evaluation in evaluations])
        .prefetch_related(None)
        .order_by("evaluation_id", "number")
        .values(  # type: ignore[misc]
            "id",
            "evaluation_id",
            "number",
            "text",
            "stance",
            "follow_up",
            "actions_total",
            "actions_closed",
            "actions_overdue",
        )
    )
    for row in rows:
        evaluation_id = row.pop("evaluation_id")
        row["stance_label"] = str(Recommendation.Stance(row["stance"]).label) if row["stance"] else ""
        row["follow_up_label"] = str(FollowUpState(row["follow_up"]).label)
        recommendations[evaluation_id].append(row)
    return [
        {
            "id": evaluation.pk,
            "title": evaluation.title,
            "symbol": evaluation.symbol,
            "period": evaluation.period_label or (str(evaluation.year) if evaluation.year else ""),
            "status": evaluation.status,
            "recommendations": recommendations.get(evaluation.pk, []),
        }
        for evaluation in evaluations
    ]


@replica_read
def country_directory(*, user: AnyUser, biennium: Biennium | None, query: str = "") -> list[dict[str, Any]]:
    """Every member State and territory by region, with its validated results (and, for those who may see drafts,
    the others they may see) in the biennium; `query` keeps the places any of whose spellings contains it."""
    scope = user_scope(user=user)
    in_biennium = Q(results__biennium=biennium) if biennium is not None else Q(pk__in=[])
    validated = in_biennium & Q(results__status=Result.Status.VALIDATED)
    annotations: dict[str, Any] = {
        "validated": Count("results", filter=validated),
        "indicators": Count("results__indicator", filter=validated, distinct=True),
    }
    if scope.sees_unvalidated:
        mine = scope.filter(region_path="region_id", outcome_path="results__indicator__outcome_id")
        annotations["in_progress"] = Count(
            "results", filter=in_biennium & ~Q(results__status=Result.Status.VALIDATED) & mine
        )
    places = place_list().annotate(**annotations)
    wanted = normalize_name(query[:200]) if query else ""
    if query:
        exact = place_resolve(name=query[:200])
        matching = Q(aliases__normalized__contains=wanted) if wanted else Q(pk__in=[])
        if exact is not None:
            matching |= Q(pk=exact.pk)
        places = places.filter(pk__in=Place.objects.filter(matching).values("pk"))
    places = places.order_by("region__position", "name")
    regions: dict[int, dict[str, Any]] = {}
    for place in places:
        region = regions.setdefault(
            place.region_id, {"region": place.region, "places": [], "validated": 0, "reached": 0}
        )
        count: int = place.validated  # type: ignore[attr-defined]  # annotated above
        region["places"].append(place)
        region["validated"] += count
        region["reached"] += 1 if count else 0
    return list(regions.values())


def contributions_text(*, programme_outcome: CountryProgrammeOutcome) -> str:
    """A CPO's contributions as its form shows them: "2014-15: 4.2 4.3; 2016-17: 4"."""
    by_biennium: dict[str, list[str]] = defaultdict(list)
    for contribution in programme_outcome.contributions.all():
        code = contribution.indicator.code if contribution.indicator else contribution.outcome.number
        by_biennium[contribution.biennium.label].append(code)
    return "; ".join(f"{label}: {' '.join(codes)}" for label, codes in by_biennium.items())
