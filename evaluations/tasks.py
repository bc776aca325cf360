"""Background jobs of follow-up: the daily search for actions that became overdue, and one notice per action."""

import datetime
import logging
import smtplib

from celery import shared_task
from django.utils import timezone

from evaluations.selectors import follow_up_action_overdue_list
from evaluations.services import follow_up_action_overdue_notify

logger = logging.getLogger(__name__)


@shared_task(
    name="evaluations.follow_up_overdue_scan",
    soft_time_limit=300,
    time_limit=360,
)
def follow_up_overdue_scan() -> int:
    """Find the actions past their due date whose owners have not been told, and queue a notice for each.

    Scheduled daily (CELERY_BEAT_SCHEDULE); safe to run any number of times, since each notice is sent once
    per action and due date.
    """
    today = timezone.localdate()
    pending = follow_up_action_overdue_list(today=today)
    for action_id in pending:
        follow_up_action_overdue_notice.delay(action_id=action_id, day=today.isoformat())
    logger.info("Follow-up: %d overdue action(s) to notify on %s.", len(pending), today)
    return len(pending)


@shared_task(
    name="evaluations.follow_up_action_overdue_notice",
    autoretry_for=(smtplib.SMTPException, ConnectionError, TimeoutError),
    retry_backoff=60,
    retry_backoff_max=3600,
    max_retries=5,
    soft_time_limit=60,
    time_limit=90,
)
def follow_up_action_overdue_notice(*, action_id: int, day: str) -> bool:
    """Email one overdue action's owners; does nothing if the action is gone, done or already notified."""
    return follow_up_action_overdue_notify(action_id=action_id, today=datetime.date.fromisoformat(day))
