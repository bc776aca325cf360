"""What moves to the replica, and how far behind it runs (README, "Past one machine").

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/rbm \
    DATABASE_REPLICA_URL=postgres://postgres@127.0.0.1:5433/rbm .venv/bin/python scripts/replica_measure.py

On a database with the demo data (`manage.py load_demo`) and a replica running (`scripts/replica.sh start`):
requests the pages officers use every day as the demo administrator, each with the cache empty (cold) and again
(warm), and counts the queries each sends to the primary and to the replica; then writes a row many times and
measures how long the replica takes to replay each write.
"""

import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "rbm.settings")

import django

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth import get_user_model  # noqa: E402
from django.core.cache import cache  # noqa: E402
from django.db import DEFAULT_DB_ALIAS, connections  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

PAGES = [
    "/",
    "/dashboard/",
    "/dashboard/results/",
    "/results/mine/",
    "/results/queue/",
    "/evaluations/follow-up/",
    "/evaluations/follow-up/?format=csv",
    "/countries/",
    "/countries/ghana/",
    "/api/v1/counts/?biennium=2014-15",
    "/api/v1/follow-up/summary/",
]
WRITES = 200


def page_queries(client: Client, url: str) -> tuple[int, int, int]:
    with (
        CaptureQueriesContext(connections[DEFAULT_DB_ALIAS]) as primary,
        CaptureQueriesContext(connections["replica"]) as replica,
    ):
        status = client.get(url, follow=True).status_code
    return status, len(primary), len(replica)


def replay_lag() -> list[float]:
    """Seconds from each committed write on the primary to its replay on the replica."""
    lags = []
    with connections[DEFAULT_DB_ALIAS].cursor() as primary, connections["replica"].cursor() as replica:
        primary.execute("CREATE TABLE IF NOT EXISTS rbm_replica_lag_probe (id int PRIMARY KEY, at timestamptz)")
        primary.execute("INSERT INTO rbm_replica_lag_probe VALUES (1, now()) ON CONFLICT (id) DO NOTHING")
        for _ in range(WRITES):
            primary.execute("UPDATE rbm_replica_lag_probe SET at = clock_timestamp() WHERE id = 1")
            primary.execute("SELECT pg_current_wal_lsn()")
            (written,) = primary.fetchone()
            began = time.perf_counter()
            while True:
                replica.execute("SELECT pg_last_wal_replay_lsn() >= %s::pg_lsn", [written])
                if replica.fetchone()[0]:
                    break
            lags.append(time.perf_counter() - began)
        primary.execute("DROP TABLE rbm_replica_lag_probe")
    return lags


def main() -> None:
    if not settings.RBM_READ_REPLICA:
        sys.exit("Set DATABASE_REPLICA_URL (scripts/replica.sh start prints it).")
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    client = Client()
    client.force_login(get_user_model().objects.get(username="admin"))
    totals = {"cold": [0, 0], "warm": [0, 0]}
    print(f"{'page':45} {'cold primary/replica':>22} {'warm primary/replica':>22}")
    for url in PAGES:
        cache.clear()
        cold = page_queries(client, url)
        warm = page_queries(client, url)
        for name, (_, primary, replica) in (("cold", cold), ("warm", warm)):
            totals[name][0] += primary
            totals[name][1] += replica
        print(f"{url:45} {cold[1]:>10} / {cold[2]:<10} {warm[1]:>10} / {warm[2]:<10} (HTTP {cold[0]})")
    for name, (primary, replica) in totals.items():
        share = replica / (primary + replica) if primary + replica else 0.0
        print(f"{name}: {primary} queries on the primary, {replica} on the replica: {share:.0%} of reads moved")
    lags = sorted(replay_lag())
    print(
        f"replay lag over {WRITES} writes: median {statistics.median(lags) * 1000:.2f} ms, "
        f"p99 {lags[int(len(lags) * 0.99) - 1] * 1000:.2f} ms, max {lags[-1] * 1000:.2f} ms"
    )


if __name__ == "__main__":
    main()
