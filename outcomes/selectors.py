import re

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from outcomes.models import Biennium, Outcome

_BIENNIUM_LABEL = re.compile(r"^\s*(\d{4})\s*[-\u2010-\u2015/]\s*(\d{2}|\d{4})\s*$")

BIENNIUM_LABEL_INVALID = _("“%(label)s” is not a biennium; write it as published, e.g. 2014-15.")
BIENNIUM_UNKNOWN = _("There is no biennium %(label)s.")


def biennium_list() -> QuerySet[Biennium]:
    return Biennium.objects.select_related("framework").order_by("start_year")


def biennium_get(*, label: str) -> Biennium:
    """Return the biennium a label such as "2014-15" (or "2014-2015") names."""
    match = _BIENNIUM_LABEL.match(label or "")
    if match is None:
        raise ValidationError({"biennium": BIENNIUM_LABEL_INVALID % {"label": label}})
    start_year, end = int(match.group(1)), match.group(2)
    if int(end[-2:]) != (start_year + 1) % 100:
        raise ValidationError({"biennium": BIENNIUM_LABEL_INVALID % {"label": label}})
    try:
        return biennium_list().get(start_year=start_year)
    except Biennium.DoesNotExist:
        raise ValidationError({"biennium": BIENNIUM_UNKNOWN % {"label": label}}) from None


def biennium_default() -> Biennium | None:
    """The latest biennium that has results or targets, else the latest one."""
    with_data = biennium_list().filter(targets__isnull=False).order_by("-start_year").first()
    return with_data or biennium_list().order_by("-start_year").first()


def outcome_list(*, biennium: Biennium) -> QuerySet[Outcome]:
    return Outcome.objects.filter(framework_id=biennium.framework_id).order_by("position", "number")
