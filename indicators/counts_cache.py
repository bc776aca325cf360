"""A cache of derived counts (and of what is read beside them: the dashboard's figures and its rendering, the
first page of a results query), dropped whenever anything they are derived from changes.

Counts are read far more often than results change, and REST clients poll them. Entries are keyed by
a data version; every service that changes what the counts derive from (a result's workflow, the Excel
bulk commit, the import of a published table, synthetic data, an edit in the admin, a restored backup, a
CPO's code or title, and for the dashboard's follow-up any write of an evaluation, a recommendation or a
follow-up action) calls
`counts_cache_invalidate`, which raises the version now and again when the transaction commits. No
signal does it: a write that bypasses the services must invalidate the cache itself. Reference data
(places, regions, outcomes, biennia) changes only by migration or the admin; entries then live at most
`SHARED_TIMEOUT` (`LOCAL_TIMEOUT` in a process-local cache).
Several processes share the invalidation only through a shared cache: set CACHE_URL to Redis in
production (docker-compose.yml does).
"""

import hashlib
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.utils.translation import get_language

VERSION_KEY = "rbm:counts:version"
SHARED_TIMEOUT = 60 * 60
# A process-local cache cannot hear another process's invalidation, so its entries live briefly: a
# multi-process server without a shared cache serves figures at most this many seconds old.
LOCAL_TIMEOUT = 10


def counts_cache_version() -> int:
    version = cache.get(VERSION_KEY)
    if version is None:
        cache.add(VERSION_KEY, 1, timeout=None)
        version = cache.get(VERSION_KEY, 1)
    return version


def _bump() -> None:
    try:
        cache.incr(VERSION_KEY)
    except ValueError:
        cache.set(VERSION_KEY, 2, timeout=None)


def counts_cache_invalidate() -> None:
    """Drop every cached count now, and again when the current transaction commits.

    The second drop covers a reader who, during the transaction, cached figures of the data before it.
    """
    _bump()
    transaction.on_commit(_bump)


def counts_cache_key(*parts: object) -> str:
    digest = hashlib.sha256(repr(parts).encode()).hexdigest()[:32]
    return f"rbm:counts:{counts_cache_version()}:{get_language()}:{digest}"


def counts_cache_get(key: str) -> Any:
    return cache.get(key)


def counts_cache_timeout() -> int:
    """How long an entry lives (seconds): what is cached beside the counts under their key lives as long."""
    backend = settings.CACHES["default"]["BACKEND"]
    return LOCAL_TIMEOUT if backend.endswith("LocMemCache") else SHARED_TIMEOUT


def counts_cache_set(key: str, value: Any) -> None:
    cache.set(key, value, timeout=counts_cache_timeout())
