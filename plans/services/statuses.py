"""Saying where a key output stands in a biennium: a new status record each time, so nothing is lost."""

from django.core.exceptions import ValidationError

from accounts.selectors import AnyUser, user_scope
from indicators.counts_cache import counts_cache_invalidate
from outcomes.models import Biennium
from outcomes.rules import biennium_ensure_open
from plans.models import KeyOutput, KeyOutputStatus
from plans.rules import (
    BIENNIUM_OUTSIDE_PLAN,
    EVIDENCE_LIMIT,
    EVIDENCE_TOO_LONG,
    REASON_REQUIRED,
    STATUS_REFUSED,
    may_report_status,
)
from rbm.exceptions import NotAllowed
from rbm.services import model_create


def key_output_status_record(
    *,
    user: AnyUser,
    key_output: KeyOutput,
    biennium: Biennium,
    status: str,
    reason: str = "",
    evidence: str = "",
) -> KeyOutputStatus:
    """Record a key output's status for a biennium, by a manager or officer of the plan's outcome."""
    plan = key_output.means.activity.category.revision.plan
    if not may_report_status(scope=user_scope(user=user), outcome_id=plan.outcome_id):
        raise NotAllowed(STATUS_REFUSED)
    biennium_ensure_open(biennium=biennium)
    errors: dict[str, object] = {}
    if biennium.end_year < plan.period_start or biennium.start_year > plan.period_end:
        errors["biennium"] = BIENNIUM_OUTSIDE_PLAN % {"biennium": biennium.label, "period": plan.period}
    reason, evidence = reason.replace("\x00", "").strip(), evidence.replace("\x00", "").strip()
    if status == KeyOutputStatus.Status.DROPPED and not reason:
        errors["reason"] = REASON_REQUIRED
    if len(evidence) > EVIDENCE_LIMIT:
        errors["evidence"] = EVIDENCE_TOO_LONG % {"limit": EVIDENCE_LIMIT}
    if len(reason) > EVIDENCE_LIMIT:
        errors["reason"] = EVIDENCE_TOO_LONG % {"limit": EVIDENCE_LIMIT}
    if errors:
        raise ValidationError(errors)
    counts_cache_invalidate()  # the dashboard's plans section counts key outputs by status
    return model_create(
        model=KeyOutputStatus,
        data={
            "key_output": key_output,
            "biennium": biennium,
            "status": status,
            "reason": reason,
            "evidence": evidence,
            "recorded_by": user if user is not None and user.is_authenticated else None,
        },
        user=user if user is not None and user.is_authenticated else None,
    )
