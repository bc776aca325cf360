"""What each kind of notification says, which email choice governs it, and when an action is "due soon"."""

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from notifications.models import Notification

Kind = Notification.Kind

# An open follow-up action falling due within this many days is "due soon".
DUE_SOON_DAYS = 7

TEXTS: dict[str, Promise] = {
    Kind.RESULT_RETURNED: _("%(actor)s returned your result for %(result)s under indicator %(code)s (%(biennium)s)."),
    Kind.RESULT_VALIDATED: _(
        "%(actor)s validated your result for %(result)s under indicator %(code)s (%(biennium)s); it now counts."
    ),
    Kind.RESULT_SUBMITTED: _(
        "%(actor)s submitted the result for %(result)s under indicator %(code)s (%(biennium)s) for validation."
    ),
    Kind.ACTION_DUE_SOON: _("The follow-up action “%(action)s” (%(unit)s) is due on %(due)s."),
    Kind.ACTION_OVERDUE: _("The follow-up action “%(action)s” (%(unit)s) was due on %(due)s and is overdue."),
}

SUBJECTS: dict[str, Promise] = {
    Kind.RESULT_RETURNED: _("Result returned: %(result)s, indicator %(code)s"),
    Kind.RESULT_VALIDATED: _("Result validated: %(result)s, indicator %(code)s"),
    Kind.RESULT_SUBMITTED: _("Result to validate: %(result)s, indicator %(code)s"),
    Kind.ACTION_DUE_SOON: _("Follow-up action due on %(due)s (%(unit)s)"),
    Kind.ACTION_OVERDUE: _("Overdue follow-up action (%(unit)s, due %(due)s)"),
}

# The preference (a field of NotificationPreference) that decides whether a kind is also emailed.
EMAIL_CHOICE: dict[str, str] = {
    Kind.RESULT_RETURNED: "email_reviews",
    Kind.RESULT_VALIDATED: "email_reviews",
    Kind.RESULT_SUBMITTED: "email_submissions",
    Kind.ACTION_DUE_SOON: "email_follow_up",
    Kind.ACTION_OVERDUE: "email_follow_up",
}

NOTIFICATION_UNKNOWN = _("There is no such notification of yours.")
