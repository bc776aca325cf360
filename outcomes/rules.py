"""The rules of the results framework that services, selectors and imports of every app share, with their messages.

"Is the biennium open?" is asked here and only here: every write to a biennium's results, targets,
uploads or narratives calls `biennium_ensure_open`, and pages that say why an action is not offered show
`biennium_refusal`.
"""

from django.utils.translation import gettext_lazy as _

from outcomes.models import Biennium
from rbm.exceptions import ApplicationError

BIENNIUM_CLOSED = _("The biennium %(biennium)s is closed; nothing in it can change.")


def biennium_refusal(*, biennium: Biennium) -> str:
    """Why nothing in the biennium may change: BIENNIUM_CLOSED while it is closed, "" while it is open."""
    return str(BIENNIUM_CLOSED % {"biennium": biennium.label}) if biennium.is_closed else ""


def biennium_ensure_open(*, biennium: Biennium) -> None:
    """Refuse any change to a closed biennium with BIENNIUM_CLOSED (an ApplicationError)."""
    refusal = biennium_refusal(biennium=biennium)
    if refusal:
        raise ApplicationError(refusal)
