"""Recommendations, their suggested next steps, and the Office's response to them."""

from dataclasses import dataclass, field

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from evaluations.models import Evaluation, NextStep, OfficeResponse, Recommendation
from evaluations.services.common import Changes, assign, ensure_can_edit, save, sync_links, sync_rows
from indicators.models import Indicator
from outcomes.models import Outcome
from places.models import Place

NUMBER_TAKEN = _("Recommendation %(number)d already exists in this evaluation.")
TEXT_REQUIRED = _("Give the recommendation's text.")
RESPONSE_TEXT_REQUIRED = _("Give the Office's response.")
RESPONSE_NEEDS_RECOMMENDATION = _("Choose the recommendations this response answers, with the Office's stance on each.")
NOT_THIS_EVALUATION = _("Recommendation %(number)d belongs to another evaluation.")
ALREADY_ANSWERED = _("Recommendation %(number)d is already answered by the response “%(heading)s”.")
ANSWERED_TWICE_IN_RESPONSE = _("Recommendation %(number)d is listed twice.")
UNKNOWN_STANCE = _("“%(stance)s” is not a stance; choose accepted, partially accepted or not accepted.")


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


def recommendation_next_number(*, evaluation: Evaluation) -> int:
    return (evaluation.recommendations.aggregate(highest=Max("number"))["highest"] or 0) + 1


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
    recommendation: Recommendation,
    data: RecommendationInput,
    user: User | None,
    changes: Changes,
    reason: str = "",
    replace_links: bool = True,
) -> Recommendation:
    """Write a recommendation and its next steps where something differs (no scope check: callers do it)."""
    creating = recommendation.pk is None
    values = {
        "number": data.number,
        "text": data.text.strip(),
        "addressee": data.addressee.strip(),
        "priority": data.priority,
        "time_frame": data.time_frame.strip(),
    }
    if assign(recommendation, values) or creating:
        save(recommendation, user=user, reason=reason)
        changes.tally("recommendations", "created" if creating else "updated")
    else:
        changes.tally("recommendations", "unchanged")
    add_only = not replace_links
    sync_links(
        kind="outcome links", manager=recommendation.outcomes, objects=data.outcomes, changes=changes, add_only=add_only
    )
    if replace_links:
        sync_links(kind="indicator links", manager=recommendation.indicators, objects=data.indicators, changes=changes)
        sync_links(kind="place links", manager=recommendation.places, objects=data.places, changes=changes)
    sync_rows(
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
    return recommendation


@transaction.atomic
def recommendation_create(*, user: User, evaluation: Evaluation, data: RecommendationInput) -> Recommendation:
    ensure_can_edit(user=user, evaluation=evaluation)
    _check(evaluation=evaluation, data=data)
    recommendation = Recommendation(evaluation=evaluation)
    return recommendation_write(
        recommendation=recommendation, data=data, user=user, changes=Changes(), reason="Entered"
    )


@transaction.atomic
def recommendation_update(*, user: User, recommendation: Recommendation, data: RecommendationInput) -> Changes:
    recommendation = Recommendation.objects.select_for_update().select_related("evaluation").get(pk=recommendation.pk)
    ensure_can_edit(user=user, evaluation=recommendation.evaluation)
    _check(evaluation=recommendation.evaluation, data=data, exclude_pk=recommendation.pk)
    changes = Changes()
    recommendation_write(recommendation=recommendation, data=data, user=user, changes=changes, reason="Edited")
    return changes


def _check_answers(
    *, evaluation: Evaluation, text: str, answers: list[tuple[Recommendation, str]], response: OfficeResponse | None
) -> None:
    errors: dict[str, list] = {}
    if not text.strip():
        errors.setdefault("text", []).append(RESPONSE_TEXT_REQUIRED)
    if not answers:
        errors.setdefault("answers", []).append(RESPONSE_NEEDS_RECOMMENDATION)
    seen = set()
    for recommendation, stance in answers:
        problems = errors.setdefault("answers", [])
        if recommendation.evaluation_id != evaluation.pk:
            problems.append(NOT_THIS_EVALUATION % {"number": recommendation.number})
        elif recommendation.pk in seen:
            problems.append(ANSWERED_TWICE_IN_RESPONSE % {"number": recommendation.number})
        elif recommendation.response_id and (response is None or recommendation.response_id != response.pk):
            problems.append(
                ALREADY_ANSWERED % {"number": recommendation.number, "heading": str(recommendation.response)}
            )
        if stance not in Recommendation.Stance.values:
            problems.append(UNKNOWN_STANCE % {"stance": stance})
        seen.add(recommendation.pk)
    errors = {name: messages for name, messages in errors.items() if messages}
    if errors:
        raise ValidationError(errors)


def office_response_write(
    *,
    response: OfficeResponse,
    heading: str,
    text: str,
    answers: list[tuple[Recommendation, str]],
    user: User | None,
    changes: Changes,
    reason: str = "",
    keep_stances: bool = False,
) -> OfficeResponse:
    """Write a response and the stance on each recommendation it answers; release the ones it no longer answers.

    With `keep_stances` (imports), a stance already recorded on a recommendation this response answers is
    kept, so a stance a user set survives a re-import of the published document.
    """
    creating = response.pk is None
    if assign(response, {"heading": heading.strip(), "text": text.strip()}) or creating:
        save(response, user=user, reason=reason)
        changes.tally("responses", "created" if creating else "updated")
    else:
        changes.tally("responses", "unchanged")
    answered = set()
    for recommendation, stance in answers:
        answered.add(recommendation.pk)
        if keep_stances and recommendation.response_id == response.pk and recommendation.stance:
            stance = recommendation.stance
        if assign(recommendation, {"response": response, "stance": stance}):
            save(recommendation, user=user, reason=reason)
            changes.tally("stances", "updated")
    for recommendation in Recommendation.objects.filter(response=response).exclude(pk__in=answered):
        recommendation.response = None
        recommendation.stance = ""
        save(recommendation, user=user, reason=reason)
        changes.tally("stances", "deleted")
    return response


@transaction.atomic
def office_response_create(
    *, user: User, evaluation: Evaluation, heading: str, text: str, answers: list[tuple[Recommendation, str]]
) -> OfficeResponse:
    """Record the Office's response to one or more recommendations, with its stance on each."""
    ensure_can_edit(user=user, evaluation=evaluation)
    _check_answers(evaluation=evaluation, text=text, answers=answers, response=None)
    position = (evaluation.responses.aggregate(highest=Max("position"))["highest"] or 0) + 1
    response = OfficeResponse(evaluation=evaluation, position=position, created_by=user)
    return office_response_write(
        response=response, heading=heading, text=text, answers=answers, user=user, changes=Changes(), reason="Entered"
    )


@transaction.atomic
def office_response_update(
    *, user: User, response: OfficeResponse, heading: str, text: str, answers: list[tuple[Recommendation, str]]
) -> Changes:
    response = OfficeResponse.objects.select_for_update().select_related("evaluation").get(pk=response.pk)
    ensure_can_edit(user=user, evaluation=response.evaluation)
    _check_answers(evaluation=response.evaluation, text=text, answers=answers, response=response)
    changes = Changes()
    office_response_write(
        response=response, heading=heading, text=text, answers=answers, user=user, changes=changes, reason="Edited"
    )
    return changes
