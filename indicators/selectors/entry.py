"""Reads for the result entry pages: places a user may record for, what they may do with a result, their lists."""

from dataclasses import dataclass

from django.db.models import Case, IntegerField, Prefetch, Q, QuerySet, Value, When

from accounts.selectors import user_scope
from indicators.models import BienniumStatusChange, Indicator, Result
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
from indicators.selectors.results import result_list
from indicators.services.framework import BIENNIUM_CLOSED
from outcomes.models import Biennium
from outcomes.selectors import biennium_list
from places.models import Place
from places.normalize import normalize_name
from places.selectors import place_list


def place_list_recordable(*, user, indicator: Indicator, query: str = "") -> QuerySet[Place]:
    """Places the user may record a result for under the indicator, optionally narrowed by a name fragment."""
    scope = user_scope(user=user)
    if indicator_record_refusal(scope=scope, indicator=indicator):
        return Place.objects.none()
    places = place_list().filter(scope.filter(region_path="region_id", outcome_path=None))
    wanted = normalize_name(query)
    if wanted:
        places = places.filter(Q(name__icontains=query.strip()) | Q(aliases__normalized__contains=wanted)).distinct()
    return places.order_by("region__position", "name")


def place_choices_grouped(*, places) -> list[tuple[str, list[tuple[int, str]]]]:
    """Choices for a place select, grouped by region (the places come ordered by region)."""
    groups: dict[str, list[tuple[int, str]]] = {}
    for place in places:
        groups.setdefault(place.region.name, []).append((place.pk, place.name))
    return list(groups.items())


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


def result_actions(*, user, result: Result) -> ResultActions:
    """Offer only the actions the services would accept, by the rules and transition table they apply."""
    scope = user_scope(user=user)
    covered = scope.covers(region_id=result.place.region_id, outcome_id=result.indicator.outcome_id)
    closed = result.biennium.is_closed
    records = scope.can_record and covered and not closed
    reviews = scope.can_validate and covered and not closed
    own = self_validation(user_id=user.pk, result=result)

    def allowed(action: ResultAction) -> bool:
        return result_action_allowed(action=action, status=result.status)

    refusal, forbidden = "", False
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
        delete=records and allowed(ResultAction.DELETE),
        validate=reviews and allowed(ResultAction.VALIDATE) and not own,
        return_=reviews and allowed(ResultAction.RETURN),
        reopen=reviews and allowed(ResultAction.REOPEN),
        refusal=str(refusal),
        refusal_forbidden=forbidden,
        note=str(SELF_VALIDATION) if reviews and allowed(ResultAction.VALIDATE) and own else "",
    )


def result_detail_get(*, user, pk: int) -> Result:
    """One result the user may read, with what its page shows; Result.DoesNotExist outside their sight."""
    return (
        result_list(user=user)
        .select_related("reviewed_by", "indicator__framework")
        .prefetch_related("indicator__criteria", "attachments")
        .get(pk=pk)
    )


def result_list_mine(*, user) -> QuerySet[Result]:
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


def biennium_status_list() -> QuerySet[Biennium]:
    """Every biennium with its closing and reopening log, newest change first."""
    changes = BienniumStatusChange.objects.select_related("changed_by")
    return biennium_list().prefetch_related(Prefetch("status_changes", queryset=changes))
