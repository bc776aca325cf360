"""A plan's progress: each target counted from the dated events per place, never typed.

A target's count at a date is its baseline plus the member States whose event falls after the baseline
date and on or before that date (a place counts once; territories are shown apart, as results count
them). An obligation of member States (submit the Recommendation by a date) has no baseline: who has
met it by the date, who late, who not yet.
"""

import datetime
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from places.models import Place, Region
from plans.models import Plan, Target, TargetEvent
from plans.selectors.plans import latest_statuses, matrix_categories, revision_current
from rbm.replica import replica_read


def target_list(*, plan: Plan) -> QuerySet[Target]:
    return plan.targets.order_by("-kind", "ref")


def target_get(*, plan: Plan, ref: str) -> Target | None:
    return plan.targets.filter(ref=ref.strip()).first()


def _events(targets: list[Target]) -> dict[int, list[TargetEvent]]:
    events: dict[int, list[TargetEvent]] = {target.pk: [] for target in targets}
    rows = (
        TargetEvent.objects.filter(target__in=targets).select_related("place__region").order_by("date", "place__name")
    )
    for event in rows:
        events[event.target_id].append(event)
    return events


def _counted(target: Target, event: TargetEvent) -> bool:
    """Whether an event adds to the baseline: after the baseline date (every event when there is none)."""
    return target.baseline_date is None or event.date > target.baseline_date


def _place(event: TargetEvent) -> dict[str, Any]:
    return {
        "place": event.place.name,
        "iso3": event.place.iso3,
        "kind": event.place.kind,
        "region": event.place.region.code,
        "date": event.date.isoformat(),
        "reference": event.reference,
    }


def _target_progress(
    target: Target, events: list[TargetEvent], as_of: datetime.date, regions: list[str], members: list[Place]
) -> dict[str, Any]:
    added = [event for event in events if _counted(target, event)]
    member_events = [event for event in added if event.place.kind == Place.Kind.MEMBER_STATE]
    upto = [event for event in member_events if event.date <= as_of]
    at_deadline = [event for event in member_events if event.date <= target.deadline]
    by_region = dict.fromkeys(regions, 0)
    for event in upto:
        by_region[event.place.region.code] = by_region.get(event.place.region.code, 0) + 1
    territories = [event for event in added if event.place.kind == Place.Kind.TERRITORY and event.date <= as_of]
    data: dict[str, Any] = {
        "ref": target.ref,
        "kind": target.kind,
        "text": target.text,
        "event_label": target.event_label,
        "baseline": target.baseline,
        "baseline_date": target.baseline_date.isoformat() if target.baseline_date else None,
        "baseline_source": target.baseline_source,
        "value": target.value,
        "deadline": target.deadline.isoformat(),
        "count": target.baseline + len(upto),
        "count_at_deadline": target.baseline + len(at_deadline),
        "member_states": len(upto),
        "territories": len(territories),
        "by_region": by_region,
        "places": [_place(event) for event in added if event.date <= as_of],
    }
    if target.kind == Target.Kind.OBLIGATION:
        done = {event.place_id for event in upto}
        data["value"] = len(members)
        data["on_time"] = [event.place.name for event in upto if event.date <= target.deadline]
        data["late"] = [event.place.name for event in upto if event.date > target.deadline]
        data["not_yet"] = [place.name for place in members if place.pk not in done]
        data["overdue"] = data["not_yet"] if as_of > target.deadline else []
    value = data["value"]
    reached_on = None
    needed = (value - target.baseline) if value is not None else None
    if needed is not None and needed <= 0:
        reached_on = target.baseline_date.isoformat() if target.baseline_date else None
    elif needed is not None and len(upto) >= needed:
        reached_on = upto[needed - 1].date.isoformat()
    data["reached_on"] = reached_on
    if reached_on is not None and reached_on <= target.deadline.isoformat():
        data["met_by_deadline"] = True
    elif as_of > target.deadline or (needed is not None and len(upto) >= needed):
        data["met_by_deadline"] = False
    else:
        data["met_by_deadline"] = None  # the deadline has not come and the target is not reached yet
    return data


def targets_progress(*, plan: Plan, as_of: datetime.date) -> list[dict[str, Any]]:
    targets = list(target_list(plan=plan))
    if not targets:
        return []
    events = _events(targets)
    regions = list(Region.objects.order_by("position").values_list("code", flat=True))
    members = (
        list(Place.objects.filter(kind=Place.Kind.MEMBER_STATE).order_by("name"))
        if any(target.kind == Target.Kind.OBLIGATION for target in targets)
        else []
    )
    return [_target_progress(target, events[target.pk], as_of, regions, members) for target in targets]


def target_series(*, target: Target) -> list[tuple[datetime.date, int]]:
    """The target's count after each day an event added to it, from the baseline: the line of a chart."""
    rows = (
        TargetEvent.objects.filter(target=target, place__kind=Place.Kind.MEMBER_STATE)
        .filter(Q(date__gt=target.baseline_date) if target.baseline_date else Q())
        .values("date")
        .annotate(added=Count("pk"))
        .order_by("date")
    )
    points = [(target.baseline_date, target.baseline)] if target.baseline_date else []
    total = target.baseline
    for row in rows:
        total += row["added"]
        points.append((row["date"], total))
    return points


@replica_read
def plan_progress(*, plan: Plan, as_of: datetime.date | None = None) -> dict[str, Any]:
    """The plan with every target's progress and, per category, its means of action with their key
    outputs and latest status: the object `plan_progress --json` prints and the API answers."""
    as_of = as_of or timezone.localdate()
    revision = revision_current(plan=plan)
    statuses = latest_statuses(plan=plan)
    categories = []
    for category in matrix_categories(revision=revision) if revision else []:
        activities = []
        for activity in category.activities.all():
            means_list = []
            for means in activity.means.all():
                outputs = []
                for output in means.key_outputs.all():
                    latest = statuses.get((means.ref, output.text))
                    outputs.append(
                        {
                            "id": output.pk,
                            "text": output.text,
                            "status": latest.status if latest else None,
                            "status_biennium": latest.biennium if latest else None,
                        }
                    )
                means_list.append(
                    {
                        "ref": means.ref,
                        "text": means.text,
                        "timing": means.timing_text,
                        "timing_kind": means.timing_kind,
                        "timing_start": means.timing_start,
                        "timing_end": means.timing_end,
                        "added_column": means.extra_text,
                        "key_outputs": outputs,
                    }
                )
            activities.append(
                {
                    "ref": activity.ref,
                    "text": activity.text,
                    "mandate_references": [ref.label for ref in activity.mandate_references.all()],
                    "means": means_list,
                }
            )
        categories.append(
            {
                "code": category.code,
                "title": category.title,
                "cross_cutting": category.cross_cutting,
                "activities": activities,
            }
        )
    return {
        "id": plan.pk,
        "symbol": plan.symbol,
        "title": plan.title,
        "period": [plan.period_start, plan.period_end],
        "revision": {"number": revision.number, "symbol": revision.symbol} if revision else None,
        "as_of": as_of.isoformat(),
        "targets": targets_progress(plan=plan, as_of=as_of),
        "categories": categories,
    }
