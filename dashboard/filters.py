"""The dashboard's filters: what every figure is read for, and reading them from a query string with a
clear message for each bad one."""

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from indicators.models import Indicator
from indicators.rules import INDICATOR_UNKNOWN
from indicators.selectors import indicator_list
from outcomes.models import Biennium, Outcome
from outcomes.rules import OUTCOME_UNKNOWN
from outcomes.selectors import biennium_default, biennium_get, outcome_list
from places.models import Region
from places.rules import REGION_UNKNOWN
from places.selectors import region_list
from rbm.moments import moment_parse

NO_BIENNIUM = _("No biennium is recorded yet.")


@dataclass(frozen=True)
class DashboardFilters:
    biennium: Biennium
    outcome: Outcome | None = None
    region: Region | None = None
    indicator: Indicator | None = None
    # Figures derived from validated results as they stood at this moment (from their history); None: now.
    as_of: datetime | None = None

    def query(self, **extra: object) -> dict[str, object]:
        """The filters as query parameters, for links to the list behind a number."""
        params: dict[str, object] = {"biennium": self.biennium.label}
        if self.outcome is not None:
            params["outcome"] = self.outcome.number
        if self.region is not None:
            params["region"] = self.region.code
        if self.as_of is not None:
            params["as_of"] = self.as_of.isoformat()
        params.update({key: value for key, value in extra.items() if value not in (None, "")})
        return params


def dashboard_filters_read(params: Mapping[str, str]) -> tuple[DashboardFilters, dict[str, list[str]]]:
    """Turn ?biennium=2014-15&outcome=4&region=africa&indicator=4.2&as_of=2016-03-01 into filters and the errors of
    bad fields.

    A bad field is reported and left out, so the page still shows what the good ones select.
    """
    errors = {}
    biennium = None
    if params.get("biennium"):
        try:
            biennium = biennium_get(label=params["biennium"])
        except ValidationError as invalid:
            errors.update(invalid.message_dict)
    if biennium is None:
        biennium = biennium_default()
        if biennium is None:
            raise ValidationError({"biennium": NO_BIENNIUM})

    outcome = region = indicator = None
    if number := params.get("outcome"):
        outcome = outcome_list(biennium=biennium).filter(number=number).first()
        if outcome is None:
            errors["outcome"] = [OUTCOME_UNKNOWN % {"number": number, "biennium": biennium.label}]
    if code := params.get("region"):
        region = next((item for item in region_list() if code in (item.code, item.name)), None)
        if region is None:
            errors["region"] = [REGION_UNKNOWN % {"name": code}]
    if code := params.get("indicator"):
        try:
            indicator = indicator_list(biennium=biennium).get(code=code)
        except Indicator.DoesNotExist:
            errors["indicator"] = [INDICATOR_UNKNOWN % {"code": code, "biennium": biennium.label}]
    as_of = None
    if text := params.get("as_of", "").strip():
        try:
            as_of = moment_parse(text)
        except ValidationError as invalid:
            errors.update(invalid.message_dict)
    filters = DashboardFilters(biennium=biennium, outcome=outcome, region=region, indicator=indicator, as_of=as_of)
    return filters, errors
