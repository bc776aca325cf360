import contextlib
import datetime
import uuid

import pytest
import time_machine
from django.conf import settings
from django.core import mail

from evaluations.models import FollowUpAction
from evaluations.selectors import follow_up_action_overdue_list
from evaluations.services import follow_up_action_update
from evaluations.tasks import follow_up_overdue_scan
from tests.evaluations.factories import FollowUpActionFactory, RecommendationFactory
from tests.factories import UserFactory, user_with_role

DUE = datetime.date(2021, 3, 31)


def test_the_daily_job_is_scheduled_every_morning():
    entry = settings.CELERY_BEAT_SCHEDULE["evaluations-follow-up-overdue"]

    assert entry["task"] == "evaluations.follow_up_overdue_scan"
    assert (entry["schedule"].hour, entry["schedule"].minute) == ({6}, {0})


@time_machine.travel(datetime.datetime(2021, 4, 1, 6, 0, tzinfo=datetime.UTC))
def test_the_overdue_job_emails_the_owner_of_an_action_that_became_overdue(db):
    owner = UserFactory(username="amina", email="amina@example.org")
    action = FollowUpActionFactory(
        owner=owner,
        due_date=DUE,
        description="Publish the guide on extending coverage",
        recommendation=RecommendationFactory(number=4, evaluation__title="Evaluation of social security"),
    )
    FollowUpActionFactory(due_date=datetime.date(2021, 4, 1), owner=owner)  # due today: not overdue yet

    sent = follow_up_overdue_scan()

    assert sent == 1
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["amina@example.org"]
    assert message.subject == "Overdue follow-up action (SOCPRO, 1 day late)"
    assert "This follow-up action was due on 31 March 2021: it is 1 day overdue." in message.body
    assert "Recommendation 4:" in message.body
    assert f"http://127.0.0.1:8000/evaluations/actions/{action.pk}/" in message.body
    action.refresh_from_db()
    assert action.overdue_notice_for == DUE


def test_the_overdue_notice_is_sent_once_per_action_and_due_date(db):
    owner = UserFactory(email="owner@example.org")
    officer = user_with_role("officer")
    action = FollowUpActionFactory(owner=owner, due_date=DUE)

    with time_machine.travel(datetime.date(2021, 4, 1)):
        first = follow_up_overdue_scan()
    with time_machine.travel(datetime.date(2021, 4, 2)):
        second = follow_up_overdue_scan()
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
        after_the_new_due_date = follow_up_overdue_scan()
        again = follow_up_overdue_scan()

    assert (first, second, after_the_new_due_date, again) == (1, 0, 1, 0)
    assert len(mail.outbox) == 2


@time_machine.travel(datetime.date(2021, 4, 1))
def test_without_an_owner_the_units_members_are_told(db):
    user_with_role("officer", unit="SOCPRO", username="ana")  # emails are username@example.org
    user_with_role("officer", unit="EVAL", username="ben")
    FollowUpActionFactory(unit="socpro", due_date=DUE)

    follow_up_overdue_scan()

    assert [message.to for message in mail.outbox] == [["ana@example.org"]]


@time_machine.travel(datetime.date(2021, 4, 1))
def test_an_action_nobody_can_be_told_about_stays_pending_for_the_next_run(db):
    action = FollowUpActionFactory(unit="NOBODY", due_date=DUE)

    follow_up_overdue_scan()

    assert mail.outbox == []
    assert follow_up_action_overdue_list(today=datetime.date(2021, 4, 1)) == [action.pk]


@time_machine.travel(datetime.date(2021, 4, 1))
def test_completed_and_cancelled_actions_are_never_overdue(db):
    owner = UserFactory(email="owner@example.org")
    FollowUpActionFactory(owner=owner, due_date=DUE, status="completed", completed_on=DUE)
    FollowUpActionFactory(owner=owner, due_date=DUE, status="cancelled", cancellation_reason="Superseded")
    FollowUpActionFactory(owner=owner, due_date=None)

    assert follow_up_overdue_scan() == 0
    assert mail.outbox == []


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
        task_routes={"evaluations.follow_up_action_overdue_notice": {"queue": queue}},
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
def test_the_daily_scan_queues_one_notice_per_overdue_action_on_a_real_broker(db, redis_url):
    owner = UserFactory(email="owner@example.org")
    action = FollowUpActionFactory(owner=owner, due_date=DUE)
    queue = f"evaluations-test-{uuid.uuid4().hex}"

    with notices_queued_on(redis_url, queue) as app, time_machine.travel(datetime.date(2021, 4, 1)):
        queued = follow_up_overdue_scan()
        with app.connection_for_read() as connection:
            inbox = connection.SimpleQueue(queue)
            try:
                message = inbox.get(timeout=5)
                message.ack()
                task_name, (args, kwargs, _embed) = message.headers["task"], message.payload
            finally:
                inbox.queue.delete()
                inbox.close()
        app.tasks[task_name].apply(args=args, kwargs=kwargs)

    assert queued == 1
    assert (task_name, kwargs) == (
        "evaluations.follow_up_action_overdue_notice",
        {"action_id": action.pk, "day": "2021-04-01"},
    )
    assert [message.to for message in mail.outbox] == [["owner@example.org"]]
