"""What the result services share: locking a result, saving it with its history, refusing a stale change,
and checking the user's role and scope."""

from django.contrib.auth.models import User
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from accounts.selectors import user_scope
from indicators.counts_cache import counts_cache_invalidate
from indicators.models import Indicator, Result
from indicators.rules import result_scope_check
from indicators.selectors.results import result_changes_since
from places.models import Place
from rbm.exceptions import ConflictError
from rbm.fields import text_limits_check
from rbm.services import history_mark
from rbm.template_library import person

STALE_EDIT = _(
    "%(who)s changed this result on %(when)s, after you opened it; your changes were not saved. "
    "Review what changed and apply yours again."
)
STALE_ACTION = _(
    "%(who)s changed this result on %(when)s, after you opened it, so nothing was done. "
    "Review what changed below, then try again."
)


def result_scope_check_for(*, user: User, indicator: Indicator, place: Place, review: bool = False) -> None:
    """Refuse a user whose role or scope does not allow recording (or reviewing) this result."""
    result_scope_check(scope=user_scope(user=user), indicator=indicator, place=place, review=review)


def result_save(*, result: Result, user: User, reason: str) -> Result:
    """Save the result, naming who changed it and why in its history; the counts derived from results are dropped."""
    text_limits_check(result)
    counts_cache_invalidate()
    history_mark(result, user=user, reason=reason)
    result.save()
    return result


def result_lock(*, result: Result) -> Result:
    """Re-read the result under a row lock, so two concurrent writers are serialised."""
    return Result.objects.select_for_update().select_related("indicator", "biennium", "place").get(pk=result.pk)


def result_fresh_check(*, result: Result, version: int | None, editing: bool = False) -> None:
    """Refuse (409) a change to a result someone else changed since the user read `version`.

    `editing` says the user sent changes of their own (STALE_EDIT); a submit or review sent none (STALE_ACTION).
    """
    if version is None or int(version) == result.version:
        return
    changes = result_changes_since(result=result, version=int(version))
    latest = result.history.select_related("history_user").first()
    who = person(latest.history_user) if latest and latest.history_user else _("Someone")
    when = date_format(timezone.localtime(latest.history_date), "DATETIME_FORMAT") if latest else ""
    raise ConflictError(
        (STALE_EDIT if editing else STALE_ACTION) % {"who": who, "when": when},
        extra={"version": result.version, "changes": changes},
    )
