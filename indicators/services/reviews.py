"""Reviewing submitted results: validating them so they count, returning them with a message, reopening
validated ones for correction. One review path; the transition table of `indicators.rules` says from which
status each is allowed and to which it leads."""

from collections.abc import Sequence
from dataclasses import dataclass, field

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from indicators.models import Result
from indicators.rules import (
    RESULT_TRANSITIONS,
    SELF_VALIDATION,
    ResultAction,
    result_transition_check,
    self_validation,
)
from indicators.services.common import result_fresh_check, result_lock, result_save, result_scope_check_for
from outcomes.rules import biennium_ensure_open
from rbm.events import RESULT_RETURNED, RESULT_VALIDATED, event_announce
from rbm.exceptions import ApplicationError, NotAllowed

RETURN_NEEDS_MESSAGE = _("Say why the result is returned, so the officer knows what to fix.")
REOPEN_NEEDS_REASON = _("Give the reason for reopening this validated result.")
VALIDATED_REASON = "Validated"
BULK_NOTHING_CHOSEN = _("Tick the results to validate or return.")


@transaction.atomic
def _review(*, user: User, result: Result, action: ResultAction, message: str, version: int | None) -> Result:
    """Move a result along the review transition `action`, keeping the reviewer, when, and their message."""
    current = result_lock(result=result)
    biennium_ensure_open(biennium=current.biennium)
    result_scope_check_for(user=user, indicator=current.indicator, place=current.place, review=True)
    result_fresh_check(result=current, version=version)
    result_transition_check(action=action, result=current)
    if action == ResultAction.VALIDATE and self_validation(user_id=user.pk, result=current):
        raise NotAllowed(SELF_VALIDATION)
    target = RESULT_TRANSITIONS[action].target
    if target is None:
        raise ValueError(f"{action} is not a review transition")
    current.status = target
    current.reviewed_by = user
    current.reviewed_at = timezone.now()
    current.review_message = message.strip()
    current.version += 1
    result_save(result=current, user=user, reason=message.strip() or VALIDATED_REASON)
    event = RESULT_VALIDATED if target == Result.Status.VALIDATED else RESULT_RETURNED
    event_announce(name=event, result=current, user=user, message=current.review_message)
    return current


def result_validate(*, user: User, result: Result, message: str = "", version: int | None = None) -> Result:
    """Validate a submitted result, so that it counts. Nobody validates what they recorded or last edited."""
    return _review(user=user, result=result, action=ResultAction.VALIDATE, message=message, version=version)


def result_return(*, user: User, result: Result, message: str, version: int | None = None) -> Result:
    """Return a submitted result to its officer with a message saying what to fix."""
    if not message.strip():
        raise ValidationError({"message": RETURN_NEEDS_MESSAGE})
    return _review(user=user, result=result, action=ResultAction.RETURN, message=message, version=version)


def result_reopen(*, user: User, result: Result, reason: str, version: int | None = None) -> Result:
    """Unlock a validated result so it can be corrected; it stops counting until validated again."""
    if not reason.strip():
        raise ValidationError({"reason": REOPEN_NEEDS_REASON})
    return _review(user=user, result=result, action=ResultAction.REOPEN, message=reason, version=version)


@dataclass
class BulkReview:
    """What a review of several results did: the results it moved, and each refused one with the reason."""

    done: list[Result] = field(default_factory=list)
    refused: list[tuple[Result, str]] = field(default_factory=list)


def result_review_bulk(
    *, user: User, results: Sequence[tuple[Result, int | None]], action: ResultAction, message: str = ""
) -> BulkReview:
    """Validate or return several results with one message, each on its own: one refused (validated by its own
    officer, changed since the queue was read, out of scope) is reported and leaves the others done."""
    if action not in (ResultAction.VALIDATE, ResultAction.RETURN):
        raise ValueError(f"{action} is not a bulk review")
    if not results:
        raise ValidationError({"results": BULK_NOTHING_CHOSEN})
    if action == ResultAction.RETURN and not message.strip():
        raise ValidationError({"message": RETURN_NEEDS_MESSAGE})
    review = result_validate if action == ResultAction.VALIDATE else result_return
    outcome = BulkReview()
    for result, version in results:
        try:
            outcome.done.append(review(user=user, result=result, message=message, version=version))
        except ApplicationError as error:
            outcome.refused.append((result, str(error.message)))
    return outcome
