"""The rules of plans of action and their messages, shared by services, selectors, imports and views."""

from django.utils.translation import gettext_lazy as _

from accounts.selectors import Scope
from rbm import limits

NO_SYMBOL = _("No document symbol (such as GB.312/POL/2) was found.")
NO_PERIOD = _("The matrix title gives no period of years (such as 2011–19).")
PLAN_UNKNOWN = _("No plan of action has the symbol %(symbol)s.")
PLAN_HAS_NO_MATRIX = _("The plan of action %(symbol)s has no imported matrix to revise.")
REVISION_OF_ITSELF = _("%(symbol)s cannot be a revision of itself.")
REVISION_OF_OTHER_PLAN = _("%(symbol)s is already imported, as a revision of another plan (%(plan)s).")
ORIGINAL_IS_REVISION = _("%(symbol)s is already imported as a revision; import it with --revision-of.")
TARGET_UNKNOWN = _("The plan %(plan)s has no target %(ref)s.")
STATUS_REFUSED = _(
    "Only the managers and officers of the plan's outcome, and administrators, report on its key outputs."
)
BIENNIUM_OUTSIDE_PLAN = _("The biennium %(biennium)s lies outside the plan's period %(period)s.")
REASON_REQUIRED = _("Say why the key output was dropped.")
EVIDENCE_TOO_LONG = _("The evidence is too long (at most %(limit)d characters).")
EVENTS_FILE_EMPTY = _("The file has no events: a line of place,date[,reference] is expected.")
EVENT_COLUMNS = _("Expected place,date[,reference]; the line has %(count)d fields.")
EVENT_DATE = _("“%(value)s” is not a date (YYYY-MM-DD).")
EVENT_PLACE_UNKNOWN = _("“%(name)s” is not a place RBM knows.")
EVENT_PLACE_EMPTY = _("The place is missing.")
EVENT_REFERENCE_TOO_LONG = _("The reference is too long (at most %(limit)d characters).")
EVENT_BEFORE_1919 = _("%(value)s is before the ILO existed.")
EVENT_IN_FUTURE = _("%(value)s is in the future.")
NOT_MEMBER_STATE = _("%(name)s is a territory: member States' obligations concern member States only.")

EVIDENCE_LIMIT = limits.KEY_OUTPUT_STATUS_MAX
REFERENCE_LIMIT = 300


def may_report_status(*, scope: Scope, outcome_id: int | None) -> bool:
    """Managers and officers of the plan's outcome, and administrators, say where its key outputs stand.

    A plan linked to no outcome is global: it needs a scope unrestricted on outcomes.
    """
    if scope.is_administrator:
        return True
    if not scope.can_record:
        return False
    if outcome_id is None:
        return not scope.restricts_outcomes
    return scope.covers_outcome(outcome_id)
