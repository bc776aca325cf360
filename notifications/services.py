"""Telling people: notifications created with the change that causes them, emails queued once it commits.

The result services announce submissions and reviews through `rbm.events`; this app listens (registered in
`NotificationsConfig.ready`). Follow-up reminders come from a daily task. Every notification shows in the
site; it is also emailed, by a Celery task after commit, when its recipient chose so.
"""

import datetime
import logging
from functools import partial

from django.conf import settings
from django.contrib.auth.models import User
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation

from evaluations.models import FollowUpAction
from evaluations.selectors import follow_up_action_for_reminder, follow_up_action_people
from evaluations.services import follow_up_action_overdue_noted
from indicators.models import Result
from notifications.models import Notification, NotificationPreference
from notifications.rules import DUE_SOON_DAYS, NOTIFICATION_UNKNOWN, Kind
from notifications.selectors import (
    notification_preference_get,
    notification_subject,
    notification_target,
    notification_text,
    notification_wants_email,
    result_officers,
    result_reviewers,
)
from rbm.events import RESULT_RETURNED, RESULT_SUBMITTED, RESULT_VALIDATED, event_listen
from rbm.exceptions import NotAllowed

logger = logging.getLogger(__name__)


def notifications_listen() -> None:
    """Register this app's listeners for the events the result services announce."""
    event_listen(name=RESULT_SUBMITTED, listener=result_submitted_notify)
    event_listen(name=RESULT_VALIDATED, listener=partial(result_reviewed_notify, kind=Kind.RESULT_VALIDATED))
    event_listen(name=RESULT_RETURNED, listener=partial(result_reviewed_notify, kind=Kind.RESULT_RETURNED))


def notification_create(
    *,
    recipient: User,
    kind: str,
    actor: User | None = None,
    result: Result | None = None,
    action: FollowUpAction | None = None,
    message: str = "",
    due_date: datetime.date | None = None,
) -> Notification:
    """Tell one user something; the email (if they want it) is queued once the transaction commits."""
    notification = Notification(
        recipient=recipient, kind=kind, actor=actor, result=result, action=action, message=message, due_date=due_date
    )
    notification.full_clean(exclude=["recipient", "actor", "result", "action"])
    notification.save()
    if notification_wants_email(notification=notification):
        transaction.on_commit(partial(_email_queue, notification_id=notification.pk), robust=True)
    return notification


def _email_queue(*, notification_id: int) -> None:
    # The task calls the services: imported here, the one circle the layers allow.
    from notifications.tasks import notification_email

    notification_email.delay(notification_id=notification_id)


def result_submitted_notify(*, result: Result, user: User, **_payload: object) -> list[Notification]:
    """Tell the managers whose scope covers a submitted result that it waits for them (not its submitter)."""
    return [
        notification_create(recipient=manager, kind=Kind.RESULT_SUBMITTED, actor=user, result=result)
        for manager in result_reviewers(result=result)
        if manager.pk != user.pk
    ]


def result_reviewed_notify(*, result: Result, user: User, kind: str, message: str = "", **_payload: object) -> list:
    """Tell the officers who recorded and last edited a result that it was validated or returned (and why)."""
    return [
        notification_create(recipient=officer, kind=kind, actor=user, result=result, message=message)
        for officer in result_officers(result=result)
        if officer.pk != user.pk
    ]


@transaction.atomic
def notification_email_send(*, notification_id: int) -> bool:
    """Email one notification; does nothing (False) if it is gone, already emailed or no longer wanted.

    The row is locked and re-checked, so a retried or duplicated task sends one email.
    """
    locked = Notification.objects.select_for_update().filter(pk=notification_id, emailed_at__isnull=True)
    if not locked.exists():
        return False
    notification = Notification.objects.select_related(
        "recipient",
        "actor",
        "result__place",
        "result__indicator",
        "result__biennium",
        "action__recommendation__evaluation",
    ).get(pk=notification_id)
    if not notification_wants_email(notification=notification):
        return False
    # In the recipient's language: the words, and the content (statements, place names) they name.
    language = notification_preference_get(user=notification.recipient).language or settings.LANGUAGE_CODE
    with translation.override(language):
        context = {
            "notification": notification,
            "text": notification_text(notification=notification),
            "url": settings.SITE_URL.rstrip("/") + (notification_target(notification=notification) or "/"),
        }
        subject = " ".join(notification_subject(notification=notification).split())
        body = render_to_string("notifications/email/body.txt", context)
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [notification.recipient.email])
    Notification.objects.filter(pk=notification_id).update(emailed_at=timezone.now())
    return True


def notification_read(*, user: User, notification: Notification) -> Notification:
    """Mark one of the user's notifications read (opening it does)."""
    if notification.recipient_id != user.pk:
        raise NotAllowed(NOTIFICATION_UNKNOWN)
    if notification.read_at is None:
        notification.read_at = timezone.now()
        Notification.objects.filter(pk=notification.pk, read_at__isnull=True).update(read_at=notification.read_at)
    return notification


def notifications_read_all(*, user: User) -> int:
    """Mark every unread notification of the user read; return how many."""
    return Notification.objects.filter(recipient=user, read_at__isnull=True).update(read_at=timezone.now())


@transaction.atomic
def notification_preference_set(
    *, user: User, email_reviews: bool, email_submissions: bool, email_follow_up: bool, language: str = ""
) -> NotificationPreference:
    """Save which notifications the user also receives by email, and in which language."""
    preference, _created = NotificationPreference.objects.select_for_update().get_or_create(user=user)
    preference.email_reviews = email_reviews
    preference.email_submissions = email_submissions
    preference.email_follow_up = email_follow_up
    preference.language = language
    preference.full_clean()
    preference.save()
    return preference


def _reminder_kind(*, action: FollowUpAction, today: datetime.date) -> str | None:
    if not action.is_open or action.due_date is None:
        return None
    if action.due_date < today:
        return Kind.ACTION_OVERDUE
    if action.due_date <= today + datetime.timedelta(days=DUE_SOON_DAYS):
        return Kind.ACTION_DUE_SOON
    return None


@transaction.atomic
def follow_up_action_remind(*, action_id: int, today: datetime.date) -> int:
    """Tell an action's owner (else its unit's members) that it is due soon or overdue, once per due date.

    Returns how many people were told now. Safe to run twice: a reminder already given is not repeated (the
    database holds one per person, action, kind and due date). With nobody to tell, nothing is noted and the
    next run tries again.
    """
    action = follow_up_action_for_reminder(action_id=action_id)
    if action is None or (kind := _reminder_kind(action=action, today=today)) is None:
        return 0
    people = follow_up_action_people(action=action)
    if not people:
        logger.warning("Follow-up action %s falls due but has no owner or unit member to tell.", action.pk)
        return 0
    told_already = set(
        Notification.objects.filter(action=action, kind=kind, due_date=action.due_date).values_list(
            "recipient_id", flat=True
        )
    )
    told = 0
    for person in people:
        if person.pk in told_already:
            continue
        try:
            with transaction.atomic():
                notification_create(recipient=person, kind=kind, action=action, due_date=action.due_date)
        except IntegrityError:
            continue  # another run told them a moment ago
        told += 1
    if kind == Kind.ACTION_OVERDUE:
        follow_up_action_overdue_noted(action_id=action.pk)
    return told
