"""Shared set-up of the result entry page and bulk upload tests."""

from django.urls import reverse

from indicators.models import Indicator
from tests.factories import MeasurementCriterionFactory, TargetFactory, biennium, region, user_with_role


def indicator_with_criteria(*, code: str = "9.1", minimum: int = 2, target: int = 1) -> Indicator:
    """An indicator of the 2014-15 framework with three criteria, at least `minimum` of which must be met."""
    indicator = TargetFactory(value=target, indicator__code=code).indicator
    indicator.criteria_rule = Indicator.CriteriaRule.AT_LEAST
    indicator.criteria_minimum = minimum
    indicator.save()
    for number, text in enumerate(
        ("A policy is adopted", "A budget is allocated", "An institution is set up"), start=1
    ):
        MeasurementCriterionFactory(indicator=indicator, number=number, text=text)
    return indicator


def officer(username: str = "ama", region_code: str = "africa"):
    return user_with_role("officer", username=username, regions=[region(region_code)])


def manager(username: str = "kofi", region_code: str = "africa"):
    return user_with_role("manager", username=username, regions=[region(region_code)])


def indicator_url(indicator: Indicator, name: str = "indicator-detail") -> str:
    return reverse(f"indicators:{name}", args=[biennium().label, indicator.code])


def result_url(result, name: str = "result-detail") -> str:
    return reverse(f"indicators:{name}", args=[result.pk])
