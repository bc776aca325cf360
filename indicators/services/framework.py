"""Opening and closing biennia."""

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from accounts.selectors import user_scope
from indicators.models import BienniumStatusChange
from outcomes.models import Biennium
from rbm.exceptions import ApplicationError, NotAllowed

BIENNIUM_CLOSED = _("The biennium %(biennium)s is closed; nothing in it can change.")
BIENNIUM_ALREADY_CLOSED = _("The biennium %(biennium)s is already closed.")
BIENNIUM_NOT_CLOSED = _("The biennium %(biennium)s is open already.")
CLOSE_NEEDS_MANAGER = _("Only a manager or an administrator can close a biennium.")
REOPEN_NEEDS_ADMINISTRATOR = _("Only an administrator can reopen a closed biennium.")
REOPEN_NEEDS_REASON = _("Give the reason for reopening the biennium.")


def biennium_ensure_open(*, biennium: Biennium) -> None:
    if biennium.is_closed:
        raise ApplicationError(BIENNIUM_CLOSED % {"biennium": biennium.label})


@transaction.atomic
def biennium_close(*, user: User, biennium: Biennium, reason: str = "") -> Biennium:
    """Close a biennium: from now on nothing in it changes."""
    if not user_scope(user=user).can_validate:
        raise NotAllowed(CLOSE_NEEDS_MANAGER)
    biennium = Biennium.objects.select_for_update().get(pk=biennium.pk)
    if biennium.is_closed:
        raise ApplicationError(BIENNIUM_ALREADY_CLOSED % {"biennium": biennium.label})
    biennium.is_closed = True
    biennium.save(update_fields=["is_closed"])
    BienniumStatusChange.objects.create(
        biennium=biennium, action=BienniumStatusChange.Action.CLOSED, reason=reason.strip(), changed_by=user
    )
    return biennium


@transaction.atomic
def biennium_reopen(*, user: User, biennium: Biennium, reason: str) -> Biennium:
    """Reopen a closed biennium: an administrator's act, with a reason kept in its log."""
    if not user_scope(user=user).is_administrator:
        raise NotAllowed(REOPEN_NEEDS_ADMINISTRATOR)
    if not reason.strip():
        raise ValidationError({"reason": REOPEN_NEEDS_REASON})
    biennium = Biennium.objects.select_for_update().get(pk=biennium.pk)
    if not biennium.is_closed:
        raise ApplicationError(BIENNIUM_NOT_CLOSED % {"biennium": biennium.label})
    biennium.is_closed = False
    biennium.save(update_fields=["is_closed"])
    BienniumStatusChange.objects.create(
        biennium=biennium, action=BienniumStatusChange.Action.REOPENED, reason=reason.strip(), changed_by=user
    )
    return biennium
