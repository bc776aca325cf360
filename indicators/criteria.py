"""Whether a result meets its indicator's measurement criteria rule."""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from indicators.models import Indicator

CRITERIA_UNKNOWN = _("Criterion %(number)s does not exist for indicator %(code)s.")
CRITERIA_SHORT_ALL = _(
    "%(met)d of the %(total)d measurement criteria are met; indicator %(code)s requires all of them."
)
CRITERIA_SHORT_AT_LEAST = _(
    "%(met)d of the %(total)d measurement criteria are met; indicator %(code)s requires at least %(minimum)d."
)


@dataclass(frozen=True)
class CriteriaAssessment:
    met: int
    total: int
    satisfied: bool
    warning: str


def criteria_assess(*, indicator: Indicator, met: list[int], criterion_numbers: list[int]) -> CriteriaAssessment:
    """Assess the criteria met against the rule; a result falling short may still be submitted, with the warning."""
    total = len(criterion_numbers)
    count = len(set(met) & set(criterion_numbers))
    if total == 0:
        return CriteriaAssessment(met=0, total=0, satisfied=True, warning="")
    if indicator.criteria_rule == Indicator.CriteriaRule.ALL:
        satisfied = count == total
        warning = "" if satisfied else CRITERIA_SHORT_ALL % {"met": count, "total": total, "code": indicator.code}
    else:
        minimum = min(indicator.criteria_minimum, total)
        satisfied = count >= minimum
        warning = (
            ""
            if satisfied
            else CRITERIA_SHORT_AT_LEAST % {"met": count, "total": total, "code": indicator.code, "minimum": minimum}
        )
    return CriteriaAssessment(met=count, total=total, satisfied=satisfied, warning=str(warning))
