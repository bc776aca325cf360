"""What the revised activity matrix shows, as plain JSON-ready data: the document the Office publishes
regularly (GB.312/POL/2, para. 18), in the layout of the seeds' appendix plus a status column.

No ids or time stamps: reading unchanged data again gives the same data, so the same hash.
"""

from typing import Any

from plans.models import KeyOutputStatus, Plan
from plans.selectors.plans import matrix_categories, revision_current


def _statuses_at(*, plan: Plan, start_year: int) -> dict[tuple[str, str], dict[str, str]]:
    """Each key output's status for the biennium starting `start_year`: the latest said for it, or else
    the latest said for an earlier biennium (the status carried forward, with the biennium it was said for)."""
    rows = (
        KeyOutputStatus.objects.filter(
            key_output__means__activity__category__revision__plan=plan, biennium__start_year__lte=start_year
        )
        .values_list(
            "key_output__means__activity__category__code",
            "key_output__means__activity__number",
            "key_output__means__numeral",
            "key_output__text",
            "status",
            "reason",
            "biennium__start_year",
            "biennium__end_year",
        )
        .order_by("biennium__start_year", "recorded_at", "pk")
    )
    found: dict[tuple[str, str], dict[str, str]] = {}
    for code, number, numeral, text, status, reason, start, end in rows:
        ref = f"{code}.{number}.{numeral}" if numeral else f"{code}.{number}"
        found[(ref, text)] = {"status": status, "reason": reason, "biennium": f"{start}-{end % 100:02d}"}
    return found


def plan_matrix_data(*, plan: Plan, start_year: int) -> dict[str, Any]:
    """The revised matrix of the plan's latest revision, with each key output's status in a biennium."""
    revision = revision_current(plan=plan)
    statuses = _statuses_at(plan=plan, start_year=start_year)
    categories = []
    for category in matrix_categories(revision=revision) if revision else []:
        activities = []
        for activity in category.activities.all():
            means_list = []
            for means in activity.means.all():
                means_list.append(
                    {
                        "ref": means.ref,
                        "numeral": means.numeral,
                        "text": means.text,
                        "timing": means.timing_text,
                        "extra": means.extra_text,
                        "key_outputs": [
                            {"text": output.text, **statuses.get((means.ref, output.text), {"status": ""})}
                            for output in means.key_outputs.all()
                        ],
                    }
                )
            activities.append(
                {"ref": activity.ref, "number": activity.number, "text": activity.text, "means": means_list}
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
        "plan": {
            "symbol": plan.symbol,
            "title": plan.title,
            "period": f"{plan.period_start}–{plan.period_end % 100:02d}",
            "author_unit": plan.author_unit,
        },
        "revision": {
            "symbol": revision.symbol if revision else "",
            "matrix_title": revision.matrix_title if revision else "",
            "extra_column": revision.extra_column if revision else "",
        },
        "biennium": f"{start_year}-{(start_year + 1) % 100:02d}",
        "categories": categories,
    }
