"""Reading country results within the reader's scope: lists, one result and its page, what the user may do
with it, its history and what changed, and the places a user may record results for."""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any, TypedDict, cast

from django.core.paginator import Page, Paginator
from django.db import connections
from django.db.models import (
    Case,
    Count,
    Exists,
    Field,
    IntegerField,
    Max,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
    Window,
)
from django.utils.functional import Promise, cached_property

from accounts.selectors import AnyUser, user_scope
from indicators.criteria import CriteriaAssessment, criteria_assess
from indicators.models import Indicator, Result, ResultTally
from indicators.rules import (
    OUT_OF_SCOPE,
    ROLE_CANNOT_RECORD,
    SELF_VALIDATION,
    ResultAction,
    indicator_record_refusal,
    result_action_allowed,
    result_edit_refusal,
    self_validation,
)
from outcomes.models import Biennium, Outcome
from outcomes.rules import BIENNIUM_CLOSED
from places.models import Place, Region
from places.normalize import normalize_name
from places.selectors import place_list
from rbm.history import HistoryEntry, history_changes, history_entries
from rbm.replica import replica_read

# What a result's history and a conflict show changing.
RESULT_HISTORY_FIELDS = (
    "place",
    "entity_name",
    "description",
    "evidence",
    "criteria_met",
    "programme_outcome",
    "status",
    "review_message",
)


class ResultChange(TypedDict):
    """One field that differs between the version a user read and the result now (the API's 409 body)."""

    field: str
    was: str
    now: str


@replica_read
def result_list(
    *,
    user: AnyUser,
    biennium: Biennium | None = None,
    indicator_id: int | None = None,
    outcome_id: int | None = None,
    region: Region | None = None,
    place_id: int | None = None,
    status: str | None = None,
) -> QuerySet[Result]:
    """Results the user may read: validated ones for everybody, the others only within the user's scope."""
    results = Result.objects.filter(_visible(user=user)).select_related(
        "indicator__outcome", "biennium", "place__region", "created_by", "last_edited_by", "programme_outcome"
    )
    if biennium is not None:
        results = results.filter(biennium=biennium)
    if indicator_id is not None:
        results = results.filter(indicator_id=indicator_id)
    if outcome_id is not None:
        results = results.filter(indicator__outcome_id=outcome_id)
    if region is not None:
        results = results.filter(place__region=region)
    if place_id is not None:
        results = results.filter(place_id=place_id)
    if status:
        results = results.filter(status=status)
    return results.order_by(*RESULT_LIST_GROUPS, "pk")


# The order of `result_list`: by these (a biennium, an indicator and a place: the results of one tally, whatever
# their status), then by id. `result_page` walks the tallies in the same order.
RESULT_LIST_GROUPS = ("biennium__start_year", "indicator__position", "indicator__code", "place__name")


def _visible(*, user: AnyUser) -> Q:
    """What of results (or of their tallies, which have the same paths) the user may read."""
    scope = user_scope(user=user)
    visible = Q(status=Result.Status.VALIDATED)
    if scope.sees_unvalidated:
        visible |= scope.filter(region_path="place__region_id", outcome_path="indicator__outcome_id")
    return visible


@replica_read
def result_tally_list(
    *,
    user: AnyUser,
    biennium: Biennium,
    indicator_id: int | None = None,
    outcome_id: int | None = None,
    region: Region | None = None,
    place_id: int | None = None,
    status: str | None = None,
) -> QuerySet[ResultTally]:
    """The tallies of the results `result_list` gives the user for these filters: sum their `results`."""
    tallies = ResultTally.objects.filter(_visible(user=user), biennium=biennium)
    if indicator_id is not None:
        tallies = tallies.filter(indicator_id=indicator_id)
    if outcome_id is not None:
        tallies = tallies.filter(indicator__outcome_id=outcome_id)
    if region is not None:
        tallies = tallies.filter(place__region=region)
    if place_id is not None:
        tallies = tallies.filter(place_id=place_id)
    if status:
        tallies = tallies.filter(status=status)
    return tallies.order_by()


class _CountedPaginator(Paginator):
    """A paginator told how many rows there are (counted with the page's ids, in the same statement)."""

    def __init__(self, object_list: QuerySet[Any], per_page: int, count: int) -> None:
        super().__init__(object_list, per_page)
        self.known_count = count

    @cached_property
    def count(self) -> int:
        return self.known_count


# Past this page number the offset is not worth asking the database for: the last page is shown instead.
_PAGE_NUMBER_LIMIT = 10**9


def result_page(
    *, results: QuerySet[Result], number: str | int | None, per_page: int, tallies: QuerySet[ResultTally] | None = None
) -> Page:
    """One page of `results` in their order (as `Paginator.get_page` gives it: page 1 for a number that is not
    one, the last page for one out of range), its rows fetched by id once the page's ids are known.

    Ordering a biennium's results by indicator and place sorts every one of them; sorting only their ids (with
    the columns of the order) rather than every column of every joined row keeps that sort small. The total
    comes with the ids (`COUNT(*) OVER ()`), so the rows are read once, not once to count and once to sort.

    Given `tallies` (`result_tally_list` of the same filters), `results` being `result_list`'s, neither the
    total nor the page needs every result: see `_page_ids_by_tallies`.
    """
    try:
        wanted = int(number) if number is not None else 1
    except (TypeError, ValueError):
        wanted = 1
    if tallies is not None:
        ids, total, wanted = _page_ids_by_tallies(results, tallies, wanted, per_page)
    else:
        ids, total, wanted = _page_ids_counted(results, wanted, per_page)
    rows = {result.pk: result for result in results.order_by().filter(pk__in=ids)}
    paginator = _CountedPaginator(results, per_page, total)
    return Page([rows[pk] for pk in ids if pk in rows], wanted, paginator)


def _page_ids_counted(results: QuerySet[Result], wanted: int, per_page: int) -> tuple[list[int], int, int]:
    """The ids of page `wanted` (or of the last page, if it is out of range), the total, and the page's number."""
    counted = results.annotate(listed=Window(Count("pk"))).values_list("pk", "listed")
    found: list[tuple[int, int]] = []
    if 1 <= wanted <= _PAGE_NUMBER_LIMIT:
        found = list(counted[(wanted - 1) * per_page : wanted * per_page])
    if found:
        total = found[0][1]
    else:  # out of range, or nothing to list: the last page (page 1 of an empty list)
        total = results.count()
        wanted = max(1, -(-total // per_page))
        if total:
            found = list(counted[(wanted - 1) * per_page : wanted * per_page])
    return [pk for pk, _listed in found], total, wanted


def _page_ids_by_tallies(
    results: QuerySet[Result], tallies: QuerySet[ResultTally], wanted: int, per_page: int
) -> tuple[list[int], int, int]:
    """As `_page_ids_counted`, the page found from the results' tallies.

    `result_list` orders results by biennium, indicator and place, then by id: the results of one place for one
    indicator in a biennium follow each other, and their tallies (one per status) say how many there are. So
    the tallies, summed per place in that order with a running total, say which places the page's rows are in
    and how many rows come before each, and give the total; only those places' results are then sorted. A
    biennium's results are several times as many as its tallies (an indicator of entities has thousands in a
    place), and the total no longer counts them.
    """
    groups, total = _tally_groups(tallies, wanted, per_page) if 1 <= wanted <= _PAGE_NUMBER_LIMIT else ([], None)
    if total is None:  # out of range, or nothing to list: the last page (page 1 of an empty list)
        total = tallies.aggregate(total=Sum("results"))["total"] or 0
        wanted = max(1, -(-total // per_page))
        groups, _total = _tally_groups(tallies, wanted, per_page) if total else ([], None)
    if not groups:
        return [], total, wanted
    places = Q()
    for biennium_id, indicator_id, place_id, _before in groups:
        places |= Q(biennium_id=biennium_id, indicator_id=indicator_id, place_id=place_id)
    skip = (wanted - 1) * per_page - groups[0][3]
    ids = list(results.filter(places).values_list("pk", flat=True)[skip : skip + per_page])
    return ids, total, wanted


def _tally_groups(
    tallies: QuerySet[ResultTally], wanted: int, per_page: int
) -> tuple[list[tuple[int, int, int, int]], int | None]:
    """The (biennium, indicator, place) groups holding page `wanted`'s rows, in `result_list`'s order, each with
    the number of rows listed before it; and the total (None when the page holds no row).

    The tallies are summed per group on their ids; the groups (a few thousand at most: places times indicators)
    are then ordered by the rank of their biennium, indicator and place in `RESULT_LIST_GROUPS`' order, each
    ranked once among its few hundred peers: sorting the groups by place name instead compared text a few
    thousand times over."""
    per_place = tallies.order_by().values("biennium_id", "indicator_id", "place_id").annotate(listed=Sum("results"))
    database = per_place.db
    inner_sql, params = per_place.query.get_compiler(using=database).as_sql()
    ranks = _group_ranks(database)
    order = ", ".join([*(f"rank_{relation}.position" for relation in ranks), *_GROUP_IDS])
    joins = " ".join(
        f"INNER JOIN ({sql}) rank_{relation} ON rank_{relation}.id = per_place.{relation}_id"
        for relation, sql in ranks.items()
    )
    sql = (
        "SELECT biennium_id, indicator_id, place_id, reached - listed, total FROM ("  # noqa: S608 - ORM-compiled and model names, values as params
        "SELECT per_place.biennium_id, per_place.indicator_id, per_place.place_id, per_place.listed, "
        # Summed as integers: PostgreSQL sums a bigint sum into a slower numeric.
        f"SUM(CAST(per_place.listed AS INTEGER)) OVER (ORDER BY {order} ROWS UNBOUNDED PRECEDING) AS reached, "
        f"SUM(CAST(per_place.listed AS INTEGER)) OVER () AS total FROM ({inner_sql}) per_place {joins}) running "
        "WHERE reached > %s AND reached - listed < %s ORDER BY reached"
    )
    start = (wanted - 1) * per_page
    with connections[database].cursor() as cursor:
        cursor.execute(sql, (*params, start, start + per_page))
        rows = cursor.fetchall()
    if not rows:
        return [], None
    groups = [
        (biennium_id, indicator_id, place_id, int(before)) for biennium_id, indicator_id, place_id, before, _ in rows
    ]
    return groups, int(rows[0][4])


# The models of a tally's biennium, indicator and place, which RESULT_LIST_GROUPS' paths go through.
_GROUPED_BY = {"biennium": Biennium, "indicator": Indicator, "place": Place}
_GROUP_IDS = ("per_place.biennium_id", "per_place.indicator_id", "per_place.place_id")


def _group_ranks(database: str) -> dict[str, str]:
    """Per relation, in the order RESULT_LIST_GROUPS first names it: SQL giving each row's id and its rank by
    the relation's columns there (equal columns, equal rank)."""
    quote = connections[database].ops.quote_name
    columns: dict[str, list[str]] = {}
    for path in RESULT_LIST_GROUPS:
        relation, name = path.split("__")
        field = cast("Field[Any, Any]", _GROUPED_BY[relation]._meta.get_field(name))  # a column, not a relation
        columns.setdefault(relation, []).append(quote(field.column or name))
    return {
        relation: f"SELECT id, RANK() OVER (ORDER BY {', '.join(names)}) AS position "  # noqa: S608 - model names
        f"FROM {quote(_GROUPED_BY[relation]._meta.db_table)}"
        for relation, names in columns.items()
    }


def result_get(*, user: AnyUser, pk: int) -> Result:
    """One result the user may read; Result.DoesNotExist (a 404) for one outside their sight."""
    return result_list(user=user).get(pk=pk)


def result_list_detailed(*, user: AnyUser) -> QuerySet[Result]:
    """The results the user may read, with what a result's page shows: fetch one with get_object_or_404."""
    return (
        result_list(user=user)
        .select_related("reviewed_by", "indicator__framework")
        .prefetch_related("indicator__criteria", "attachments")
    )


@replica_read
def result_list_mine(*, user: AnyUser) -> QuerySet[Result]:
    """Results the user recorded or last edited: returned ones first (they wait for a fix), then the latest."""
    return (
        result_list(user=user)
        .filter(Q(created_by=user) | Q(last_edited_by=user))
        .select_related("reviewed_by")
        .order_by(_status_rank(), "-updated_at", "-pk")
    )


# The results a closing biennium would leave undone: never validated, so never counted.
OPEN_STATUSES = (Result.Status.DRAFT, Result.Status.SUBMITTED, Result.Status.RETURNED)


@dataclass(frozen=True)
class OpenResults:
    """A biennium's open results: how many there are in all, and those the user may see, oldest change first."""

    count: int
    visible: list[Result]

    @property
    def hidden(self) -> int:
        """Open results outside the user's sight (another region's drafts), counted but not listed."""
        return self.count - len(self.visible)


def result_list_open(*, user: AnyUser, biennium: Biennium) -> OpenResults:
    """The biennium's drafts, submitted and returned results: all counted, those the user may read listed."""
    count = Result.objects.filter(biennium=biennium, status__in=OPEN_STATUSES).count()
    visible = list(
        result_list(user=user, biennium=biennium)
        .filter(status__in=OPEN_STATUSES)
        .order_by("indicator__position", "indicator__code", "place__name", "pk")
    )
    return OpenResults(count=count, visible=visible)


def _status_rank() -> Case:
    order = [Result.Status.RETURNED, Result.Status.DRAFT, Result.Status.SUBMITTED, Result.Status.VALIDATED]
    return Case(
        *[When(status=status, then=Value(rank)) for rank, status in enumerate(order)],
        output_field=IntegerField(),
    )


def result_list_with_attachments(
    *,
    user: AnyUser,
    biennium: Biennium | None = None,
    indicator: Indicator | None = None,
    outcome: Outcome | None = None,
    region: Region | None = None,
    place: Place | None = None,
    status: str | None = None,
    updated_since: datetime | None = None,
) -> QuerySet[Result]:
    """Results the user may read (see `result_list`), filtered, with what a client reads of each: the evidence
    links and the biennium prefetched, and not who recorded or edited it.

    PostgreSQL plans a query joining nine tables in about 13 ms, for a page of 100 results that it then reads in
    about one; joining five (the indicator and its outcome, the place and its region, the CPO) takes about 2.5 ms
    to plan, and the one biennium is read by id.
    """
    results = result_list(
        user=user,
        biennium=biennium,
        indicator_id=indicator.pk if indicator else None,
        outcome_id=outcome.pk if outcome else None,
        region=region,
        place_id=place.pk if place else None,
        status=status,
    )
    if updated_since is not None:
        results = results.filter(updated_at__gte=updated_since)
    return (
        results.select_related(None)
        .select_related("indicator__outcome", "place__region", "programme_outcome")
        .prefetch_related("biennium", "attachments")
    )


def result_list_changed_at(
    *,
    user: AnyUser,
    biennium: Biennium | None = None,
    indicator: Indicator | None = None,
    outcome: Outcome | None = None,
    region: Region | None = None,
    place: Place | None = None,
) -> datetime | None:
    """When any result these filters select last changed as the user can tell; one query.

    Read from the results' history: a change counts when the result, as it stood after the change or
    just before it, was one the user may read (see `result_list`). So a result leaving the reader's sight
    (reopened, deleted) moves the date, while edits of drafts the reader cannot see do not.
    """
    changes = Result.history.all()
    if biennium is not None:
        changes = changes.filter(biennium_id=biennium.pk)
    if indicator is not None:
        changes = changes.filter(indicator_id=indicator.pk)
    if outcome is not None:
        changes = changes.filter(indicator__outcome_id=outcome.pk)
    if region is not None:
        changes = changes.filter(place__region_id=region.pk)
    if place is not None:
        changes = changes.filter(place_id=place.pk)
    scope = user_scope(user=user)
    if not (scope.is_administrator and scope.sees_unvalidated):
        visible = Q(status=Result.Status.VALIDATED)
        if scope.sees_unvalidated:
            visible |= scope.filter(region_path="place__region_id", outcome_path="indicator__outcome_id")
        previous = (
            Result.history.filter(id=OuterRef("id"), history_date__lt=OuterRef("history_date"))
            .order_by("-history_date", "-history_id")
            .values("history_id")[:1]
        )
        # A correlated EXISTS, not `previous_id IN (every visible history row)`: the newest rows are
        # checked one by one from the end and the scan stops at the first that counts, whereas the IN
        # list is built from the whole history first (368 ms at scale 10 against 37 ms at scale 1).
        previous_visible = Result.history.filter(visible, history_id=OuterRef("previous_id"))
        changes = changes.annotate(previous_id=Subquery(previous)).filter(visible | Q(Exists(previous_visible)))
    latest: datetime | None = changes.aggregate(latest=Max("history_date"))["latest"]
    return latest


def result_history(*, result: Result) -> list[HistoryEntry]:
    """Every change to a result, newest first: who, when, why, its status and version, each field's old and new."""
    return history_entries(
        result.history.select_related("history_user", "place", "programme_outcome"),
        fields=RESULT_HISTORY_FIELDS,
        status_field="status",
    )


def result_changes_since(*, result: Result, version: int) -> list[ResultChange]:
    """What differs between the version a user read and the result as it is now (its latest record)."""
    records = result.history.select_related("place", "programme_outcome").order_by("-history_date", "-history_id")
    seen = records.filter(version=version).first()
    latest = records.first()
    if seen is None or latest is None:
        return []
    return [
        {"field": change.field, "was": change.old, "now": change.new}
        for change in history_changes(new=latest, old=seen, fields=RESULT_HISTORY_FIELDS)
    ]


def result_criteria(*, result: Result) -> CriteriaAssessment:
    numbers = [criterion.number for criterion in result.indicator.criteria.all()]
    return criteria_assess(indicator=result.indicator, met=result.criteria_met, criterion_numbers=numbers)


@dataclass(frozen=True)
class ResultActions:
    """What a user may do with a result now, and why a change is refused (shown instead of the buttons)."""

    edit: bool
    submit: bool
    withdraw: bool
    delete: bool
    validate: bool
    return_: bool
    reopen: bool
    refusal: str
    refusal_forbidden: bool
    note: str

    @property
    def any(self) -> bool:
        return any((self.edit, self.submit, self.withdraw, self.delete, self.validate, self.return_, self.reopen))


def result_actions(*, user: AnyUser, result: Result) -> ResultActions:
    """Offer only the actions the services would accept, by the rules and transition table they apply."""
    scope = user_scope(user=user)
    covered = scope.covers(region_id=result.place.region_id, outcome_id=result.indicator.outcome_id)
    closed = result.biennium.is_closed
    records = scope.can_record and covered and not closed
    reviews = scope.can_validate and covered and not closed
    own = self_validation(user_id=getattr(user, "pk", None), result=result)

    def allowed(action: ResultAction) -> bool:
        return result_action_allowed(action=action, status=result.status)

    refusal: str | Promise = ""
    forbidden = False
    if closed:
        refusal = BIENNIUM_CLOSED % {"biennium": result.biennium.label}
    elif not scope.can_record:
        refusal, forbidden = ROLE_CANNOT_RECORD, True
    elif not covered:
        refusal, forbidden = OUT_OF_SCOPE % {"place": result.place.name, "code": result.indicator.code}, True
    else:
        refusal = result_edit_refusal(status=result.status)
    return ResultActions(
        edit=records and allowed(ResultAction.EDIT),
        submit=records and allowed(ResultAction.SUBMIT),
        withdraw=records and allowed(ResultAction.WITHDRAW),
        delete=records and allowed(ResultAction.DELETE),
        validate=reviews and allowed(ResultAction.VALIDATE) and not own,
        return_=reviews and allowed(ResultAction.RETURN),
        reopen=reviews and allowed(ResultAction.REOPEN),
        refusal=str(refusal),
        refusal_forbidden=forbidden,
        note=str(SELF_VALIDATION) if reviews and allowed(ResultAction.VALIDATE) and own else "",
    )


def place_list_recordable(*, user: AnyUser, indicator: Indicator, query: str = "") -> QuerySet[Place]:
    """Places the user may record a result for under the indicator, optionally narrowed by a name fragment."""
    scope = user_scope(user=user)
    if indicator_record_refusal(scope=scope, indicator=indicator):
        return Place.objects.none()
    places = place_list().filter(scope.filter(region_path="region_id", outcome_path=None))
    wanted = normalize_name(query)
    if wanted:
        places = places.filter(Q(name__icontains=query.strip()) | Q(aliases__normalized__contains=wanted)).distinct()
    return places.order_by("region__position", "name")


def place_choices_grouped(*, places: Iterable[Place]) -> list[tuple[str, list[tuple[int, str]]]]:
    """Choices for a place select, grouped by region (the places come ordered by region)."""
    groups: dict[str, list[tuple[int, str]]] = {}
    for place in places:
        groups.setdefault(place.region.name, []).append((place.pk, place.name))
    return list(groups.items())
