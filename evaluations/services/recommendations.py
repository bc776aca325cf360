"""Recommendations and their suggested next steps."""

from dataclasses import dataclass, field

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from evaluations.models import Evaluation, NextStep, Recommendation
from evaluations.rules import evaluation_edit_check
from indicators.counts_cache import counts_cache_invalidate
from indicators.models import Indicator
from outcomes.models import Outcome
from places.models import Place
from rbm.services import Changes, links_sync, model_create, model_update, rows_sync
from rbm.translation import in_source_language

NUMBER_TAKEN = _("Recommendation %(number)d already exists in this evaluation.")
TEXT_REQUIRED = _("Give the recommendation's text.")


@dataclass
class RecommendationInput:
    number: int
    text: str
    addressee: str = ""
    priority: str = ""
    time_frame: str = ""
    outcomes: list[Outcome] = field(default_factory=list)
    indicators: list[Indicator] = field(default_factory=list)
    places: list[Place] = field(default_factory=list)
    next_steps: list[str] = field(default_factory=list)


def recommendation_input_from(*, recommendation: Recommendation) -> RecommendationInput:
    return RecommendationInput(
        number=recommendation.number,
        text=recommendation.text,
        addressee=recommendation.addressee,
        priority=recommendation.priority,
        time_frame=recommendation.time_frame,
        outcomes=list(recommendation.outcomes.all()),
        indicators=list(recommendation.indicators.all()),
        places=list(recommendation.places.all()),
        next_steps=[step.text for step in recommendation.next_steps.all()],
    )


def _check(*, evaluation: Evaluation, data: RecommendationInput, exclude_pk: int | None = None) -> None:
    errors: dict[str, str | Promise] = {}
    if not data.text.strip():
        errors["text"] = TEXT_REQUIRED
    taken = Recommendation.objects.filter(evaluation=evaluation, number=data.number)
    if exclude_pk is not None:
        taken = taken.exclude(pk=exclude_pk)
    if taken.exists():
        errors["number"] = NUMBER_TAKEN % {"number": data.number}
    if errors:
        raise ValidationError(errors)


def recommendation_write(
    *,
    evaluation: Evaluation,
    recommendation: Recommendation | None,
    data: RecommendationInput,
    user: User | None,
    changes: Changes,
    reason: str = "",
    replace_links: bool = True,
) -> Recommendation:
    """Write a recommendation (a new one when None) and its next steps where something differs.

    No scope check: callers do it.
    """
    values = {
        "number": data.number,
        "text": data.text.strip(),
        "addressee": data.addressee.strip(),
        "priority": data.priority,
        "time_frame": data.time_frame.strip(),
    }
    if recommendation is None:
        recommendation = model_create(
            model=Recommendation, data={"evaluation": evaluation, **values}, user=user, reason=reason
        )
        changes.tally("recommendations", "created")
    else:
        _, updated = model_update(instance=recommendation, data=values, user=user, reason=reason)
        changes.tally("recommendations", "updated" if updated else "unchanged")
    add_only = not replace_links
    links_sync(
        kind="outcome links", manager=recommendation.outcomes, objects=data.outcomes, changes=changes, add_only=add_only
    )
    if replace_links:
        links_sync(kind="indicator links", manager=recommendation.indicators, objects=data.indicators, changes=changes)
        links_sync(kind="place links", manager=recommendation.places, objects=data.places, changes=changes)
    rows_sync(
        kind="next steps",
        model=NextStep,
        parent={"recommendation": recommendation},
        key_fields=("position",),
        desired=[
            {"position": position, "text": text.strip()}
            for position, text in enumerate([step for step in data.next_steps if step.strip()], start=1)
        ],
        user=user,
        changes=changes,
        reason=reason,
    )
    if changes.changed:  # its links decide which outcomes' follow-up it counts in, on the dashboard
        counts_cache_invalidate()
    return recommendation


@in_source_language
@transaction.atomic
def recommendation_create(*, user: User | None, evaluation: Evaluation, data: RecommendationInput) -> Recommendation:
    evaluation_edit_check(user=user, evaluation=evaluation)
    _check(evaluation=evaluation, data=data)
    return recommendation_write(
        evaluation=evaluation, recommendation=None, data=data, user=user, changes=Changes(), reason="Entered"
    )


@in_source_language
@transaction.atomic
def recommendation_update(*, user: User | None, recommendation: Recommendation, data: RecommendationInput) -> Changes:
    recommendation = Recommendation.objects.select_for_update().select_related("evaluation").get(pk=recommendation.pk)
    evaluation_edit_check(user=user, evaluation=recommendation.evaluation)
    _check(evaluation=recommendation.evaluation, data=data, exclude_pk=recommendation.pk)
    changes = Changes()
    recommendation_write(
        evaluation=recommendation.evaluation,
        recommendation=recommendation,
        data=data,
        user=user,
        changes=changes,
        reason="Edited",
    )
    return changes
