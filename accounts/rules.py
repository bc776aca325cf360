"""Sign-in rules and their messages: lock-outs, two-factor codes, idle sessions."""

from django.utils.translation import gettext_lazy as _

LOCKED_OUT = _(
    "Too many failed sign-ins for this account from your address. Signing in is refused for %(minutes)s "
    "minutes; try again after that, or reset your password."
)
TWO_FACTOR_CODE_WRONG = _(
    "That code is not right. Enter the 6-digit code your authenticator app shows now (check the phone's clock)."
)
TWO_FACTOR_THROTTLED = _("Too many wrong codes in a row. Wait a little, then enter the current code.")
TWO_FACTOR_NEEDED = _("Enter the code from your authenticator app to finish signing in.")
TWO_FACTOR_ENROL_NEEDED = _("Your role requires two-factor sign-in. Set up an authenticator app before going on.")
TWO_FACTOR_API_REFUSED = _(
    "Two-factor sign-in is not complete for this session: finish it at /accounts/two-factor/ first."
)
TWO_FACTOR_ENABLED = _("Two-factor sign-in is on: from now on you enter a code from your app after your password.")
TWO_FACTOR_DISABLED = _("Two-factor sign-in is off.")
TWO_FACTOR_REQUIRED_CANNOT_DISABLE = _("Your role requires two-factor sign-in: it cannot be turned off.")

# A form sent after the session ended (accounts.kept_forms).
KEPT_FORM_NOTICE = _("You were signed out; your text is kept, check and save again.")
KEPT_FORM_FILES = _("Files cannot be kept: attach them again (%(names)s).")
KEPT_FORM_INCOMPLETE = _("Part of what you typed was too long to keep: the last fields of the form are empty.")
