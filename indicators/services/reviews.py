"""Reviewing submitted results: validating them so they count, returning them with a message, reopening
validated ones for correction."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from indicators.models import Result
from indicators.rules import SELF_VALIDATION, ResultAction, result_transition_check, self_validation
from indicators.services.common import result_fresh_check, result_lock, result_save, result_scope_check_for
from indicators.services.framework import biennium_ensure_open
from rbm.exceptions import NotAllowed

RETURN_NEEDS_MESSAGE = _("Say why the result is returned, so the officer knows what to fix.")

REOPEN_NEEDS_REASON = _("Give the reason for reopening this validated result.")


def _review(*, user, result: Result, version: int | None) -> Result:
    current = result_lock(result=result)
    biennium_ensure_open(biennium=current.biennium)
    result_scope_check_for(user=user, indicator=current.indicator, place=current.place, review=True)
    result_fresh_check(result=current, version=version)
    return current


@transaction.atomic
def result_validate(*, user, result: Result, message: str = "", version: int | None = None) -> Result:
    """Validate a submitted result, so that it counts. Nobody validates what they recorded or last edited."""
    current = _review(user=user, result=result, version=version)
    result_transition_check(action=ResultAction.VALIDATE, result=current)
    if self_validation(user_id=user.pk, result=current):
        raise NotAllowed(SELF_VALIDATION)
    current.status = Result.Status.VALIDATED
    current.reviewed_by = user
    current.reviewed_at = timezone.now()
    current.review_message = message.strip()
    current.version += 1
    return result_save(result=current, user=user, reason=message.strip() or "Validated")


@transaction.atomic
def result_return(*, user, result: Result, message: str, version: int | None = None) -> Result:
    """Return a submitted result to its officer with a message saying what to fix."""
    if not message.strip():
        raise ValidationError({"message": RETURN_NEEDS_MESSAGE})
    current = _review(user=user, result=result, version=version)
    result_transition_check(action=ResultAction.RETURN, result=current)
    current.status = Result.Status.RETURNED
    current.reviewed_by = user
    current.reviewed_at = timezone.now()
    current.review_message = message.strip()
    current.version += 1
    return result_save(result=current, user=user, reason=message.strip())


@transaction.atomic
def result_reopen(*, user, result: Result, reason: str, version: int | None = None) -> Result:
    """Unlock a validated result so it can be corrected; it stops counting until validated again."""
    if not reason.strip():
        raise ValidationError({"reason": REOPEN_NEEDS_REASON})
    current = _review(user=user, result=result, version=version)
    result_transition_check(action=ResultAction.REOPEN, result=current)
    current.status = Result.Status.RETURNED
    current.reviewed_by = user
    current.reviewed_at = timezone.now()
    current.review_message = reason.strip()
    current.version += 1
    return result_save(result=current, user=user, reason=reason.strip())
