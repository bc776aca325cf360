"""Every plan at a glance, for the dashboard: each target's count over time against its value, and the
key outputs of the plan's latest revision by status. Five queries whatever the number of plans."""

from typing import Any

from django.db.models import Count

from indicators.counts_cache import counts_cache_get, counts_cache_key, counts_cache_set
from places.models import Place
from plans.models import KeyOutput, KeyOutputStatus, Plan, Revision, Target, TargetEvent

UNREPORTED = "unreported"


def _ref(code: str, number: int, numeral: str) -> str:
    return f"{code}.{number}.{numeral}" if numeral else f"{code}.{number}"


def plans_overview_cached() -> list[dict[str, Any]]:
    """`plans_overview`, kept with the counts: the services and admin pages that change a plan, its targets'
    events or its key outputs' statuses drop them."""
    key = counts_cache_key("plans-overview")
    overview: list[dict[str, Any]] | None = counts_cache_get(key)
    if overview is None:
        overview = plans_overview()
        counts_cache_set(key, overview)
    return overview


def plans_overview() -> list[dict[str, Any]]:
    plans = list(Plan.objects.order_by("period_start", "symbol"))
    if not plans:
        return []
    latest: dict[int, int] = {}
    for plan_id, revision_id in Revision.objects.order_by("plan_id", "number").values_list("plan_id", "pk"):
        latest[plan_id] = revision_id
    targets = list(Target.objects.filter(kind=Target.Kind.TARGET).order_by("plan_id", "ref"))
    added = (
        TargetEvent.objects.filter(target__in=targets, place__kind=Place.Kind.MEMBER_STATE)
        .values_list("target_id", "date", "target__baseline_date")
        .annotate(count=Count("pk"))
        .order_by("target_id", "date")
    )
    series: dict[int, list[tuple[str, int]]] = {target.pk: [] for target in targets}
    totals = {target.pk: target.baseline for target in targets}
    for target_id, date, baseline_date, count in added:
        if baseline_date is not None and date <= baseline_date:
            continue
        totals[target_id] += count
        series[target_id].append((date.isoformat(), totals[target_id]))
    outputs = KeyOutput.objects.filter(means__activity__category__revision_id__in=latest.values()).values_list(
        "means__activity__category__revision__plan_id",
        "means__activity__category__code",
        "means__activity__number",
        "means__numeral",
        "text",
    )
    said: dict[tuple[int, str, str], str] = {}
    rows = (
        KeyOutputStatus.objects.filter(key_output__means__activity__category__revision__plan__in=plans)
        .order_by("recorded_at", "pk")
        .values_list(
            "key_output__means__activity__category__revision__plan_id",
            "key_output__means__activity__category__code",
            "key_output__means__activity__number",
            "key_output__means__numeral",
            "key_output__text",
            "status",
        )
    )
    for plan_id, code, number, numeral, text, status in rows:
        said[(plan_id, _ref(code, number, numeral), text)] = status
    by_status: dict[int, dict[str, int]] = {
        plan.pk: {**dict.fromkeys(KeyOutputStatus.Status.values, 0), UNREPORTED: 0} for plan in plans
    }
    for plan_id, code, number, numeral, text in outputs:
        status = said.get((plan_id, _ref(code, number, numeral), text), UNREPORTED)
        by_status[plan_id][status] += 1
    overview = []
    for plan in plans:
        plan_targets = []
        for target in (target for target in targets if target.plan_id == plan.pk):
            start = [(target.baseline_date.isoformat(), target.baseline)] if target.baseline_date else []
            plan_targets.append(
                {
                    "ref": target.ref,
                    "text": target.text,
                    "baseline": target.baseline,
                    "baseline_date": target.baseline_date.isoformat() if target.baseline_date else None,
                    "value": target.value,
                    "deadline": target.deadline.isoformat(),
                    "count": totals[target.pk],
                    "points": [{"date": date, "count": count} for date, count in start + series[target.pk]],
                }
            )
        overview.append({"plan": plan, "targets": plan_targets, "key_outputs": by_status[plan.pk]})
    return overview
