"""Reading a moment a user names ("2016-03-01", "2016-03-01T12:00", "2016-03-01T12:00:00+01:00").

Figures "as of" a moment are read from the kept history; the moment is read the same way by the commands,
the API and the pages, with one message for what cannot be read.
"""

from datetime import datetime, time

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import gettext_lazy as _

MOMENT_UNREADABLE = _(
    "“%(value)s” is not a date or a date and time; write it as 2016-03-01 or 2016-03-01T12:00 (ISO 8601)."
)
MOMENT_IN_FUTURE = _("%(value)s is in the future; figures can only be read as of a moment that has passed.")
MOMENT_MAX_LENGTH = 40


def moment_parse(value: str, *, field: str = "as_of") -> datetime:
    """The aware moment `value` names: a date alone means the end of that day, a time without an offset is
    in the site's time zone. Raises ValidationError (on `field`) for anything else, or a moment to come."""
    text = (value or "").strip()
    moment = None
    if len(text) <= MOMENT_MAX_LENGTH and "\x00" not in text:
        try:
            day = parse_date(text)
            moment = datetime.combine(day, time.max) if day is not None else parse_datetime(text)
        except ValueError:
            moment = None
    if moment is None:
        raise ValidationError({field: MOMENT_UNREADABLE % {"value": text[:MOMENT_MAX_LENGTH]}})
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment)
    if moment > timezone.now():
        raise ValidationError({field: MOMENT_IN_FUTURE % {"value": text}})
    return moment
