"""Reads for the result entry pages: places a user may record for, what they may do with a result, their lists."""

from collections.abc import Iterable
from dataclasses import dataclass

from django.contrib.auth.models import AnonymousUser, User
from django.db.models import Case, IntegerField, Prefetch, Q, QuerySet, Value, When
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from accounts.selectors import AnyUser, Scope, user_scope
from indicators.models import BienniumStatusChange, Indicator, Result
from indicators.selectors.results import result_list, validation_queue
from indicators.services.framework import BIENNIUM_CLOSED
from indicators.services.results import (
    OUT_OF_SCOPE,
    RESULT_AWAITING_VALIDATION,
    RESULT_LOCKED,
    ROLE_CANNOT_RECORD,
    SELF_VALIDATION,
)
from outcomes.models import Biennium
from outcomes.selectors import biennium_list
from places.models import Place
from places.normalize import normalize_name
from places.selectors import place_list

OUTCOME_OUT_OF_SCOPE = _("Indicator %(code)s is outside your scope: its outcome is not one you record results for.")


def _covers_outcome(scope: Scope, outcome_id: int) -> bool:
    if scope.is_administrator:
        return True
    return scope.is_authenticated and (scope.outcome_ids is None or outcome_id in scope.outcome_ids)


def places_in_scope(*, user: AnyUser, indicator: Indicator, query: str = "") -> QuerySet[Place]:
    """Places the user may record a result for under the indicator, optionally narrowed by a name fragment."""
    scope = user_scope(user=user)
    if not scope.can_record or not _covers_outcome(scope, indicator.outcome_id):
        return Place.objects.none()
    places = place_list().filter(scope.filter(region_path="region_id", outcome_path=None))
    wanted = normalize_name(query)
    if wanted:
        places = places.filter(Q(name__icontains=query.strip()) | Q(aliases__normalized__contains=wanted)).distinct()
    return places.order_by("region__position", "name")


def places_grouped(places: Iterable[Place]) -> list[tuple[str, list[tuple[int, str]]]]:
    """Choices for a place select, grouped by region (the places come ordered by region)."""
    groups: dict[str, list[tuple[int, str]]] = {}
    for place in places:
        groups.setdefault(place.region.name, []).append((place.pk, place.name))
    return list(groups.items())


def user_can_record_under(*, user: AnyUser, indicator: Indicator) -> bool:
    scope = user_scope(user=user)
    return scope.can_record and _covers_outcome(scope, indicator.outcome_id)


@dataclass(frozen=True)
class ResultActions:
    """What a user may do with a result now, and why a change is refused (shown instead of the buttons)."""

    edit: bool
    submit: bool
    delete: bool
    validate: bool
    return_: bool
    reopen: bool
    refusal: str
    refusal_forbidden: bool
    note: str

    @property
    def any(self) -> bool:
        return any((self.edit, self.submit, self.delete, self.validate, self.return_, self.reopen))


def result_actions(*, user: User | AnonymousUser, result: Result) -> ResultActions:
    """Mirror the services' rules to offer only the actions they would accept; the services still decide."""
    scope = user_scope(user=user)
    covered = scope.covers(region_id=result.place.region_id, outcome_id=result.indicator.outcome_id)
    closed = result.biennium.is_closed
    editable = result.status in (Result.Status.DRAFT, Result.Status.RETURNED)
    records = scope.can_record and covered and not closed
    validates = scope.can_validate and covered and not closed
    own = user.pk in {result.created_by_id, result.last_edited_by_id}
    submitted = result.status == Result.Status.SUBMITTED

    refusal: str | Promise = ""
    forbidden = False
    if closed:
        refusal = BIENNIUM_CLOSED % {"biennium": result.biennium.label}
    elif not scope.can_record:
        refusal, forbidden = ROLE_CANNOT_RECORD, True
    elif not covered:
        refusal, forbidden = OUT_OF_SCOPE % {"place": result.place.name, "code": result.indicator.code}, True
    elif result.status == Result.Status.VALIDATED:
        refusal = RESULT_LOCKED
    elif submitted:
        refusal = RESULT_AWAITING_VALIDATION
    return ResultActions(
        edit=records and editable,
        submit=records and editable,
        delete=records and editable,
        validate=validates and submitted and not own,
        return_=validates and submitted,
        reopen=validates and result.status == Result.Status.VALIDATED,
        refusal=str(refusal),
        refusal_forbidden=forbidden,
        note=str(SELF_VALIDATION) if validates and submitted and own else "",
    )


def result_detail_get(*, user: AnyUser, pk: int) -> Result:
    """One result the user may read, with what its page shows; Result.DoesNotExist outside their sight."""
    return (
        result_list(user=user)
        .select_related("reviewed_by", "indicator__framework")
        .prefetch_related("indicator__criteria", "attachments")
        .get(pk=pk)
    )


def my_results(*, user: AnyUser) -> QuerySet[Result]:
    """Results the user recorded or last edited: returned ones first (they wait for a fix), then the latest."""
    return (
        result_list(user=user)
        .filter(Q(created_by=user) | Q(last_edited_by=user))
        .select_related("reviewed_by")
        .order_by(_status_rank(), "-updated_at", "-pk")
    )


def _status_rank() -> Case:
    order = [Result.Status.RETURNED, Result.Status.DRAFT, Result.Status.SUBMITTED, Result.Status.VALIDATED]
    return Case(
        *[When(status=status, then=Value(rank)) for rank, status in enumerate(order)],
        output_field=IntegerField(),
    )


def validation_queue_page(*, user: AnyUser) -> QuerySet[Result]:
    """The validation queue with what it shows per row: criteria (for the warning) and evidence counts."""
    return validation_queue(user=user).prefetch_related("indicator__criteria")


def biennium_status_list() -> QuerySet[Biennium]:
    """Every biennium with its closing and reopening log, newest change first."""
    changes = BienniumStatusChange.objects.select_related("changed_by")
    return biennium_list().prefetch_related(Prefetch("status_changes", queryset=changes))
