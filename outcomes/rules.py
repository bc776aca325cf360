"""The rules of the results framework that services, selectors and imports of every app share, with their messages.

"Is the biennium open?" is asked here and only here: every write to a biennium's results, targets,
uploads or narratives calls `biennium_ensure_open`, and pages that say why an action is not offered show
`biennium_refusal`. Who may edit an outcome's narrative is decided here too, for its service and its pages.
"""

from django.utils.translation import gettext_lazy as _

from accounts.selectors import AnyUser, user_scope
from outcomes.models import Biennium, Outcome
from rbm.exceptions import ApplicationError

BIENNIUM_CLOSED = _("The biennium %(biennium)s is closed; nothing in it can change.")
OUTCOME_UNKNOWN = _("There is no outcome %(number)s in %(biennium)s.")
EDITION_NOT_ALLOWED = _("Only managers and administrators may publish an edition of the report.")
NARRATIVE_NOT_ALLOWED = _("Only managers and administrators responsible for this outcome may edit its narrative.")


def biennium_refusal(*, biennium: Biennium) -> str:
    """Why nothing in the biennium may change: BIENNIUM_CLOSED while it is closed, "" while it is open."""
    return str(BIENNIUM_CLOSED % {"biennium": biennium.label}) if biennium.is_closed else ""


def biennium_ensure_open(*, biennium: Biennium) -> None:
    """Refuse any change to a closed biennium with BIENNIUM_CLOSED (an ApplicationError)."""
    refusal = biennium_refusal(biennium=biennium)
    if refusal:
        raise ApplicationError(refusal)


def outcome_narrative_can_edit(*, user: AnyUser, outcome: Outcome) -> bool:
    """Managers and administrators edit the narratives of the outcomes in their scope.

    A narrative speaks for the whole outcome, not one region, so only the outcome scope applies.
    """
    scope = user_scope(user=user)
    return scope.can_validate and scope.covers_outcome(outcome.pk)


def edition_can_publish(*, user: AnyUser) -> bool:
    """Managers and administrators publish editions: an edition speaks for the whole programme."""
    return user_scope(user=user).can_validate
