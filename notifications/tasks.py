"""Background jobs of notifications: each email, and the daily search for follow-up actions falling due."""

import datetime
import logging
import smtplib

from celery import shared_task
from django.utils import timezone

from evaluations.selectors import follow_up_action_due_soon_list, follow_up_action_overdue_list
from notifications.rules import DUE_SOON_DAYS
from notifications.services import follow_up_action_remind, notification_email_send

logger = logging.getLogger(__name__)

RETRIED = (smtplib.SMTPException, ConnectionError, TimeoutError)


@shared_task(
    name="notifications.email",
    autoretry_for=RETRIED,
    retry_backoff=60,
    retry_backoff_max=3600,
    max_retries=5,
    soft_time_limit=60,
    time_limit=90,
)
def notification_email(*, notification_id: int) -> bool:
    """Email one notification; does nothing if it is gone, already sent or no longer wanted."""
    return notification_email_send(notification_id=notification_id)


@shared_task(name="notifications.follow_up_reminders", soft_time_limit=300, time_limit=360)
def follow_up_reminders_scan() -> int:
    """Queue a reminder for every open action due within a week or overdue whose owners were not told yet.

    Scheduled daily (CELERY_BEAT_SCHEDULE); safe to run any number of times: each reminder is given once per
    person, action, kind and due date.
    """
    today = timezone.localdate()
    pending = sorted(
        set(follow_up_action_due_soon_list(today=today, days=DUE_SOON_DAYS))
        | set(follow_up_action_overdue_list(today=today))
    )
    for action_id in pending:
        follow_up_action_reminder.delay(action_id=action_id, day=today.isoformat())
    logger.info("Follow-up: %d action(s) due soon or overdue to remind on %s.", len(pending), today)
    return len(pending)


@shared_task(
    name="notifications.follow_up_action_reminder",
    autoretry_for=RETRIED,
    retry_backoff=60,
    max_retries=5,
    soft_time_limit=60,
    time_limit=90,
)
def follow_up_action_reminder(*, action_id: int, day: str) -> int:
    """Remind one action's owners; does nothing if the action is gone, done or they were told already."""
    return follow_up_action_remind(action_id=action_id, today=datetime.date.fromisoformat(day))
