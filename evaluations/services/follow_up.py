"""Follow-up to recommendations: actions, progress updates, and noting that an overdue action's owners were told."""

import datetime
import logging
from typing import TypedDict

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from evaluations.models import FollowUpAction, ProgressUpdate, Recommendation
from evaluations.rules import evaluation_edit_check
from indicators.counts_cache import counts_cache_invalidate
from rbm.services import model_create, model_update

logger = logging.getLogger(__name__)

DESCRIPTION_REQUIRED = _("Say what is to be done.")
UNIT_REQUIRED = _("Name the unit responsible, e.g. SOCPRO.")
UPDATE_TEXT_REQUIRED = _("Say what progress was made.")
UPDATE_IN_FUTURE = _("A progress update cannot be dated after today (%(today)s).")
COMPLETED_IN_FUTURE = _("An action cannot be completed after today (%(today)s).")
UNKNOWN_STATUS = _("“%(status)s” is not a status of a follow-up action.")


def _check_action(*, description: str, unit: str) -> None:
    errors: dict[str, str | Promise] = {}
    if not description.strip():
        errors["description"] = DESCRIPTION_REQUIRED
    if not unit.strip():
        errors["unit"] = UNIT_REQUIRED
    if errors:
        raise ValidationError(errors)


class StatusValues(TypedDict):
    status: str
    completed_on: datetime.date | None
    cancellation_reason: str


def _status_values(
    *, status: str, day: datetime.date, cancellation_reason: str, completed_on: datetime.date | None
) -> StatusValues:
    """The fields a status brings with it: a completion date, a cancellation reason, or neither."""
    if status not in FollowUpAction.Status.values:
        raise ValidationError({"status": UNKNOWN_STATUS % {"status": status}})
    today = timezone.localdate()
    completed_on = completed_on or day if status == FollowUpAction.Status.COMPLETED else None
    if completed_on and completed_on > today:
        raise ValidationError({"completed_on": COMPLETED_IN_FUTURE % {"today": today.isoformat()}})
    reason = cancellation_reason.strip() if status == FollowUpAction.Status.CANCELLED else ""
    return StatusValues(status=status, completed_on=completed_on, cancellation_reason=reason)


@transaction.atomic
def follow_up_action_create(
    *,
    user: User | None,
    recommendation: Recommendation,
    description: str,
    unit: str,
    owner: User | None = None,
    due_date: datetime.date | None = None,
) -> FollowUpAction:
    """Plan an action on a recommendation: what, which unit (and optionally who), by when."""
    evaluation_edit_check(user=user, evaluation=recommendation.evaluation)
    _check_action(description=description, unit=unit)
    values = {
        "recommendation": recommendation,
        "description": description.strip(),
        "unit": unit.strip(),
        "owner": owner,
        "due_date": due_date,
        "created_by": user,
    }
    action = model_create(model=FollowUpAction, data=values, user=user, reason="Planned")
    counts_cache_invalidate()  # the dashboard's follow-up counts each recommendation by its actions
    return action


@transaction.atomic
def follow_up_action_update(
    *,
    user: User | None,
    action: FollowUpAction,
    description: str,
    unit: str,
    owner: User | None = None,
    due_date: datetime.date | None = None,
    status: str = FollowUpAction.Status.NOT_STARTED,
    cancellation_reason: str = "",
    completed_on: datetime.date | None = None,
) -> bool:
    """Edit an action; a new due date re-arms its overdue notice. Return whether anything changed."""
    action = FollowUpAction.objects.select_for_update().get(pk=action.pk)
    evaluation_edit_check(user=user, evaluation=action.recommendation.evaluation)
    _check_action(description=description, unit=unit)
    values = {
        "description": description.strip(),
        "unit": unit.strip(),
        "owner": owner,
        "due_date": due_date,
        **_status_values(
            status=status,
            day=timezone.localdate(),
            cancellation_reason=cancellation_reason,
            completed_on=completed_on or action.completed_on,
        ),
    }
    _, changed = model_update(instance=action, data=values, user=user, reason="Edited")
    if changed:
        counts_cache_invalidate()
    return changed


@transaction.atomic
def progress_update_record(
    *,
    user: User | None,
    action: FollowUpAction,
    date: datetime.date,
    text: str,
    evidence: str = "",
    evidence_url: str = "",
    status: str = "",
    cancellation_reason: str = "",
) -> ProgressUpdate:
    """Record dated progress on an action with its evidence, moving the action to a new status if given."""
    action = FollowUpAction.objects.select_for_update().get(pk=action.pk)
    evaluation_edit_check(user=user, evaluation=action.recommendation.evaluation)
    today = timezone.localdate()
    errors: dict[str, str | Promise] = {}
    if not text.strip():
        errors["text"] = UPDATE_TEXT_REQUIRED
    if date > today:
        errors["date"] = UPDATE_IN_FUTURE % {"today": today.isoformat()}
    if errors:
        raise ValidationError(errors)
    if status and status != action.status:
        values = _status_values(status=status, day=date, cancellation_reason=cancellation_reason, completed_on=None)
        model_update(instance=action, data=dict(values), user=user, reason="Progress update")
        counts_cache_invalidate()
    update = {
        "action": action,
        "date": date,
        "text": text.strip(),
        "evidence": evidence.strip(),
        "evidence_url": evidence_url.strip(),
        "status_after": action.status,
        "recorded_by": user,
    }
    return model_create(model=ProgressUpdate, data=update, user=user)


def follow_up_action_overdue_noted(*, action_id: int) -> None:
    """Note that the owners of an overdue action were told about its current due date."""
    FollowUpAction.objects.filter(pk=action_id).update(overdue_notice_for=F("due_date"))
