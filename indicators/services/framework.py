"""Writes of the framework editor: outcomes, indicators with their measurement criteria, and each biennium's
target and published figure.

Every change is kept in the records' history with who made it and why. Once results are recorded under an
outcome or indicator, a change needs a reason; nothing changes in a closed biennium, and an indicator with
results in a closed biennium keeps its definition (statement, unit, criteria and rule) as they were counted.
"""

from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction

from accounts.selectors import user_scope
from indicators.counts_cache import counts_cache_invalidate
from indicators.models import Indicator, MeasurementCriterion, PublishedFigure, Result, Target
from indicators.rules import (
    CRITERIA_MINIMUM_TOO_HIGH,
    CRITERION_IN_USE,
    FRAMEWORK_CLOSED_RESULTS,
    FRAMEWORK_REASON_REQUIRED,
    INDICATOR_CODE_TAKEN,
    OUTCOME_NUMBER_TAKEN,
    PREDECESSOR_NOT_EARLIER,
    REASON_MAX_LENGTH,
    REASON_TOO_LONG,
    TERRITORIES_EXCEED_TOTAL,
    WRONG_FRAMEWORK,
    framework_edit_refusal,
    outcome_create_refusal,
)
from outcomes.models import Biennium, Outcome, StrategicFramework
from outcomes.rules import biennium_ensure_open
from rbm.exceptions import NotAllowed
from rbm.services import Changes, history_mark, model_create, model_update
from rbm.translation import in_source_language

OUTCOMES = "outcomes"
INDICATORS = "indicators"
CRITERIA = "measurement criteria"
TARGETS = "targets"
FIGURES = "published figures"
# The kinds of change that alter how an indicator's results were counted.
DEFINITION = (INDICATORS, CRITERIA)
CREATED = "Added in the framework editor"
EDITED = "Edited in the framework editor"
INDICATOR_FIELDS = (
    "code",
    "statement",
    "unit",
    "unit_singular",
    "unit_kind",
    "criteria_rule",
    "criteria_minimum",
    "predecessor",
    "position",
)


@dataclass(frozen=True)
class TargetInput:
    value: int
    text: str = ""


@dataclass(frozen=True)
class FigureInput:
    text: str
    value: int
    member_states: int | None = None
    territories: int = 0
    source: str = ""


def _allowed(*, user: User, outcome: Outcome | None) -> None:
    refusal = framework_edit_refusal(scope=user_scope(user=user), outcome=outcome)
    if refusal:
        raise NotAllowed(refusal)


def _reason_clean(reason: str) -> str:
    """The reason on one line; history keeps at most REASON_MAX_LENGTH characters of it."""
    reason = " ".join(reason.split())
    if len(reason) > REASON_MAX_LENGTH:
        raise ValidationError({"reason": REASON_TOO_LONG % {"limit": REASON_MAX_LENGTH, "length": len(reason)}})
    return reason


def _reason(*, reason: str, needed: bool, what: str) -> None:
    if needed and not reason:
        raise ValidationError({"reason": FRAMEWORK_REASON_REQUIRED % {"what": what}})


@in_source_language
@transaction.atomic
def outcome_create(*, user: User, biennium: Biennium, number: str, statement: str, position: int = 0) -> Outcome:
    """Add an outcome to the biennium's strategic framework (an administrator's act)."""
    refusal = outcome_create_refusal(scope=user_scope(user=user))
    if refusal:
        raise NotAllowed(refusal)
    biennium_ensure_open(biennium=biennium)
    number = number.strip()
    if Outcome.objects.filter(framework_id=biennium.framework_id, number=number).exists():
        raise ValidationError({"number": OUTCOME_NUMBER_TAKEN % {"number": number}})
    data = {"framework_id": biennium.framework_id, "number": number, "statement": statement.strip()}
    return model_create(model=Outcome, data={**data, "position": position}, user=user, reason=CREATED)


@in_source_language
@transaction.atomic
def outcome_update(
    *, user: User, outcome: Outcome, biennium: Biennium, data: dict[str, Any], reason: str = ""
) -> Changes:
    """Change an outcome's number, statement or position; with a reason once results are recorded under it."""
    _allowed(user=user, outcome=outcome)
    biennium_ensure_open(biennium=biennium)
    outcome = Outcome.objects.select_for_update().get(pk=outcome.pk, framework_id=biennium.framework_id)
    number = str(data.get("number", outcome.number)).strip()
    if Outcome.objects.filter(framework_id=outcome.framework_id, number=number).exclude(pk=outcome.pk).exists():
        raise ValidationError({"number": OUTCOME_NUMBER_TAKEN % {"number": number}})
    results = Result.objects.filter(indicator__outcome=outcome)
    what = f"outcome {outcome.number}"
    reason = _reason_clean(reason)
    changes = Changes()
    model_update(
        instance=outcome,
        data={**data, "number": number},
        fields=("number", "statement", "position"),
        user=user,
        reason=reason or EDITED,
        changes=changes,
        kind=OUTCOMES,
    )
    if changes.changed:
        _reason(reason=reason, needed=results.exists(), what=what)
        closed = results.filter(biennium__is_closed=True).select_related("biennium", "indicator").first()
        if closed is not None:
            raise ValidationError(
                FRAMEWORK_CLOSED_RESULTS % {"code": closed.indicator.code, "biennium": closed.biennium.label}
            )
        counts_cache_invalidate()
    return changes


@in_source_language
@transaction.atomic
def indicator_create(
    *,
    user: User,
    biennium: Biennium,
    outcome: Outcome,
    data: dict[str, Any],
    criteria: dict[int, str],
    target: TargetInput | None = None,
    published: FigureInput | None = None,
) -> Indicator:
    """Add an indicator to an outcome, with its criteria and, for the biennium, its target and published figure."""
    _allowed(user=user, outcome=outcome)
    biennium_ensure_open(biennium=biennium)
    values = _indicator_values(data=data, framework_id=biennium.framework_id, exclude_pk=None)
    indicator = model_create(
        model=Indicator,
        data={**values, "framework_id": biennium.framework_id, "outcome": outcome},
        user=user,
        reason=CREATED,
    )
    changes = Changes()
    _criteria_sync(indicator=indicator, criteria=criteria, user=user, reason=CREATED, changes=changes)
    _biennium_figures_sync(
        indicator=indicator,
        biennium=biennium,
        target=target,
        published=published,
        user=user,
        reason=CREATED,
        changes=changes,
    )
    counts_cache_invalidate()
    return indicator


@in_source_language
@transaction.atomic
def indicator_update(
    *,
    user: User,
    indicator: Indicator,
    biennium: Biennium,
    data: dict[str, Any],
    criteria: dict[int, str],
    target: TargetInput | None,
    published: FigureInput | None,
    reason: str = "",
) -> Changes:
    """Change an indicator's definition and criteria, and its target and published figure for the biennium.

    `criteria` maps each criterion number to keep or add to its text; a number left out is removed, unless
    results tick it. A change needs a reason once results are recorded under the indicator; its definition
    cannot change once it has results in a closed biennium.
    """
    _allowed(user=user, outcome=indicator.outcome)
    biennium_ensure_open(biennium=biennium)
    indicator = Indicator.objects.select_for_update().select_related("outcome").get(pk=indicator.pk)
    if indicator.framework_id != biennium.framework_id:
        raise ValidationError(WRONG_FRAMEWORK % {"code": indicator.code, "biennium": biennium.label})
    results = Result.objects.filter(indicator=indicator)
    what = f"indicator {indicator.code}"
    reason = _reason_clean(reason)
    values = _indicator_values(data=data, framework_id=indicator.framework_id, exclude_pk=indicator.pk)
    changes = Changes()
    written = reason or EDITED
    model_update(instance=indicator, data=values, user=user, reason=written, changes=changes, kind=INDICATORS)
    _criteria_sync(indicator=indicator, criteria=criteria, user=user, reason=written, changes=changes)
    _biennium_figures_sync(
        indicator=indicator,
        biennium=biennium,
        target=target,
        published=published,
        user=user,
        reason=written,
        changes=changes,
    )
    if changes.changed:
        _reason(reason=reason, needed=results.exists(), what=what)
        if any(
            changes.created.get(kind) or changes.updated.get(kind) or changes.deleted.get(kind) for kind in DEFINITION
        ):
            closed = results.filter(biennium__is_closed=True).select_related("biennium").first()
            if closed is not None:
                raise ValidationError(
                    FRAMEWORK_CLOSED_RESULTS % {"code": indicator.code, "biennium": closed.biennium.label}
                )
        counts_cache_invalidate()
    return changes


def _indicator_values(*, data: dict[str, Any], framework_id: int, exclude_pk: int | None) -> dict[str, Any]:
    """The indicator fields of `data`, checked: a code free in the framework, a predecessor from an earlier one."""
    values = {name: data[name] for name in INDICATOR_FIELDS if name in data}
    for name in ("code", "statement", "unit", "unit_singular"):
        if name in values:
            values[name] = " ".join(str(values[name]).split())
    code = values.get("code", "")
    taken = Indicator.objects.filter(framework_id=framework_id, code=code)
    if exclude_pk is not None:
        taken = taken.exclude(pk=exclude_pk)
    if code and taken.exists():
        raise ValidationError({"code": INDICATOR_CODE_TAKEN % {"code": code}})
    predecessor = values.get("predecessor")
    if predecessor is not None:
        framework_start = StrategicFramework.objects.values_list("start_year", flat=True).get(pk=framework_id)
        if predecessor.framework.start_year >= framework_start:
            raise ValidationError({"predecessor": PREDECESSOR_NOT_EARLIER})
    return values


def _criteria_sync(
    *, indicator: Indicator, criteria: dict[int, str], user: User, reason: str, changes: Changes
) -> None:
    """Make the indicator's criteria match `criteria`; refuse removing one that results tick."""
    wanted = {number: " ".join(text.split()) for number, text in criteria.items() if text.strip()}
    existing = {criterion.number: criterion for criterion in MeasurementCriterion.objects.filter(indicator=indicator)}
    removed = sorted(set(existing) - set(wanted))
    if removed:
        ticked: dict[int, int] = {}
        for met in Result.objects.filter(indicator=indicator).values_list("criteria_met", flat=True):
            for number in met or []:
                if number in removed:
                    ticked[number] = ticked.get(number, 0) + 1
        errors = [
            CRITERION_IN_USE % {"number": number, "code": indicator.code, "count": count}
            for number, count in sorted(ticked.items())
        ]
        if errors:
            raise ValidationError({"criteria": errors})
    for number in removed:
        history_mark(existing[number], user=user, reason=reason)
        existing[number].delete()
        changes.tally(CRITERIA, "deleted")
    for number, text in sorted(wanted.items()):
        criterion = existing.get(number)
        if criterion is None:
            model_create(
                model=MeasurementCriterion,
                data={"indicator": indicator, "number": number, "text": text},
                user=user,
                reason=reason,
            )
            changes.tally(CRITERIA, "created")
        else:
            model_update(
                instance=criterion, data={"text": text}, user=user, reason=reason, changes=changes, kind=CRITERIA
            )
    count = len(wanted)
    if indicator.criteria_rule == Indicator.CriteriaRule.AT_LEAST and count and indicator.criteria_minimum > count:
        raise ValidationError(
            {
                "criteria_minimum": CRITERIA_MINIMUM_TOO_HIGH
                % {"minimum": indicator.criteria_minimum, "code": indicator.code, "count": count}
            }
        )


def _biennium_figures_sync(
    *,
    indicator: Indicator,
    biennium: Biennium,
    target: TargetInput | None,
    published: FigureInput | None,
    user: User,
    reason: str,
    changes: Changes,
) -> None:
    """Set (or, given None, remove) the indicator's target and published figure for the biennium."""
    if published is not None and (published.member_states or 0) + published.territories > published.value:
        raise ValidationError({"published_value": TERRITORIES_EXCEED_TOTAL})
    lookup = {"indicator": indicator, "biennium": biennium}
    rows: list[tuple[type[Target] | type[PublishedFigure], str, dict | None]] = [
        (Target, TARGETS, {"value": target.value, "text": " ".join(target.text.split())} if target else None),
        (
            PublishedFigure,
            FIGURES,
            {
                "text": " ".join(published.text.split()),
                "value": published.value,
                "member_states": published.member_states,
                "territories": published.territories,
                "source": published.source.strip(),
            }
            if published
            else None,
        ),
    ]
    for model, kind, values in rows:
        row = model._default_manager.filter(**lookup).first()
        if values is None:
            if row is not None:
                history_mark(row, user=user, reason=reason)
                row.delete()
                changes.tally(kind, "deleted")
        elif row is None:
            model_create(model=model, data={**lookup, **values}, user=user, reason=reason)
            changes.tally(kind, "created")
        else:
            model_update(instance=row, data=values, user=user, reason=reason, changes=changes, kind=kind)
