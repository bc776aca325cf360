"""Reading the biennia with their closing and reopening log."""

from django.db.models import Prefetch, QuerySet

from indicators.models import BienniumStatusChange
from outcomes.models import Biennium
from outcomes.selectors import biennium_list


def biennium_status_list() -> QuerySet[Biennium]:
    """Every biennium with its closing and reopening log, newest change first."""
    changes = BienniumStatusChange.objects.select_related("changed_by")
    return biennium_list().prefetch_related(Prefetch("status_changes", queryset=changes))
