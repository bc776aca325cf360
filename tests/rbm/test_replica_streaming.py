"""Reads on a real replica: `scripts/replica.sh` starts a streaming replica of the local PostgreSQL server, and the
replica alias is pointed at it, on the test database (streaming replication copies the whole cluster, so the test
database created on the primary is there too). Reads of marked selectors go there, writes do not, and the site
keeps working once it is stopped.

PostgreSQL only. The replica cannot be started (no pg_basebackup, a primary refusing replication): skipped, or
failed under REQUIRE_SERVICES=1.
"""

import logging
import os
import subprocess
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections
from django.test.utils import CaptureQueriesContext

from evaluations.models import FollowUpAction
from evaluations.selectors import follow_up_action_list
from outcomes.models import Biennium
from rbm.replica import REPLICA, replica_outage_forget
from reports.selectors import report_content
from tests.conftest import services_required
from tests.evaluations.factories import FollowUpActionFactory

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True, serialized_rollback=True, databases=[DEFAULT_DB_ALIAS, REPLICA]),
]

SCRIPT = Path(settings.BASE_DIR) / "scripts" / "replica.sh"
PORT = os.environ.get("TEST_REPLICA_PORT", "5433")
REPLAY_WITHIN = 10  # seconds


def replica_script(command: str) -> subprocess.CompletedProcess:
    return subprocess.run(  # noqa: S603 - our own script, fixed arguments
        ["bash", str(SCRIPT), command],  # noqa: S607
        env={**os.environ, "RBM_REPLICA_PORT": PORT},
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


@pytest.fixture(scope="module")
def streaming_replica():
    """A replica of the local server on PORT for this module's tests; stopped (and its copy deleted) after them."""
    started = replica_script("start")
    if started.returncode != 0:
        message = f"scripts/replica.sh start failed: {started.stdout}{started.stderr}"
        if services_required():
            pytest.fail(message + " (REQUIRE_SERVICES=1)")
        pytest.skip(message)
    yield
    replica_script("stop")


@pytest.fixture
def replica(streaming_replica, settings):
    """The replica alias on the streaming replica's copy of the test database, reads of marked selectors on it."""
    settings.RBM_READ_REPLICA = True
    replica_outage_forget()
    connection = connections[REPLICA]
    saved = connection.settings_dict
    connection.close()
    primary = connections[DEFAULT_DB_ALIAS].settings_dict
    connection.settings_dict = {**saved, "NAME": primary["NAME"], "HOST": "127.0.0.1", "PORT": PORT}
    yield connection
    connection.close()
    connection.settings_dict = saved
    replica_outage_forget()


def replayed() -> float:
    """Wait until the replica has replayed everything the primary has written; the seconds it took."""
    with connections[DEFAULT_DB_ALIAS].cursor() as cursor:
        cursor.execute("SELECT pg_current_wal_lsn()")
        (written,) = cursor.fetchone()
    began = time.monotonic()
    while time.monotonic() - began < REPLAY_WITHIN:
        with connections[REPLICA].cursor() as cursor:
            cursor.execute("SELECT pg_last_wal_replay_lsn() >= %s::pg_lsn", [written])
            if cursor.fetchone()[0]:
                return time.monotonic() - began
        time.sleep(0.01)
    pytest.fail(f"The replica did not replay the primary's writes within {REPLAY_WITHIN} s")


def test_the_replica_alias_reads_a_server_in_recovery_holding_the_test_database(replica):
    with replica.cursor() as cursor:
        cursor.execute("SELECT pg_is_in_recovery(), current_database(), inet_server_port()")
        on_replica = cursor.fetchone()
    with connections[DEFAULT_DB_ALIAS].cursor() as cursor:
        cursor.execute("SELECT pg_is_in_recovery()")
        on_primary = cursor.fetchone()

    assert on_replica == (True, connections[DEFAULT_DB_ALIAS].settings_dict["NAME"], int(PORT))
    assert on_primary == (False,)


def test_reads_of_a_marked_selector_go_to_the_replica_and_writes_to_the_primary(replica):
    # given two actions written on the primary and replayed on the replica
    FollowUpActionFactory.create_batch(2, description="Publish a guide")
    replayed()

    # when a marked selector reads them, and one of them is changed
    with CaptureQueriesContext(connections[DEFAULT_DB_ALIAS]) as primary, CaptureQueriesContext(replica) as read:
        actions = list(follow_up_action_list(user=AnonymousUser(), filters={}))
    with CaptureQueriesContext(connections[DEFAULT_DB_ALIAS]) as written, CaptureQueriesContext(replica) as wrote:
        actions[0].description = "Publish a guide to monitoring floors"
        actions[0].save(update_fields=["description"])

    # then the read was the replica's alone, the write the primary's alone, and the replica replays the write
    assert (len(actions), len(read), len(primary)) == (2, 1, 0)
    assert ([query["sql"].split()[0] for query in written], len(wrote)) == (["UPDATE", "INSERT"], 0)
    replayed()
    assert FollowUpAction.objects.using(REPLICA).get(pk=actions[0].pk).description == (
        "Publish a guide to monitoring floors"
    )


def test_the_report_content_is_read_in_one_snapshot_on_the_replica(replica):
    replayed()  # the reference data, loaded again on the primary for this test
    biennium = Biennium.objects.get(start_year=2014)

    with CaptureQueriesContext(connections[DEFAULT_DB_ALIAS]) as primary, CaptureQueriesContext(replica) as read:
        content = report_content(biennium=biennium)

    statements = [query["sql"] for query in read]
    assert (content.data["biennium"], len(primary)) == ("2014-15", 0)
    assert statements[:2] == ["BEGIN", "SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY"]
    assert ({sql.split()[0] for sql in statements[2:-1]}, statements[-1]) == ({"SELECT"}, "COMMIT")


def test_the_replica_refuses_writes(replica):
    action = FollowUpActionFactory()
    replayed()

    with pytest.raises(DatabaseError, match="cannot execute UPDATE in a read-only transaction"):
        FollowUpAction.objects.using(REPLICA).filter(pk=action.pk).update(description="Changed on the replica")


def test_the_site_keeps_working_when_the_replica_stops(replica, client, caplog):
    # given a page of marked selectors read on the replica
    FollowUpActionFactory(description="Publish a guide to monitoring")
    replayed()
    with CaptureQueriesContext(replica) as read:
        before = client.get("/evaluations/follow-up/")
    read_on_replica = len(read)  # now: the capture reads the connection's log, which a failed reconnection clears

    # when the replica stops
    stopped = replica_script("stop")
    with caplog.at_level(logging.WARNING, logger="rbm.replica"):
        after = client.get("/evaluations/follow-up/")

    # then the page is read on the primary, and the fallback logged
    assert (before.status_code, read_on_replica, stopped.returncode) == (200, 6, 0)
    assert after.status_code == 200
    assert "Publish a guide to monitoring" in after.content.decode()
    assert [record.getMessage().split(" (")[0] for record in caplog.records] == ["Read replica unreachable"]
