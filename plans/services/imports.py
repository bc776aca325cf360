"""Importing a plan of action's activity matrix: all or nothing, idempotent, as a revision of another."""

import datetime
import re
from dataclasses import dataclass, field
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction

from indicators.counts_cache import counts_cache_invalidate
from plans.models import (
    Activity,
    Category,
    CrossReference,
    KeyOutput,
    MandateReference,
    Means,
    Plan,
    Revision,
    Target,
)
from plans.parsers.document import baseline_find, facts_read, obligations_find, period_read
from plans.parsers.matrix import Matrix, ParsedActivity, ParsedCategory, ParsedMeans, ParsedTarget, matrix_read
from plans.parsers.revision import BaseMeans, revision_align
from plans.parsers.timing import Timing
from plans.rules import (
    NO_PERIOD,
    NO_SYMBOL,
    ORIGINAL_IS_REVISION,
    PLAN_HAS_NO_MATRIX,
    PLAN_UNKNOWN,
    REVISION_OF_ITSELF,
    REVISION_OF_OTHER_PLAN,
)
from rbm.parsers import ImportRejected, Problem, text_file_read
from rbm.services import Actor, Changes, model_create, model_upsert, rows_sync

_MATRIX_SUFFIX = re.compile(r"\s*[-–—]\s*activity matrix.*$", re.I)
REASON = "import"


@dataclass
class PlanImport:
    plan: Plan
    revision: Revision
    changes: Changes = field(default_factory=Changes)
    read_by: str = "cells"  # or "alignment": the revision's rows were read onto the matrix it revises


def _means_ref(category: ParsedCategory, activity: ParsedActivity, means: ParsedMeans) -> str:
    base = f"{category.code}.{activity.number}"
    return f"{base}.{means.numeral}" if means.numeral else base


def _plan_title(matrix_title: str, fallback: str) -> str:
    title = _MATRIX_SUFFIX.sub("", matrix_title).strip()
    return (title or fallback)[:500]


def matrix_from_revision(revision: Revision) -> Matrix:
    """The stored matrix of a revision in the parser's terms, so a revision can start as a copy of it."""
    matrix = Matrix(title=revision.matrix_title, extra_column=revision.extra_column)
    categories = revision.categories.prefetch_related(
        "activities__mandate_references", "activities__means__key_outputs", "activities__means__cross_references"
    ).order_by("position")
    targets = {target.ref: target for target in revision.plan.targets.all()}
    for category in categories:
        parsed = ParsedCategory(line=0, code=category.code, title=category.title, cross_cutting=category.cross_cutting)
        for activity in category.activities.all():
            parsed_activity = ParsedActivity(line=0, number=activity.number, text=activity.text)
            for means in activity.means.all():
                ref = f"{category.code}.{activity.number}" + (f".{means.numeral}" if means.numeral else "")
                target = targets.get(ref)
                parsed_activity.means.append(
                    ParsedMeans(
                        line=0,
                        numeral=means.numeral,
                        text=means.text,
                        key_outputs=[output.text for output in means.key_outputs.all()],
                        timing=Timing(
                            text=means.timing_text,
                            kind=means.timing_kind,
                            start=means.timing_start,
                            end=means.timing_end,
                        ),
                        extra=means.extra_text,
                        target=ParsedTarget(text=target.text, value=target.value or 0, year=target.deadline.year)
                        if target and target.kind == Target.Kind.TARGET
                        else None,
                        cross_references=[
                            (
                                reference.label,
                                *_reference_key(reference),
                            )
                            for reference in means.cross_references.all()
                        ],
                    )
                )
            parsed.activities.append(parsed_activity)
        matrix.categories.append(parsed)
    return matrix


def _reference_key(reference: CrossReference) -> tuple[str, int | None, str]:
    if reference.target is not None:
        target = reference.target
        return target.activity.category.code, target.activity.number, target.numeral
    if reference.activity is not None:
        return reference.activity.category.code, reference.activity.number, ""
    return reference.category.code if reference.category else "", None, ""


def _revision_write(*, revision: Revision, matrix: Matrix, changes: Changes, user: Actor) -> None:
    """Make the revision's stored matrix match `matrix`, writing only what differs."""
    kept_codes = []
    means_by_ref: dict[str, Means] = {}
    activities_by_ref: dict[str, Activity] = {}
    categories_by_code: dict[str, Category] = {}
    for position, parsed in enumerate(matrix.categories, start=1):
        category, _ = model_upsert(
            model=Category,
            lookup={"revision": revision, "code": parsed.code},
            data={"title": parsed.title, "position": position, "cross_cutting": parsed.cross_cutting},
            user=user,
            reason=REASON,
            changes=changes,
            kind="categories",
        )
        kept_codes.append(parsed.code)
        categories_by_code[parsed.code] = category
        numbers = []
        for parsed_activity in parsed.activities:
            activity, _ = model_upsert(
                model=Activity,
                lookup={"category": category, "number": parsed_activity.number},
                data={"text": parsed_activity.text},
                user=user,
                reason=REASON,
                changes=changes,
                kind="activities",
            )
            numbers.append(parsed_activity.number)
            activities_by_ref[f"{parsed.code}.{parsed_activity.number}"] = activity
            rows_sync(
                kind="mandate references",
                model=MandateReference,
                parent={"activity": activity},
                key_fields=("position",),
                desired=[
                    {"position": index, "paragraph": paragraph, "clause": clause, "label": label[:60]}
                    for index, (paragraph, clause, label) in enumerate(parsed_activity.mandate_references, start=1)
                ],
                changes=changes,
                user=user,
                reason=REASON,
            )
            positions = []
            for index, parsed_means in enumerate(parsed_activity.means, start=1):
                timing = parsed_means.timing
                means, _ = model_upsert(
                    model=Means,
                    lookup={"activity": activity, "position": index},
                    data={
                        "numeral": parsed_means.numeral,
                        "text": parsed_means.text,
                        "timing_text": timing.text[:200],
                        "timing_kind": timing.kind,
                        "timing_start": timing.start,
                        "timing_end": timing.end,
                        "extra_text": parsed_means.extra,
                    },
                    user=user,
                    reason=REASON,
                    changes=changes,
                    kind="means of action",
                )
                positions.append(index)
                means_by_ref[_means_ref(parsed, parsed_activity, parsed_means)] = means
                rows_sync(
                    kind="key outputs",
                    model=KeyOutput,
                    parent={"means": means},
                    key_fields=("position",),
                    desired=[
                        {"position": number, "text": text[:500]}
                        for number, text in enumerate(parsed_means.key_outputs, start=1)
                    ],
                    changes=changes,
                    user=user,
                    reason=REASON,
                )
            for stale_means in Means.objects.filter(activity=activity).exclude(position__in=positions):
                stale_means.delete()
                changes.tally("means of action", "deleted")
        for stale_activity in Activity.objects.filter(category=category).exclude(number__in=numbers):
            stale_activity.delete()
            changes.tally("activities", "deleted")
    for stale in Category.objects.filter(revision=revision).exclude(code__in=kept_codes):
        stale.delete()
        changes.tally("categories", "deleted")
    # Cross references name records written above: resolve them once all exist.
    for parsed, parsed_activity, parsed_means in matrix.means_list():
        means = means_by_ref[_means_ref(parsed, parsed_activity, parsed_means)]
        desired = []
        for index, (label, code, number, numeral) in enumerate(parsed_means.cross_references, start=1):
            activity_ref = f"{code}.{number}" if number is not None else ""
            target = means_by_ref.get(f"{activity_ref}.{numeral}") if numeral else None
            if target is None and number is not None and not numeral:
                single = means_by_ref.get(activity_ref)
                target = single if single is not None and not single.numeral else None
            desired.append(
                {
                    "position": index,
                    "label": label[:60],
                    "category": categories_by_code.get(code) if number is None else None,
                    "activity": activities_by_ref.get(activity_ref) if target is None else None,
                    "target": target,
                }
            )
        rows_sync(
            kind="cross references",
            model=CrossReference,
            parent={"means": means},
            key_fields=("position",),
            desired=desired,
            changes=changes,
            user=user,
            reason=REASON,
        )


def _targets_write(*, plan: Plan, matrix: Matrix, text: str, changes: Changes, user: Actor) -> None:
    """Create the plan's targets the matrix states, with the baseline the document gives; an existing
    target is left as it is (its baseline may have been corrected since)."""
    existing = set(plan.targets.values_list("ref", flat=True))
    for category, activity, means in matrix.means_list():
        if means.target is None:
            continue
        ref = _means_ref(category, activity, means)
        if ref in existing:
            changes.tally("targets", "unchanged")
            continue
        baseline = baseline_find(text, target_text=means.target.text)
        model_create(
            model=Target,
            data={
                "plan": plan,
                "ref": ref,
                "kind": Target.Kind.TARGET,
                "text": means.target.text,
                "event_label": baseline.event_label if baseline else means.target.text[:100],
                "baseline": baseline.value if baseline else 0,
                "baseline_date": baseline.date if baseline else None,
                "baseline_source": baseline.source if baseline else "",
                "value": means.target.value,
                "deadline": datetime.date(means.target.year, 12, 31),
            },
            user=user,
            reason=REASON,
        )
        existing.add(ref)
        changes.tally("targets", "created")
    for number, obligation in enumerate(obligations_find(text), start=1):
        ref = f"O.{number}"
        if ref in existing:
            changes.tally("targets", "unchanged")
            continue
        model_create(
            model=Target,
            data={
                "plan": plan,
                "ref": ref,
                "kind": Target.Kind.OBLIGATION,
                "text": obligation.text,
                "event_label": obligation.event_label,
                "value": None,
                "deadline": obligation.deadline,
                "baseline_source": (
                    f"para. {obligation.paragraph}: {obligation.text}" if obligation.paragraph else obligation.text
                ),
            },
            user=user,
            reason=REASON,
        )
        existing.add(ref)
        changes.tally("targets", "created")


def _base_revision(*, symbol: str, revision_symbol: str, problems: list[Problem]) -> Revision | None:
    plan = Plan.objects.filter(symbol=symbol).first() or Plan.objects.filter(revisions__symbol=symbol).first()
    if plan is None:
        problems.append(Problem(line=None, message=PLAN_UNKNOWN % {"symbol": symbol}))
        return None
    existing = Revision.objects.filter(symbol=revision_symbol).first()
    if existing is not None and existing.plan_id != plan.pk:
        problems.append(
            Problem(
                line=None, message=REVISION_OF_OTHER_PLAN % {"symbol": revision_symbol, "plan": existing.plan.symbol}
            )
        )
        return None
    if existing is not None and existing.revises is not None:
        return existing.revises
    candidates = plan.revisions.exclude(symbol=revision_symbol).order_by("-number")
    base = candidates.first()
    if base is None:
        problems.append(Problem(line=None, message=PLAN_HAS_NO_MATRIX % {"symbol": symbol}))
    return base


@transaction.atomic
def plan_import(*, text: str, source: str = "", revision_of: str = "", user: Actor = None) -> PlanImport:
    """Import the activity matrix of a governing-body paper, or a revised matrix of a plan already stored.

    All or nothing: every problem is reported with its line and nothing is saved. Importing the same
    document again changes nothing. A revised matrix whose extraction cannot be read cell by cell (as
    GB.316/INS/5/1) is read onto the matrix it revises: the revision starts as a copy of it, and takes
    from the document the added column, row by row.
    """
    text = text.replace("\x00", "")
    facts = facts_read(text)
    matrix = matrix_read(text)
    problems: list[Problem] = []
    if not facts.symbol:
        problems.append(Problem(line=None, message=str(NO_SYMBOL)))
    read_by = "cells"
    base: Revision | None = None
    if revision_of:
        if facts.symbol and facts.symbol == revision_of:
            problems.append(Problem(line=None, message=REVISION_OF_ITSELF % {"symbol": facts.symbol}))
        else:
            base = _base_revision(symbol=revision_of, revision_symbol=facts.symbol, problems=problems)
        if base is not None and matrix.problems:
            stored = matrix_from_revision(base)
            refs = [
                BaseMeans(ref=_means_ref(c, a, m), text=f"{c.title} {a.text} {m.text}")
                for c, a, m in stored.means_list()
            ]
            aligned = revision_align(matrix=matrix, base=refs, symbol=base.symbol)
            problems.extend(aligned.problems)
            for category, activity, means in stored.means_list():
                means.extra = aligned.extra.get(_means_ref(category, activity, means), "")
            stored.title, stored.extra_column = matrix.title, matrix.extra_column
            matrix = stored
            read_by = "alignment"
        elif base is not None:
            problems.extend(matrix.problems)
    else:
        problems.extend(matrix.problems)
        if facts.symbol and Revision.objects.filter(symbol=facts.symbol, revises__isnull=False).exists():
            problems.append(Problem(line=None, message=ORIGINAL_IS_REVISION % {"symbol": facts.symbol}))
    period = period_read(matrix.title)
    if period is None and not problems:
        problems.append(Problem(line=matrix.first_line or None, message=str(NO_PERIOD)))
    if problems or period is None:
        raise ImportRejected(problems or [Problem(line=None, message=str(NO_PERIOD))])
    changes = Changes()
    if base is None:
        plan, _ = model_upsert(
            model=Plan,
            lookup={"symbol": facts.symbol},
            data={
                "title": _plan_title(matrix.title, facts.title),
                "period_start": period[0],
                "period_end": period[1],
                "author_unit": facts.author_unit,
                "endorsed_by": f"Governing Body, {facts.session_name}" if facts.session_name else "",
                "endorsed_on": facts.session_date[:100],
                "source_document": Path(source).name[:255] if source else "",
            },
            user=user,
            reason=REASON,
            changes=changes,
            kind="plans",
        )
        number = 1
    else:
        plan = base.plan
        existing = Revision.objects.filter(symbol=facts.symbol).first()
        number = existing.number if existing else base.number + 1
    revision, _ = model_upsert(
        model=Revision,
        lookup={"symbol": facts.symbol},
        data={
            "plan": plan,
            "number": number,
            "title": (facts.title or matrix.title)[:500],
            "session": facts.session[:200],
            "matrix_title": matrix.title[:500],
            "extra_column": matrix.extra_column[:500],
            "revises": base,
            "source_document": Path(source).name[:255] if source else "",
        },
        user=user,
        reason=REASON,
        changes=changes,
        kind="revisions",
    )
    _revision_write(revision=revision, matrix=matrix, changes=changes, user=user)
    _targets_write(plan=plan, matrix=matrix, text=text, changes=changes, user=user)
    if changes.changed:  # the dashboard's plans section shows the plan, its targets and key outputs
        counts_cache_invalidate()
    return PlanImport(plan=plan, revision=revision, changes=changes, read_by=read_by)


def plan_import_file(*, path: str, revision_of: str = "", user: Actor = None) -> PlanImport:
    try:
        text = text_file_read(path=path)
    except ValidationError as error:
        raise ImportRejected([Problem(line=None, message=message) for message in error.messages]) from None
    return plan_import(text=text, source=path, revision_of=revision_of, user=user)
