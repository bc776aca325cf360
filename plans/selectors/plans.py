"""Reading plans, their revisions and matrices, with a fixed number of queries whatever their size."""

from dataclasses import dataclass, field

from django.db.models import Prefetch, QuerySet
from django.http import Http404
from django.utils.translation import gettext_lazy as _

from plans.models import Activity, Category, CrossReference, KeyOutput, KeyOutputStatus, Means, Plan, PlanLink, Revision


def plan_list() -> QuerySet[Plan]:
    return Plan.objects.select_related("outcome").prefetch_related("revisions").order_by("period_start", "symbol")


def plan_get(*, pk: int) -> Plan:
    plan = Plan.objects.select_related("outcome").filter(pk=pk).first()
    if plan is None:
        raise Http404
    return plan


def plan_get_by_symbol(*, symbol: str) -> Plan | None:
    return Plan.objects.select_related("outcome").filter(symbol=symbol.strip()).first()


def revision_list(*, plan: Plan) -> list[Revision]:
    return list(plan.revisions.select_related("revises").order_by("number"))


def revision_current(*, plan: Plan, number: int | None = None) -> Revision | None:
    revisions = plan.revisions.select_related("revises").order_by("-number")
    if number is not None:
        return revisions.filter(number=number).first()
    return revisions.first()


def matrix_categories(*, revision: Revision) -> list[Category]:
    """The revision's categories with their activities, mandate references, means, key outputs and cross
    references, in six queries."""
    means = Means.objects.prefetch_related(
        Prefetch("key_outputs", queryset=KeyOutput.objects.order_by("position")),
        Prefetch(
            "cross_references",
            queryset=CrossReference.objects.select_related(
                "category", "activity__category", "target__activity__category"
            ).order_by("position"),
        ),
    ).order_by("position")
    activities = Activity.objects.prefetch_related("mandate_references", Prefetch("means", queryset=means)).order_by(
        "number"
    )
    categories = list(
        revision.categories.prefetch_related(Prefetch("activities", queryset=activities)).order_by("position")
    )
    # Every ref reads its category and activity: hand them the objects already read.
    for category in categories:
        for activity in category.activities.all():
            activity.category = category
            for item in activity.means.all():
                item.activity = activity
    return categories


@dataclass(frozen=True)
class LatestStatus:
    status: str
    label: str
    biennium: str
    reason: str
    evidence: str
    recorded_by: str
    recorded_at: object


def _ref(code: str, number: int, numeral: str) -> str:
    return f"{code}.{number}.{numeral}" if numeral else f"{code}.{number}"


def key_output_key(key_output: KeyOutput) -> tuple[str, str]:
    """A key output is the same across revisions when its means of action's ref and its text are."""
    return key_output.means.ref, key_output.text


def latest_statuses(*, plan: Plan) -> dict[tuple[str, str], LatestStatus]:
    """The latest status of every key output of the plan, whichever revision it was said on, in one query."""
    rows = (
        KeyOutputStatus.objects.filter(key_output__means__activity__category__revision__plan=plan)
        .select_related("biennium", "recorded_by")
        .values_list(
            "key_output__means__activity__category__code",
            "key_output__means__activity__number",
            "key_output__means__numeral",
            "key_output__text",
            "status",
            "biennium__start_year",
            "biennium__end_year",
            "reason",
            "evidence",
            "recorded_by__username",
            "recorded_at",
        )
        .order_by("recorded_at", "pk")
    )
    labels = dict(KeyOutputStatus.Status.choices)
    latest: dict[tuple[str, str], LatestStatus] = {}
    for code, number, numeral, text, status, start, end, reason, evidence, who, when in rows:
        latest[(_ref(code, number, numeral), text)] = LatestStatus(
            status=status,
            label=str(labels.get(status, status)),
            biennium=f"{start}-{str(end)[-2:]}",
            reason=reason,
            evidence=evidence,
            recorded_by=who or "",
            recorded_at=when,
        )
    return latest


def key_output_statuses(*, key_output: KeyOutput) -> QuerySet[KeyOutputStatus]:
    """Every status said of a key output (and of the same key output in the plan's other revisions)."""
    means = key_output.means
    activity = means.activity
    return (
        KeyOutputStatus.objects.filter(
            key_output__means__activity__category__revision__plan_id=activity.category.revision.plan_id,
            key_output__means__activity__category__code=activity.category.code,
            key_output__means__activity__number=activity.number,
            key_output__means__numeral=means.numeral,
            key_output__text=key_output.text,
        )
        .select_related("biennium", "recorded_by")
        .order_by("-recorded_at", "-pk")
    )


def key_output_get(*, pk: int) -> KeyOutput:
    key_output = (
        KeyOutput.objects.select_related(
            "means__activity__category__revision__plan__outcome", "means__activity__category__revision"
        )
        .filter(pk=pk)
        .first()
    )
    if key_output is None:
        raise Http404
    return key_output


@dataclass
class RevisionChange:
    ref: str
    kind: str  # "added", "removed", "changed"
    fields: list[tuple[str, str, str]] = field(default_factory=list)


_COMPARED = (("text", _("means of action")), ("timing_text", _("timing")), ("extra_text", _("added column")))
ACTIVITY_LABEL = _("activity")
KEY_OUTPUTS_LABEL = _("key outputs")


def revision_changes(*, revision: Revision) -> list[RevisionChange]:
    """What a revision added, removed or changed against the revision it revises, means by means."""
    if revision.revises_id is None:
        return []

    def read(revision_id: int) -> dict[str, dict[str, str]]:
        rows = Means.objects.filter(activity__category__revision_id=revision_id).values_list(
            "activity__category__code",
            "activity__number",
            "numeral",
            "text",
            "timing_text",
            "extra_text",
            "activity__text",
        )
        found = {}
        for code, number, numeral, text, timing, extra, activity_text in rows:
            found[_ref(code, number, numeral)] = {
                "text": text,
                "timing_text": timing,
                "extra_text": extra,
                "activity": activity_text,
            }
        return found

    def outputs(revision_id: int) -> dict[str, list[str]]:
        found: dict[str, list[str]] = {}
        rows = (
            KeyOutput.objects.filter(means__activity__category__revision_id=revision_id)
            .order_by("position")
            .values_list("means__activity__category__code", "means__activity__number", "means__numeral", "text")
        )
        for code, number, numeral, text in rows:
            found.setdefault(_ref(code, number, numeral), []).append(text)
        return found

    before, after = read(revision.revises_id), read(revision.pk)
    outputs_before, outputs_after = outputs(revision.revises_id), outputs(revision.pk)
    order = list(after) + [ref for ref in before if ref not in after]
    changes = []
    for ref in order:
        if ref not in before:
            changes.append(RevisionChange(ref=ref, kind="added"))
            continue
        if ref not in after:
            changes.append(RevisionChange(ref=ref, kind="removed"))
            continue
        differences = [
            (str(label), before[ref][name], after[ref][name])
            for name, label in _COMPARED
            if before[ref][name] != after[ref][name]
        ]
        if before[ref]["activity"] != after[ref]["activity"]:
            differences.append((str(ACTIVITY_LABEL), before[ref]["activity"], after[ref]["activity"]))
        old_outputs, new_outputs = outputs_before.get(ref, []), outputs_after.get(ref, [])
        if old_outputs != new_outputs:
            differences.append((str(KEY_OUTPUTS_LABEL), "; ".join(old_outputs), "; ".join(new_outputs)))
        if differences:
            changes.append(RevisionChange(ref=ref, kind="changed", fields=differences))
    return changes


def key_output_links(*, key_output: KeyOutput) -> QuerySet[PlanLink]:
    return (
        PlanLink.objects.filter(key_output=key_output)
        .select_related("biennium", "outcome__framework", "indicator__framework", "recommendation__evaluation")
        .order_by("pk")
    )
