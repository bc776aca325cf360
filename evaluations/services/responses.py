"""The Office's response to recommendations, with its stance on each."""

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext_lazy as _

from evaluations.models import Evaluation, OfficeResponse, Recommendation
from evaluations.rules import evaluation_edit_check
from rbm.services import Changes, model_create, model_update
from rbm.translation import in_source_language

RESPONSE_TEXT_REQUIRED = _("Give the Office's response.")
RESPONSE_NEEDS_RECOMMENDATION = _("Choose the recommendations this response answers, with the Office's stance on each.")
NOT_THIS_EVALUATION = _("Recommendation %(number)d belongs to another evaluation.")
ALREADY_ANSWERED = _("Recommendation %(number)d is already answered by the response “%(heading)s”.")
ANSWERED_TWICE_IN_RESPONSE = _("Recommendation %(number)d is listed twice.")
UNKNOWN_STANCE = _("“%(stance)s” is not a stance; choose accepted, partially accepted or not accepted.")


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
    response: OfficeResponse | None,
    heading: str,
    text: str,
    answers: list[tuple[Recommendation, str]],
    user: User | None,
    changes: Changes,
    reason: str = "",
    keep_stances: bool = False,
    new: dict | None = None,
) -> OfficeResponse:
    """Write a response and the stance on each recommendation it answers; release the ones it no longer answers.

    With `keep_stances` (imports), a stance already recorded on a recommendation this response answers is
    kept, so a stance a user set survives a re-import of the published document. `response` None creates
    one, with the fields of `new` (its evaluation and position).
    """
    values = {"heading": heading.strip(), "text": text.strip()}
    if response is None:
        response = model_create(model=OfficeResponse, data={**(new or {}), **values}, user=user, reason=reason)
        changes.tally("responses", "created")
    else:
        _, updated = model_update(instance=response, data=values, user=user, reason=reason)
        changes.tally("responses", "updated" if updated else "unchanged")
    answered = set()
    for recommendation, stance in answers:
        answered.add(recommendation.pk)
        if keep_stances and recommendation.response_id == response.pk and recommendation.stance:
            stance = recommendation.stance
        answer = {"response": response, "stance": stance}
        if model_update(instance=recommendation, data=answer, user=user, reason=reason)[1]:
            changes.tally("stances", "updated")
    for recommendation in Recommendation.objects.filter(response=response).exclude(pk__in=answered):
        model_update(instance=recommendation, data={"response": None, "stance": ""}, user=user, reason=reason)
        changes.tally("stances", "deleted")
    return response


@in_source_language
@transaction.atomic
def office_response_create(
    *, user: User | None, evaluation: Evaluation, heading: str, text: str, answers: list[tuple[Recommendation, str]]
) -> OfficeResponse:
    """Record the Office's response to one or more recommendations, with its stance on each."""
    evaluation_edit_check(user=user, evaluation=evaluation)
    _check_answers(evaluation=evaluation, text=text, answers=answers, response=None)
    position = (evaluation.responses.aggregate(highest=Max("position"))["highest"] or 0) + 1
    return office_response_write(
        response=None,
        heading=heading,
        text=text,
        answers=answers,
        user=user,
        changes=Changes(),
        reason="Entered",
        new={"evaluation": evaluation, "position": position, "created_by": user},
    )


@in_source_language
@transaction.atomic
def office_response_update(
    *, user: User | None, response: OfficeResponse, heading: str, text: str, answers: list[tuple[Recommendation, str]]
) -> Changes:
    response = OfficeResponse.objects.select_for_update().select_related("evaluation").get(pk=response.pk)
    evaluation_edit_check(user=user, evaluation=response.evaluation)
    _check_answers(evaluation=response.evaluation, text=text, answers=answers, response=response)
    changes = Changes()
    office_response_write(
        response=response, heading=heading, text=text, answers=answers, user=user, changes=changes, reason="Edited"
    )
    return changes
