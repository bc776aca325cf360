"""Reads on a replica (rbm/replica.py, rbm/routers.py), with the replica alias as the primary's test mirror.

The mirror is a second connection to the test database, so what goes through it is told apart from what goes
through the primary's connection; tests/rbm/test_replica_streaming.py does the same with a real replica.
"""

import logging
import runpy
import socket
from contextlib import contextmanager

import pytest
from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.test.utils import CaptureQueriesContext

from evaluations.models import FollowUpAction
from evaluations.selectors import follow_up_action_list, follow_up_summary
from rbm.replica import PIN_COOKIE, REPLICA, primary_read, read_alias, replica_outage_forget, replica_reads
from tests.evaluations.factories import FollowUpActionFactory

both_databases = pytest.mark.django_db(
    transaction=True, serialized_rollback=True, databases=[DEFAULT_DB_ALIAS, REPLICA]
)


@pytest.fixture
def replica_on(settings):
    settings.RBM_READ_REPLICA = True
    replica_outage_forget()
    yield
    replica_outage_forget()


@contextmanager
def queries_by_database():
    with (
        CaptureQueriesContext(connections[DEFAULT_DB_ALIAS]) as primary,
        CaptureQueriesContext(connections[REPLICA]) as replica,
    ):
        yield primary, replica


@contextmanager
def replica_unreachable():
    """Point the replica alias at a closed port (PostgreSQL) or a file that cannot be opened (SQLite)."""
    connection = connections[REPLICA]
    saved = connection.settings_dict
    connection.close()
    if connection.vendor == "postgresql":
        with socket.socket() as probe:  # a port just freed: nothing listens there
            probe.bind(("127.0.0.1", 0))
            port = probe.getsockname()[1]
        changes = {"HOST": "127.0.0.1", "PORT": str(port)}
    else:
        changes = {"NAME": "/nonexistent-directory/replica.sqlite3"}
    connection.settings_dict = {**saved, **changes}
    try:
        yield
    finally:
        connection.close()
        connection.settings_dict = saved


@both_databases
def test_a_read_only_selector_reads_on_the_replica(replica_on):
    FollowUpActionFactory.create_batch(2)

    with queries_by_database() as (primary, replica):
        actions = list(follow_up_action_list(user=AnonymousUser(), filters={}))

    assert (len(actions), len(primary), len(replica)) == (2, 0, 1)


@both_databases
def test_a_queryset_a_marked_selector_returns_is_bound_to_the_replica(replica_on):
    actions = follow_up_action_list(user=AnonymousUser(), filters={})

    assert actions.db == REPLICA


@both_databases
def test_without_a_replica_url_every_read_is_the_primarys(settings):
    settings.RBM_READ_REPLICA = False
    FollowUpActionFactory()

    with queries_by_database() as (primary, replica):
        actions = list(follow_up_action_list(user=AnonymousUser(), filters={}))

    assert (len(actions), len(primary), len(replica)) == (1, 1, 0)


@both_databases
def test_reads_inside_a_transaction_stay_on_the_primary(replica_on):
    FollowUpActionFactory()

    with queries_by_database() as (primary, replica), transaction.atomic():
        actions = list(follow_up_action_list(user=AnonymousUser(), filters={}))
        locked = list(FollowUpAction.objects.select_for_update().filter(pk=actions[0].pk))

    reads = [query for query in primary if "evaluations_followupaction" in query["sql"]]
    assert (len(locked), len(reads), len(replica)) == (1, 2, 0)


@both_databases
def test_unmarked_reads_and_primary_read_blocks_stay_on_the_primary(replica_on):
    with replica_reads():
        assert read_alias() == REPLICA
        with primary_read():
            assert read_alias() == DEFAULT_DB_ALIAS
    assert read_alias() == DEFAULT_DB_ALIAS


@both_databases
def test_an_object_read_from_the_replica_is_saved_on_the_primary(replica_on):
    FollowUpActionFactory(description="Publish a guide")
    action = follow_up_action_list(user=AnonymousUser(), filters={}).get()
    read_from = action._state.db
    action.description = "Publish a guide to monitoring floors"

    with queries_by_database() as (primary, replica):
        action.save(update_fields=["description"])

    assert (read_from, len(replica)) == (REPLICA, 0)
    assert [query["sql"].split()[0] for query in primary] == ["UPDATE", "INSERT"]  # the change and its history
    assert FollowUpAction.objects.using(DEFAULT_DB_ALIAS).get().description == "Publish a guide to monitoring floors"


@both_databases
def test_a_page_of_marked_selectors_reads_on_the_replica(replica_on, client):
    FollowUpActionFactory()

    with queries_by_database() as (primary, replica):
        response = client.get("/evaluations/follow-up/")

    assert response.status_code == 200
    assert PIN_COOKIE not in response.cookies
    # The tracker's page of actions and their count, and its summary's four aggregates: on the replica.
    assert len(replica) == 6
    assert all("evaluations_followupaction" not in query["sql"] for query in primary)


@both_databases
def test_a_request_that_writes_pins_the_browser_to_the_primary_for_a_while(replica_on, client, settings):
    settings.RBM_REPLICA_PIN_SECONDS = 7
    FollowUpActionFactory()

    response = client.post("/evaluations/follow-up/")
    with queries_by_database() as (primary, replica):
        pinned = client.get("/evaluations/follow-up/")

    cookie = response.cookies[PIN_COOKIE]
    assert (cookie.value, cookie["max-age"], cookie["httponly"]) == ("1", 7, True)
    assert (pinned.status_code, len(replica)) == (200, 0)
    assert any("evaluations_followupaction" in query["sql"] for query in primary)


@both_databases
def test_the_pinned_browser_reads_the_replica_again_once_its_cookie_is_gone(replica_on, client):
    FollowUpActionFactory()
    client.post("/evaluations/follow-up/")
    client.cookies.pop(PIN_COOKIE)

    with queries_by_database() as (_, replica):
        client.get("/evaluations/follow-up/")

    assert len(replica) == 6


@both_databases
def test_with_the_replica_down_reads_go_to_the_primary_and_a_warning_is_logged(replica_on, caplog):
    FollowUpActionFactory.create_batch(3)

    with replica_unreachable(), caplog.at_level(logging.WARNING, logger="rbm.replica"):
        with CaptureQueriesContext(connections[DEFAULT_DB_ALIAS]) as primary:
            actions = list(follow_up_action_list(user=AnonymousUser(), filters={}))
            summary = follow_up_summary(user=AnonymousUser(), filters={})
        never_connected = connections[REPLICA].connection is None
        warnings = [record.getMessage() for record in caplog.records]

    assert (len(actions), summary.totals.open, never_connected) == (3, 3, True)
    # The list, then the summary's four aggregates, all on the primary.
    assert len([query for query in primary if "evaluations_followupaction" in query["sql"]]) == 5
    # Once: the replica is not asked again until RBM_REPLICA_RETRY_AFTER has passed.
    assert len(warnings) == 1
    assert warnings[0].startswith("Read replica unreachable (")
    assert warnings[0].endswith("): reads go to the primary; trying the replica again in 30.0 s.")


@both_databases
def test_a_page_keeps_working_with_the_replica_down(replica_on, client):
    FollowUpActionFactory(description="Publish a guide to monitoring")

    with replica_unreachable():
        response = client.get("/evaluations/follow-up/")

    assert response.status_code == 200
    assert "Publish a guide to monitoring" in response.content.decode()


@both_databases
def test_the_replica_is_asked_again_once_it_answers(replica_on, settings):
    settings.RBM_REPLICA_RETRY_AFTER = 0
    with replica_unreachable(), replica_reads():
        assert read_alias() == DEFAULT_DB_ALIAS

    with replica_reads():
        assert read_alias() == REPLICA


def test_a_replica_url_makes_the_replica_alias_with_a_short_connect_timeout_mirrored_in_tests(monkeypatch):
    monkeypatch.setenv("DATABASE_URL", "postgres://rbm@primary:5432/rbm")
    monkeypatch.setenv("DATABASE_REPLICA_URL", "postgres://rbm@standby:5433/rbm")

    values = runpy.run_path(str(settings.BASE_DIR / "rbm" / "settings.py"))

    replica = values["DATABASES"]["replica"]
    assert (values["RBM_READ_REPLICA"], replica["HOST"], replica["PORT"], replica["TEST"]) == (
        True,
        "standby",
        5433,
        {"MIRROR": "default"},
    )
    assert (replica["OPTIONS"]["connect_timeout"], replica["CONN_HEALTH_CHECKS"]) == (2, True)


def test_without_a_replica_url_the_replica_alias_is_the_primary_and_unused(monkeypatch):
    monkeypatch.setenv("DATABASE_URL", "postgres://rbm@primary:5432/rbm")
    monkeypatch.delenv("DATABASE_REPLICA_URL", raising=False)

    values = runpy.run_path(str(settings.BASE_DIR / "rbm" / "settings.py"))

    replica = values["DATABASES"]["replica"]
    assert (values["RBM_READ_REPLICA"], replica["HOST"], replica["TEST"]) == (False, "primary", {"MIRROR": "default"})
