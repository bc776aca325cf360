import contextlib
import datetime
import uuid

import pytest
import time_machine
from django.conf import settings
from django.core import mail
from django.test import TestCase

from evaluations.models import FollowUpAction
from evaluations.selectors import follow_up_action_overdue_list
from evaluations.services import follow_up_action_update
from notifications.models import Notification
from notifications.selectors import notification_list, notification_text
from notifications.services import notification_preference_set
from notifications.tasks import follow_up_reminders_scan
from tests.evaluations.factories import FollowUpActionFactory, RecommendationFactory
from tests.factories import UserFactory, user_with_role

DUE = datetime.date(2021, 3, 31)


def scan() -> int:
    """The daily job, with the emails each reminder queues on commit run as a worker would."""
    with TestCase.captureOnCommitCallbacks(execute=True):
        return follow_up_reminders_scan()


def test_the_daily_job_is_scheduled_every_morning():
    entry = settings.CELERY_BEAT_SCHEDULE["notifications-follow-up-reminders"]

    assert entry["task"] == "notifications.follow_up_reminders"
    assert (entry["schedule"].hour, entry["schedule"].minute) == ({6}, {0})


@time_machine.travel(datetime.datetime(2021, 4, 1, 6, 0, tzinfo=datetime.UTC))
def test_the_daily_job_tells_the_owner_of_an_action_that_became_overdue_in_the_site_and_by_email(db):
    owner = UserFactory(username="amina", email="amina@example.org")
    action = FollowUpActionFactory(
        owner=owner,
        due_date=DUE,
        description="Publish the guide on extending coverage",
        recommendation=RecommendationFactory(number=4, evaluation__title="Evaluation of social security"),
    )
    FollowUpActionFactory(due_date=datetime.date(2021, 4, 30), owner=owner)  # due in a month: not yet

    sent = scan()

    assert sent == 1
    assert [notification_text(notification=item) for item in notification_list(user=owner)] == [
        "The follow-up action “Publish the guide on extending coverage” (SOCPRO) was due on 31 March 2021 "
        "and is overdue."
    ]
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["amina@example.org"]
    assert message.subject == "Overdue follow-up action (SOCPRO, due 31 March 2021)"
    assert "Evaluation: Evaluation of social security" in message.body
    assert "Recommendation 4:" in message.body
    assert f"http://127.0.0.1:8000/evaluations/actions/{action.pk}/" in message.body
    action.refresh_from_db()
    assert action.overdue_notice_for == DUE


def test_the_overdue_reminder_is_given_once_per_action_and_due_date(db):
    owner = UserFactory(email="owner@example.org")
    officer = user_with_role("officer")
    action = FollowUpActionFactory(owner=owner, due_date=DUE)

    with time_machine.travel(datetime.date(2021, 4, 1)):
        first = scan()
    with time_machine.travel(datetime.date(2021, 4, 2)):
        second = scan()
        follow_up_action_update(
            user=officer,
            action=action,
            description=action.description,
            unit=action.unit,
            owner=owner,
            due_date=datetime.date(2021, 4, 30),
            status=FollowUpAction.Status.IN_PROGRESS,
        )
    with time_machine.travel(datetime.date(2021, 5, 3)):
        after_the_new_due_date = scan()
        again = scan()

    assert (first, second, after_the_new_due_date, again) == (1, 0, 1, 0)
    assert len(mail.outbox) == 2


@time_machine.travel(datetime.date(2021, 4, 1))
def test_without_an_owner_the_units_members_are_told(db):
    user_with_role("officer", unit="SOCPRO", username="ana")  # emails are username@example.org
    user_with_role("officer", unit="EVAL", username="ben")
    FollowUpActionFactory(unit="socpro", due_date=DUE)

    scan()

    assert [message.to for message in mail.outbox] == [["ana@example.org"]]


@time_machine.travel(datetime.date(2021, 4, 1))
def test_an_action_nobody_can_be_told_about_stays_pending_for_the_next_run(db):
    action = FollowUpActionFactory(unit="NOBODY", due_date=DUE)

    scan()

    assert Notification.objects.count() == 0
    assert follow_up_action_overdue_list(today=datetime.date(2021, 4, 1)) == [action.pk]


@time_machine.travel(datetime.date(2021, 4, 1))
def test_completed_and_cancelled_actions_are_never_overdue(db):
    owner = UserFactory(email="owner@example.org")
    FollowUpActionFactory(owner=owner, due_date=DUE, status="completed", completed_on=DUE)
    FollowUpActionFactory(owner=owner, due_date=DUE, status="cancelled", cancellation_reason="Superseded")
    FollowUpActionFactory(owner=owner, due_date=None)

    assert scan() == 0
    assert Notification.objects.count() == 0


@contextlib.contextmanager
def notices_queued_on(url: str, queue: str):
    """Queue the notice task on a real broker (in its own queue) instead of running it eagerly."""
    from rbm.celery import app

    saved = {
        "broker_url": app.conf.broker_url,
        "task_always_eager": app.conf.task_always_eager,
        "task_routes": app.conf.task_routes,
    }
    app.conf.update(
        broker_url=url,
        task_always_eager=False,
        task_routes={"notifications.follow_up_action_reminder": {"queue": queue}},
    )
    app._pool = None
    app.amqp._producer_pool = None
    try:
        yield app
    finally:
        app.conf.update(saved)
        app._pool = None
        app.amqp._producer_pool = None


@pytest.mark.redis
def test_the_daily_scan_queues_one_reminder_per_action_on_a_real_broker(db, redis_url):
    owner = UserFactory(email="owner@example.org")
    action = FollowUpActionFactory(owner=owner, due_date=DUE)
    queue = f"notifications-test-{uuid.uuid4().hex}"

    with notices_queued_on(redis_url, queue) as app, time_machine.travel(datetime.date(2021, 4, 1)):
        queued = follow_up_reminders_scan()
        with app.connection_for_read() as connection:
            inbox = connection.SimpleQueue(queue)
            try:
                message = inbox.get(timeout=5)
                message.ack()
                task_name, (args, kwargs, _embed) = message.headers["task"], message.payload
            finally:
                inbox.queue.delete()
                inbox.close()
    # the worker's run; the email it queues on commit goes out (eagerly, here) once the reminder commits
    with TestCase.captureOnCommitCallbacks(execute=True):
        app.tasks[task_name].apply(args=args, kwargs=kwargs)

    assert queued == 1
    assert (task_name, kwargs) == (
        "notifications.follow_up_action_reminder",
        {"action_id": action.pk, "day": "2021-04-01"},
    )
    assert [message.to for message in mail.outbox] == [["owner@example.org"]]


def test_an_owner_is_told_a_week_ahead_that_an_action_falls_due_once(db):
    owner = UserFactory(username="amina", email="amina@example.org")
    action = FollowUpActionFactory(owner=owner, due_date=datetime.date(2021, 4, 8), description="Train the offices")
    FollowUpActionFactory(owner=owner, due_date=datetime.date(2021, 4, 9))  # eight days ahead: not yet

    with time_machine.travel(datetime.date(2021, 4, 1)):
        first = scan()
    with time_machine.travel(datetime.date(2021, 4, 2)):
        second = scan()

    assert (first, second) == (1, 2)  # each run looks at what falls due; nobody is told twice
    assert list(Notification.objects.order_by("pk").values_list("kind", "action", "due_date")) == [
        ("action_due_soon", action.pk, datetime.date(2021, 4, 8)),
        ("action_due_soon", action.pk + 1, datetime.date(2021, 4, 9)),
    ]
    assert [message.subject for message in mail.outbox] == [
        "Follow-up action due on 8 April 2021 (SOCPRO)",
        "Follow-up action due on 9 April 2021 (SOCPRO)",
    ]


@time_machine.travel(datetime.date(2021, 4, 1))
def test_an_owner_who_turned_follow_up_emails_off_is_told_in_the_site_only(db):
    owner = UserFactory(email="owner@example.org")
    notification_preference_set(user=owner, email_reviews=True, email_submissions=True, email_follow_up=False)
    FollowUpActionFactory(owner=owner, due_date=DUE)

    scan()

    assert mail.outbox == []
    assert Notification.objects.filter(recipient=owner, kind="action_overdue").count() == 1
