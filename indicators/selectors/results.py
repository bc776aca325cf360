"""Reading country results within the reader's scope, their history and what changed."""

from typing import Any, cast

from django.db.models import Field, Q, QuerySet

from accounts.selectors import AnyUser, user_scope
from indicators.criteria import CriteriaAssessment, criteria_assess
from indicators.models import Result
from outcomes.models import Biennium
from places.models import Region

# Columns of the result (never reverse relations), whose changes the history shows.
_DIFF_FIELDS = ("place", "entity_name", "description", "evidence", "criteria_met", "status", "review_message")


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
    scope = user_scope(user=user)
    visible = Q(status=Result.Status.VALIDATED)
    if scope.sees_unvalidated:
        visible |= scope.filter(region_path="place__region_id", outcome_path="indicator__outcome_id")
    results = Result.objects.filter(visible).select_related(
        "indicator__outcome", "biennium", "place__region", "created_by", "last_edited_by"
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
    return results.order_by("biennium__start_year", "indicator__position", "indicator__code", "place__name", "pk")


def result_get(*, user: AnyUser, pk: int) -> Result:
    """One result the user may read; Result.DoesNotExist (a 404) for one outside their sight."""
    return result_list(user=user).get(pk=pk)


def validation_queue(*, user: AnyUser) -> QuerySet[Result]:
    """Submitted results a manager may validate: in scope, oldest first."""
    scope = user_scope(user=user)
    if not scope.can_validate:
        return Result.objects.none()
    return (
        Result.objects.filter(status=Result.Status.SUBMITTED)
        .filter(scope.filter(region_path="place__region_id", outcome_path="indicator__outcome_id"))
        .select_related("indicator__outcome", "biennium", "place__region", "created_by", "last_edited_by")
        .order_by("submitted_at", "pk")
    )


def returned_results(*, user: AnyUser) -> QuerySet[Result]:
    """Results returned to the officer who recorded or last edited them, waiting for a fix."""
    return result_list(user=user, status=Result.Status.RETURNED).filter(Q(created_by=user) | Q(last_edited_by=user))


def result_criteria(*, result: Result) -> CriteriaAssessment:
    numbers = [criterion.number for criterion in result.indicator.criteria.all()]
    return criteria_assess(indicator=result.indicator, met=result.criteria_met, criterion_numbers=numbers)


def _shown(record: Any, name: str) -> str:
    """`record` is a historical record of django-simple-history, whose classes are made at run time."""
    value = getattr(record, name)
    if name == "place":
        return str(value) if value else ""
    if name == "criteria_met":
        return ", ".join(str(number) for number in value) if value else "—"
    if name == "status":
        return str(Result.Status(value).label)
    return value or ""


def result_history(*, result: Result) -> list[dict]:
    """Every change to a result, newest first: who, when, why, and each field's old and new value."""
    records = list(result.history.select_related("history_user", "place").order_by("-history_date", "-history_id"))
    entries = []
    for record, previous in zip(records, [*records[1:], None], strict=True):
        changes = []
        if previous is not None:
            for name in _DIFF_FIELDS:
                if getattr(record, f"{name}_id" if name == "place" else name) != getattr(
                    previous, f"{name}_id" if name == "place" else name
                ):
                    changes.append(
                        {
                            "field": str(
                                cast(Field, Result._meta.get_field(name)).verbose_name
                            ),  # a column, not a relation
                            "was": _shown(previous, name),
                            "now": _shown(record, name),
                        }
                    )
        entries.append(
            {
                "when": record.history_date,
                "who": record.history_user,
                "kind": record.get_history_type_display(),
                "reason": record.history_change_reason or "",
                "status": _shown(record, "status"),
                "version": record.version,
                "changes": changes,
            }
        )
    return entries


def result_changes_since(*, result: Result, version: int) -> list[dict]:
    """What differs between the version a user read and the result as it is now."""
    seen = result.history.filter(version=version).select_related("place").order_by("-history_date").first()
    if seen is None:
        return []
    changes = []
    for name in _DIFF_FIELDS:
        attribute = f"{name}_id" if name == "place" else name
        if getattr(seen, attribute) != getattr(result, attribute):
            changes.append(
                {
                    "field": str(cast(Field, Result._meta.get_field(name)).verbose_name),
                    "was": _shown(seen, name),
                    "now": _shown(result, name),
                }
            )
    return changes
